import { sql, type Kysely } from "kysely";

// Issue 13, ADRs 71 and 73: the training and Inclusion Champions dashboards keep their views until their rows
// change too. At Kent's size, counting a year's bookings and evaluations on every request cost 100-150 ms of the
// database's time (bench/README.md, "Council insight at Kent's size"); the same statement-level triggers as
// 2026-12-03T1010 move a sequence per table on every write.

const WATCHED = ["training_events", "training_bookings", "training_evaluations", "training_courses", "training_programmes", "champion_visits", "champion_visit_focus_areas", "agreed_actions"] as const;

export async function up(db: Kysely<any>): Promise<void> {
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
}
