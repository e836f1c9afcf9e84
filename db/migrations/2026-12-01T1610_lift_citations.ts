import { sql, type Kysely } from "kysely";

// Issue 10, joined to funding (ADR 46): a funding request's evidence about LIFT (the checklist's "lift-advice" and
// "lift-recommendations" items) cites the pupil's LIFT outcomes and specialist teachers' visits with their notes.
// A citation is the pair of ids, nothing more: one row cites either an outcome or a visit. The cited records are
// other parts' rows, pointed at without a foreign key: whether a cited record still counts (it exists, it is the
// request's own pupil's at the request's school, a visit is done) is worked out when it is shown, so a record
// removed or corrected later shows as "Not found" rather than disappearing from the request or blocking the change.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE funding_request_lift_citations (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    funding_request_id integer NOT NULL REFERENCES funding_requests (id) ON DELETE CASCADE,
    lift_outcome_id integer CHECK (lift_outcome_id > 0),
    stls_visit_id integer CHECK (stls_visit_id > 0),
    CONSTRAINT funding_request_lift_citations_one CHECK ((lift_outcome_id IS NULL) <> (stls_visit_id IS NULL))
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX funding_request_lift_citations_outcome ON funding_request_lift_citations (funding_request_id, lift_outcome_id) WHERE lift_outcome_id IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX funding_request_lift_citations_visit ON funding_request_lift_citations (funding_request_id, stls_visit_id) WHERE stls_visit_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE funding_request_lift_citations`.execute(db);
}
