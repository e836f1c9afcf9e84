import { sql, type Kysely } from "kysely";

// Core tables for the portal's foundation: places (districts, schools), people (users, memberships),
// sign-in (sessions, sign-in attempts) and the append-only audit log.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE districts (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[a-z-]+$'),
    name text NOT NULL UNIQUE,
    area text NOT NULL CHECK (area IN ('North', 'South', 'East', 'West'))
  )`.execute(db);

  await sql`CREATE TABLE schools (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    urn text NOT NULL UNIQUE CHECK (urn ~ '^[0-9]{6}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    phase text NOT NULL,
    establishment_type text NOT NULL,
    district_id integer NOT NULL REFERENCES districts (id),
    number_on_roll integer CHECK (number_on_roll >= 0),
    postcode text,
    status text NOT NULL DEFAULT 'Open',
    resourced_provision_type text,
    resourced_provision_capacity integer CHECK (resourced_provision_capacity >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX schools_district_idx ON schools (district_id)`.execute(db);

  await sql`CREATE TABLE users (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    password_hash text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    deactivated_at timestamptz,
    version integer NOT NULL DEFAULT 1
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email_key ON users (email)`.execute(db);

  await sql`CREATE TABLE memberships (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('senco', 'headteacher', 'inclusion_champion', 'stls', 'council_officer', 'admin')),
    school_id integer REFERENCES schools (id),
    district_id integer REFERENCES districts (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT memberships_scope CHECK (
      (role IN ('senco', 'headteacher', 'inclusion_champion') AND school_id IS NOT NULL AND district_id IS NULL)
      OR (role = 'stls' AND district_id IS NOT NULL AND school_id IS NULL)
      OR (role IN ('council_officer', 'admin') AND school_id IS NULL AND district_id IS NULL)
    )
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX memberships_unique ON memberships (user_id, role, coalesce(school_id, 0), coalesce(district_id, 0))`.execute(db);
  await sql`CREATE INDEX memberships_school_idx ON memberships (school_id)`.execute(db);

  await sql`CREATE TABLE sessions (
    id text PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

  await sql`CREATE TABLE sign_in_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    ip text NOT NULL,
    email text NOT NULL,
    succeeded boolean NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_ip_idx ON sign_in_attempts (ip, attempted_at)`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_email_idx ON sign_in_attempts (email, attempted_at)`.execute(db);

  await sql`CREATE TABLE audit_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer,
    actor_role text,
    actor_org text,
    action text NOT NULL,
    subject_type text,
    subject_id text,
    request_id text,
    detail jsonb NOT NULL DEFAULT '{}'::jsonb
  )`.execute(db);
  await sql`CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at)`.execute(db);
  await sql`CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id)`.execute(db);
  await sql`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only';
    END;
  $$`.execute(db);
  await sql`CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE audit_events`.execute(db);
  await sql`DROP FUNCTION audit_events_append_only()`.execute(db);
  await sql`DROP TABLE sign_in_attempts`.execute(db);
  await sql`DROP TABLE sessions`.execute(db);
  await sql`DROP TABLE memberships`.execute(db);
  await sql`DROP TABLE users`.execute(db);
  await sql`DROP TABLE schools`.execute(db);
  await sql`DROP TABLE districts`.execute(db);
}
