import { sql, type Kysely } from "kysely";

// Issue 13, ADR 74: a watched table's change sequence moves when its writing transaction commits, not when the
// writing statement runs. Moved by the statement (2026-12-03T1010), a dashboard read between the statement and the
// commit made its views without the write, under the stamp that already counted it, and kept them until the next
// write: a long transaction (a GIAS import) could leave a dashboard behind its rows for hours. A deferred constraint
// trigger runs as the transaction commits; constraint triggers are row triggers, so a statement writing many rows
// moves the sequence once a row (a few microseconds each). TRUNCATE has no row triggers: it keeps a statement trigger.

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
  "training_events",
  "training_bookings",
  "training_evaluations",
  "training_courses",
  "training_programmes",
  "champion_visits",
  "champion_visit_focus_areas",
  "agreed_actions",
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of WATCHED) {
    await sql`DROP TRIGGER ${sql.raw(`${table}_insight_change`)} ON ${sql.table(table)}`.execute(db);
    await sql`CREATE CONSTRAINT TRIGGER ${sql.raw(`${table}_insight_change`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION insight_note_change()`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_insight_truncate`)} AFTER TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION insight_note_change()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of WATCHED) {
    await sql`DROP TRIGGER ${sql.raw(`${table}_insight_truncate`)} ON ${sql.table(table)}`.execute(db);
    await sql`DROP TRIGGER ${sql.raw(`${table}_insight_change`)} ON ${sql.table(table)}`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_insight_change`)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION insight_note_change()`.execute(db);
  }
}
