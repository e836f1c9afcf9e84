import { sql, type Kysely } from "kysely";

// Issue 12 (ADR 58): two-factor sign-in with an authenticator app (TOTP).
// - totp_credentials: one per person; the shared key (20 random bytes, which the server must be able to read to check
//   a code), when set-up was confirmed with a first code (until then it is a set-up in progress and sign-in does not
//   ask for a code), and the last time step a code was accepted for, so no code is accepted twice.
// - recovery_codes: ten per set-up, only their SHA-256 kept; each used once.
// - sign_in_challenges: the step between a correct password and a code. Not a session: its own table, its own cookie,
//   only the token's SHA-256 stored, five minutes long, used once.
// - two_factor_attempts: code checks, for limits like the password's (sign_in_attempts), by account and address.
// - users.demo_account: the demo seed's accounts, which sign in with their password alone even where two-factor is
//   required (QUALITY.md: anyone can try every role under `npm start`); a real deployment never runs the demo seed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE totp_credentials (
    user_id integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret bytea NOT NULL CHECK (length(secret) = 20),
    created_at timestamptz NOT NULL DEFAULT now(),
    confirmed_at timestamptz,
    last_used_step integer
  )`.execute(db);
  await sql`CREATE TABLE recovery_codes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    used_at timestamptz
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX recovery_codes_user_code_key ON recovery_codes (user_id, code_hash)`.execute(db);
  await sql`CREATE TABLE sign_in_challenges (
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    redirect_to text CHECK (length(redirect_to) <= 2000),
    user_agent text CHECK (length(user_agent) <= 512)
  )`.execute(db);
  await sql`CREATE INDEX sign_in_challenges_user_idx ON sign_in_challenges (user_id)`.execute(db);
  await sql`CREATE INDEX sign_in_challenges_expires_idx ON sign_in_challenges (expires_at)`.execute(db);
  await sql`CREATE TABLE two_factor_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ip text NOT NULL,
    succeeded boolean NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX two_factor_attempts_user_idx ON two_factor_attempts (user_id, attempted_at)`.execute(db);
  await sql`CREATE INDEX two_factor_attempts_ip_idx ON two_factor_attempts (ip, attempted_at)`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN demo_account boolean NOT NULL DEFAULT false`.execute(db);
  // A database the demo seed filled before this migration: its accounts (all at .example addresses) are the demo's.
  await sql`UPDATE users SET demo_account = true
    WHERE email LIKE '%.example' AND EXISTS (SELECT 1 FROM audit_events WHERE action = 'seed.demo')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN demo_account`.execute(db);
  await sql`DROP TABLE two_factor_attempts`.execute(db);
  await sql`DROP TABLE sign_in_challenges`.execute(db);
  await sql`DROP TABLE recovery_codes`.execute(db);
  await sql`DROP TABLE totp_credentials`.execute(db);
}
