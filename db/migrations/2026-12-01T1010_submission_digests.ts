import { sql, type Kysely } from "kysely";

// Issue 7: a form sent against an old version of a funding request counts as the same submission (a double
// click, a resubmit after a slow reply) only when every field it carries matches what was recorded. Each
// timeline event keeps the SHA-256 of the canonical JSON of the fields that made it (with the version they were
// sent against), so a resend can be matched exactly. Events from before this migration have none: a resend of
// one of those is refused as a change, never taken as the same.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE funding_request_events ADD COLUMN submission_digest text CHECK (submission_digest ~ '^[0-9a-f]{64}$')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE funding_request_events DROP COLUMN submission_digest`.execute(db);
}
