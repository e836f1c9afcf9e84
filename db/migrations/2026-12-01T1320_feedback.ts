import { sql, type Kysely } from "kysely";

// Feedback about the portal (ADR 26): what someone was trying to do and what went well or wrong, from the page
// they were on, sent signed in or not; read by the admin. Every text is bounded here as the form bounds it
// (app/domain/feedback/feedback.rules.ts), so no client can store more than the form allows.
//
// feedback_sends counts who sent feedback lately, for the limits that stop anyone filling the table: signed in,
// by account; signed out, by address and all together. Rows older than a day are deleted as new ones arrive, so
// addresses are kept no longer than the limits need them (as sign_in_attempts does for sign-in).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE feedback (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    idempotency_key text NOT NULL UNIQUE CHECK (length(idempotency_key) <= 64),
    user_id integer REFERENCES users (id) ON DELETE SET NULL,
    acting_role text CHECK (length(acting_role) <= 40),
    from_path text CHECK (length(from_path) <= 200),
    trying_to_do text NOT NULL DEFAULT '' CHECK (length(trying_to_do) <= 500),
    what_happened text NOT NULL CHECK (length(what_happened) BETWEEN 1 AND 1200),
    reply_email text CHECK (length(reply_email) <= 254)
  )`.execute(db);

  await sql`CREATE TABLE feedback_sends (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sent_at timestamptz NOT NULL DEFAULT now(),
    sender text NOT NULL CHECK (length(sender) <= 80),
    signed_in boolean NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX feedback_sends_sender_idx ON feedback_sends (sender, sent_at)`.execute(db);
  await sql`CREATE INDEX feedback_sends_sent_idx ON feedback_sends (sent_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE feedback_sends`.execute(db);
  await sql`DROP TABLE feedback`.execute(db);
}
