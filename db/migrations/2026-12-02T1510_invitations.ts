import { sql, type Kysely } from "kysely";

// Issue 12 (ADR 59): staff invited by email. An invitation names an address, a role and where it applies (the
// membership rows it gives, resolved when it is made); its one-time link is made only as the email is sent, exactly
// as a password reset's is (ADR 57): the outbox row points at the invitation, never holds the link, and only the
// token's SHA-256 is stored. A link lasts seven days from its sending; a resend makes a new one and the older stops
// working. `closed_at` marks an invitation no longer open (accepted, revoked, or replaced after it expired): at most
// one open invitation for the same address, role and place. Failed attempts to accept are counted by internet
// address (invitation_accept_failures), so forged and stale links and wrong passwords are limited as resets are.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE invitations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email)),
    display_name text CHECK (length(display_name) BETWEEN 1 AND 120),
    role text NOT NULL CHECK (role IN ('senco', 'headteacher', 'inclusion_champion', 'stls', 'council_officer', 'admin')),
    school_id integer REFERENCES schools (id),
    district_id integer REFERENCES districts (id),
    memberships jsonb NOT NULL,
    invited_by integer NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    token_hash text UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    sent_at timestamptz,
    expires_at timestamptz,
    accepted_at timestamptz,
    accepted_user_id integer REFERENCES users (id),
    revoked_at timestamptz,
    revoked_by integer REFERENCES users (id),
    closed_at timestamptz,
    CHECK ((accepted_at IS NULL OR revoked_at IS NULL) AND (accepted_at IS NULL AND revoked_at IS NULL OR closed_at IS NOT NULL))
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX invitations_open_idx ON invitations (email, role, coalesce(school_id, 0), coalesce(district_id, 0)) WHERE closed_at IS NULL`.execute(db);
  await sql`CREATE INDEX invitations_school_idx ON invitations (school_id, id)`.execute(db);
  await sql`CREATE TABLE invitation_accept_failures (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ip text NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX invitation_accept_failures_ip_idx ON invitation_accept_failures (ip, attempted_at)`.execute(db);
  await sql`ALTER TABLE email_outbox ADD COLUMN invitation_id bigint REFERENCES invitations (id) ON DELETE CASCADE`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE email_outbox DROP COLUMN invitation_id`.execute(db);
  await sql`DROP TABLE invitation_accept_failures`.execute(db);
  await sql`DROP TABLE invitations`.execute(db);
}
