import { sql, type Kysely } from "kysely";

// The council's queue in the order of any column its table holds, at Kent's size (issue 8, ADR 34). The queue's
// page is read one status at a time (app/domain/funding/casework/queue-page.server.ts): each status's first rows
// in order come from an index on (status, column), and only those are sorted together. The due date and the
// waiting time have theirs ((status, due_on, id), (status, submitted_at, id)); these are the reference's, the
// amount's, and the status order's (a status's requests in id order). Only requests sent to the council
// (submitted_at set) are in them: the queue reads nothing else, and a school's own list sorts by its last change.
// The sort by school walks the schools in name order: an index on schools (name, id).
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX funding_requests_queue_reference_idx ON funding_requests (status, reference) WHERE submitted_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX funding_requests_queue_requested_idx ON funding_requests (status, amount_requested_pence, id) WHERE submitted_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX funding_requests_queue_status_idx ON funding_requests (status, id) WHERE submitted_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX schools_name_idx ON schools (name, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX schools_name_idx`.execute(db);
  await sql`DROP INDEX funding_requests_queue_status_idx`.execute(db);
  await sql`DROP INDEX funding_requests_queue_requested_idx`.execute(db);
  await sql`DROP INDEX funding_requests_queue_reference_idx`.execute(db);
}
