import { sql, type Kysely } from "kysely";

// Issue 8 (decisions, letters, reviews):
// - a decision whose period goes outside the period requested says why (`period_reason`), kept with the decision;
// - each scheme says how many reviews a year its awards have (Kent's HNF: three), edited in the funding settings;
// - an award's review points, written with the decision (its due dates spread over the award period), each
//   recorded by the school once (progress, whether the provision continues, changes); a correction supersedes
//   the earlier decision's points not yet recorded. Each review is a case on the workflow engine: its timeline
//   (with the submission digest, ADR 16) is `funding_review_events`, append-only like the request's.
// - the admin's "resend" of a failed email is a plain change to the outbox row (attempts back to 0), audited.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE funding_decisions ADD COLUMN period_reason text CHECK (length(period_reason) BETWEEN 1 AND 2000)`.execute(db);
  await sql`ALTER TABLE funding_schemes ADD COLUMN reviews_per_year integer NOT NULL DEFAULT 3 CHECK (reviews_per_year BETWEEN 0 AND 12)`.execute(db);
  await sql`CREATE TABLE funding_reviews (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    funding_request_id integer NOT NULL REFERENCES funding_requests (id),
    decision_id integer NOT NULL REFERENCES funding_decisions (id),
    number integer NOT NULL CHECK (number BETWEEN 1 AND 36),
    due_on date NOT NULL,
    status text NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'recorded', 'superseded')),
    progress text CHECK (length(progress) BETWEEN 1 AND 4000),
    provision_continues boolean,
    changes text CHECK (length(changes) <= 4000),
    recorded_by integer REFERENCES users (id),
    recorded_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT funding_reviews_point UNIQUE (decision_id, number),
    CONSTRAINT funding_reviews_recorded CHECK (status <> 'recorded' OR (progress IS NOT NULL AND provision_continues IS NOT NULL AND recorded_by IS NOT NULL AND recorded_at IS NOT NULL))
  )`.execute(db);
  await sql`CREATE INDEX funding_reviews_due_idx ON funding_reviews (status, due_on)`.execute(db);
  await sql`CREATE INDEX funding_reviews_request_idx ON funding_reviews (funding_request_id)`.execute(db);
  await sql`CREATE TABLE funding_review_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    funding_review_id integer NOT NULL REFERENCES funding_reviews (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer NOT NULL REFERENCES users (id),
    actor_role text NOT NULL,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    comment text CHECK (length(comment) <= 2000),
    submission_digest text CHECK (submission_digest ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`CREATE INDEX funding_review_events_review_idx ON funding_review_events (funding_review_id, id)`.execute(db);
  await sql`CREATE TRIGGER funding_review_events_no_change BEFORE UPDATE OR DELETE ON funding_review_events
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE funding_review_events`.execute(db);
  await sql`DROP TABLE funding_reviews`.execute(db);
  await sql`ALTER TABLE funding_schemes DROP COLUMN reviews_per_year`.execute(db);
  await sql`ALTER TABLE funding_decisions DROP COLUMN period_reason`.execute(db);
}
