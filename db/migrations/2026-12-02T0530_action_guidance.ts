import { sql, type Kysely } from "kysely";

// Issue 11: an agreed action of a champion's visit can point the school to a guidance article ("read the library's
// article on provision mapping before the next visit"). One article an action, from the library's published ones
// when it is chosen; an article archived later stays named on the action, and its link shows only while it is
// published (readers never reach an archived article).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE agreed_actions ADD COLUMN guidance_article_id integer REFERENCES guidance_articles (id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE agreed_actions DROP COLUMN guidance_article_id`.execute(db);
}
