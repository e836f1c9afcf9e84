import { sql, type Kysely } from "kysely";

// Issue 11, ADR 64: the library's version, a number every write to an article or its tags moves on (statement-level
// triggers), read by the search before it ranks anything. Each portal instance keeps the searches it has ranked keyed
// by this version, so a write on any instance makes every instance's kept searches stale at once.

const TABLES = ["guidance_articles", "guidance_article_need_types", "guidance_article_topics"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE guidance_search.library_version (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL
  )`.execute(db);
  await sql`INSERT INTO guidance_search.library_version (version) VALUES (1)`.execute(db);
  await sql`CREATE FUNCTION guidance_search.move_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE guidance_search.library_version SET version = version + 1;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of TABLES) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_move_library_version`)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION guidance_search.move_version()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await sql`DROP TRIGGER ${sql.raw(`${table}_move_library_version`)} ON ${sql.table(table)}`.execute(db);
  await sql`DROP FUNCTION guidance_search.move_version()`.execute(db);
  await sql`DROP TABLE guidance_search.library_version`.execute(db);
}
