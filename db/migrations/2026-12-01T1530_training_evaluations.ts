import { sql, type Kysely } from "kysely";

// Issue 9 (training), attendance's part: after an event, each person marked as attended is asked for a short
// evaluation through a personal link (they need no account). The link's token is random (160 bits, like a
// session's); only its SHA-256 is stored, with when it stops working. One link and at most one evaluation per
// booking: the unique keys make a resent evaluation or a second invitation impossible, whatever the race.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE training_evaluation_links (
    booking_id integer PRIMARY KEY REFERENCES training_bookings (id),
    token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    CONSTRAINT training_evaluation_links_expiry CHECK (expires_at > created_at)
  )`.execute(db);
  await sql`CREATE TABLE training_evaluations (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id integer NOT NULL UNIQUE REFERENCES training_bookings (id),
    event_id integer NOT NULL REFERENCES training_events (id),
    usefulness smallint NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
    will_change text CHECK (length(will_change) BETWEEN 1 AND 2000),
    comments text CHECK (length(comments) BETWEEN 1 AND 4000),
    submitted_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX training_evaluations_event_idx ON training_evaluations (event_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE training_evaluations`.execute(db);
  await sql`DROP TABLE training_evaluation_links`.execute(db);
}
