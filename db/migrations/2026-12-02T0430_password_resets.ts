import { sql, type Kysely } from "kysely";

// Issue 12 (ADR 57): password reset by email. Each request is a row, whoever it names (an unknown address too), so
// requests can be limited by internet address and by account. The one-time link's token is made only when the
// email is sent (the outbox row points at the request, never holds the link), and only its SHA-256 is stored: the
// outbox, the admin's outbox page and the database never hold a working link. A link lasts an hour and is used
// once; a newer link, or a reset, ends the older ones.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE password_resets (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id integer REFERENCES users (id) ON DELETE CASCADE,
    email text NOT NULL CHECK (length(email) <= 320),
    ip text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    token_hash text UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    expires_at timestamptz,
    used_at timestamptz
  )`.execute(db);
  await sql`CREATE INDEX password_resets_ip_idx ON password_resets (ip, requested_at)`.execute(db);
  await sql`CREATE INDEX password_resets_email_idx ON password_resets (email, requested_at)`.execute(db);
  await sql`CREATE INDEX password_resets_user_idx ON password_resets (user_id) WHERE used_at IS NULL`.execute(db);
  await sql`ALTER TABLE email_outbox ADD COLUMN password_reset_id bigint REFERENCES password_resets (id) ON DELETE CASCADE`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE email_outbox DROP COLUMN password_reset_id`.execute(db);
  await sql`DROP TABLE password_resets`.execute(db);
}
