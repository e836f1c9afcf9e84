import { sql, type Kysely } from "kysely";

// Issue 13, ADR 71: the insight dashboards keep their protected views until the rows behind them change. Instead of
// counting each table on every request, each table a dashboard reads moves a sequence of its own on every statement
// that writes to it (a statement-level trigger). A sequence is not transactional and takes no row lock, so writers
// never wait on one another for it; a write rolled back still moves it, which costs only a needless recomputation.

const WATCHED = [
  "pupils",
  "schools",
  "funding_requests",
  "funding_schemes",
  "lift_referrals",
  "lift_outcomes",
  "stls_visits",
  "resource_provisions",
  "resource_provision_places",
  "srp_returns",
  "srp_return_windows",
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE FUNCTION insight_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM nextval(format('%I', 'insight_changes_' || TG_TABLE_NAME));
      RETURN NULL;
    END $$`.execute(db);
  for (const table of WATCHED) {
    await sql`CREATE SEQUENCE ${sql.raw(`insight_changes_${table}`)}`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_insight_change`)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION insight_note_change()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of WATCHED) {
    await sql`DROP TRIGGER ${sql.raw(`${table}_insight_change`)} ON ${sql.table(table)}`.execute(db);
    await sql`DROP SEQUENCE ${sql.raw(`insight_changes_${table}`)}`.execute(db);
  }
  await sql`DROP FUNCTION insight_note_change()`.execute(db);
}
