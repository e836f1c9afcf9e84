import { sql, type Kysely } from "kysely";

// Issue 9 (training), bespoke training and the funding evidence link:
// - a school asks for whole-school training (`training_bespoke_requests`): a topic, the broad area of need, the
//   dates it would like (a range, with a note), how many staff, what it wants to achieve. A case on the workflow
//   engine: submitted, then accepted (with the private event made for the school), declined (with the reason)
//   or withdrawn by the school; its own append-only timeline, like a funding review's. A one-off key counts a
//   resent "send" form once; the reference (TRN-2026-00001) comes from reference_counters like a request's.
// - a funding request's evidence about staff training cites the school's attendance records
//   (`funding_request_training_citations`): which booking, nothing more. Whether a cited record really counts
//   (attended, this school, within two years) is worked out when it is shown, not stored.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE training_bespoke_requests (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference text NOT NULL UNIQUE CHECK (reference ~ '^[A-Z]{2,6}-[0-9]{4}-[0-9]{5,}$'),
    school_id integer NOT NULL REFERENCES schools (id),
    topic text NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
    need_area text NOT NULL REFERENCES need_areas (name),
    preferred_from date NOT NULL,
    preferred_to date NOT NULL,
    preferred_note text CHECK (length(preferred_note) BETWEEN 1 AND 1000),
    staff_count integer NOT NULL CHECK (staff_count BETWEEN 1 AND 500),
    outcomes text NOT NULL CHECK (length(outcomes) BETWEEN 1 AND 4000),
    status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'declined', 'withdrawn')),
    decision_reason text CHECK (length(decision_reason) BETWEEN 1 AND 2000),
    event_id integer UNIQUE REFERENCES training_events (id),
    decided_by integer REFERENCES users (id),
    decided_at timestamptz,
    created_by integer NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    idempotency_key text NOT NULL UNIQUE,
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT training_bespoke_dates CHECK (preferred_to >= preferred_from),
    CONSTRAINT training_bespoke_accepted CHECK ((status = 'accepted') = (event_id IS NOT NULL)),
    CONSTRAINT training_bespoke_declined CHECK (status <> 'declined' OR decision_reason IS NOT NULL)
  )`.execute(db);
  await sql`CREATE INDEX training_bespoke_requests_school_idx ON training_bespoke_requests (school_id, id)`.execute(db);
  await sql`CREATE INDEX training_bespoke_requests_status_idx ON training_bespoke_requests (status, id)`.execute(db);
  await sql`CREATE TABLE training_bespoke_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    training_bespoke_request_id integer NOT NULL REFERENCES training_bespoke_requests (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer NOT NULL REFERENCES users (id),
    actor_role text NOT NULL,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    comment text CHECK (length(comment) <= 2000),
    submission_digest text CHECK (submission_digest ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`CREATE INDEX training_bespoke_events_request_idx ON training_bespoke_events (training_bespoke_request_id, id)`.execute(db);
  await sql`CREATE TRIGGER training_bespoke_events_no_change BEFORE UPDATE OR DELETE ON training_bespoke_events
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);

  await sql`CREATE TABLE funding_request_training_citations (
    funding_request_id integer NOT NULL REFERENCES funding_requests (id) ON DELETE CASCADE,
    training_booking_id integer NOT NULL REFERENCES training_bookings (id),
    PRIMARY KEY (funding_request_id, training_booking_id)
  )`.execute(db);
  await sql`CREATE INDEX funding_request_training_citations_booking_idx ON funding_request_training_citations (training_booking_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE funding_request_training_citations`.execute(db);
  await sql`DROP TABLE training_bespoke_events`.execute(db);
  await sql`DROP TABLE training_bespoke_requests`.execute(db);
}
