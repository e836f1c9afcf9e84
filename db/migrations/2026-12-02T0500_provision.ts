import { sql, type Kysely } from "kysely";

// Issue 11 (ADR 50, 51): Specialist Resource Provision places. The council keeps the register of SRPs (a host
// school, a designation kept as data, the year groups served, places commissioned per academic year, opening date,
// status) and the termly return windows; each SRP's host school sends one return a window (a case: draft, sent,
// corrected while the window is open), every version sent kept in srp_return_versions, every step on
// srp_return_events. A pupil of the school's register may be marked as in one of the school's own SRPs: the
// composite foreign key keeps the mark inside the school, whatever the code does. Reminders about missing returns
// are recorded once per school and window a London day (srp_return_reminders' unique key).
// One statement per query: the PGlite dialect rejects multi-statement strings.

const YEAR_GROUPS = "ARRAY['N','R','1','2','3','4','5','6','7','8','9','10','11','12','13']::text[]";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE srp_designations (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2,6}$'),
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    active boolean NOT NULL DEFAULT true,
    sort_order integer NOT NULL DEFAULT 0
  )`.execute(db);
  await sql`INSERT INTO srp_designations (code, name, sort_order) VALUES
    ('ASD', 'Autism spectrum disorder', 1),
    ('SLCN', 'Speech, language and communication needs', 2),
    ('HI', 'Hearing impairment', 3),
    ('VI', 'Vision impairment', 4),
    ('PD', 'Physical disability', 5),
    ('SEMH', 'Social, emotional and mental health', 6)`.execute(db);
  await sql`CREATE TABLE resource_provisions (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id integer NOT NULL REFERENCES schools (id),
    designation_code text NOT NULL REFERENCES srp_designations (code),
    -- The year groups served, first to last (an SRP serves a run of years: secondary SRPs Years 7 to 11).
    first_year_group text NOT NULL CHECK (array_position(${sql.raw(YEAR_GROUPS)}, first_year_group) IS NOT NULL),
    last_year_group text NOT NULL CHECK (array_position(${sql.raw(YEAR_GROUPS)}, last_year_group) IS NOT NULL),
    opened_on date NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closing', 'closed')),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT resource_provisions_year_order CHECK (array_position(${sql.raw(YEAR_GROUPS)}, first_year_group) <= array_position(${sql.raw(YEAR_GROUPS)}, last_year_group)),
    CONSTRAINT resource_provisions_id_school UNIQUE (id, school_id),
    CONSTRAINT resource_provisions_one_per_designation UNIQUE (school_id, designation_code)
  )`.execute(db);
  await sql`CREATE TABLE resource_provision_places (
    resource_provision_id integer NOT NULL REFERENCES resource_provisions (id),
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    commissioned_places integer NOT NULL CHECK (commissioned_places BETWEEN 0 AND 200),
    PRIMARY KEY (resource_provision_id, academic_year)
  )`.execute(db);
  await sql`CREATE TABLE srp_return_windows (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    term text NOT NULL CHECK (term IN ('autumn', 'spring', 'summer')),
    opens_on date NOT NULL,
    closes_on date NOT NULL,
    version integer NOT NULL DEFAULT 1,
    updated_by integer REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT srp_return_windows_term UNIQUE (academic_year, term),
    CONSTRAINT srp_return_windows_order CHECK (closes_on >= opens_on AND closes_on - opens_on <= 120)
  )`.execute(db);
  await sql`CREATE INDEX srp_return_windows_opens_idx ON srp_return_windows (opens_on)`.execute(db);
  await sql`CREATE TABLE srp_returns (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resource_provision_id integer NOT NULL,
    school_id integer NOT NULL,
    window_id integer NOT NULL REFERENCES srp_return_windows (id),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent')),
    places_filled integer CHECK (places_filled BETWEEN 0 AND 200),
    ehc_plan_pupils integer CHECK (ehc_plan_pupils BETWEEN 0 AND 200),
    from_other_schools integer CHECK (from_other_schools BETWEEN 0 AND 200),
    admitted integer CHECK (admitted BETWEEN 0 AND 200),
    left_in_term integer CHECK (left_in_term BETWEEN 0 AND 200),
    waiting integer CHECK (waiting BETWEEN 0 AND 500),
    comment text CHECK (length(comment) BETWEEN 1 AND 2000),
    -- Filled above the places commissioned when it was sent (allowed, with the school's comment; flagged to officers).
    over_commissioned boolean NOT NULL DEFAULT false,
    sent_at timestamptz,
    sent_by integer REFERENCES users (id),
    created_by integer NOT NULL REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT srp_returns_provision FOREIGN KEY (resource_provision_id, school_id) REFERENCES resource_provisions (id, school_id),
    CONSTRAINT srp_returns_one_per_window UNIQUE (resource_provision_id, window_id),
    CONSTRAINT srp_returns_ehc_within_filled CHECK (ehc_plan_pupils <= places_filled),
    CONSTRAINT srp_returns_others_within_filled CHECK (from_other_schools <= places_filled),
    CONSTRAINT srp_returns_sent CHECK (
      status = 'draft' OR (places_filled IS NOT NULL AND ehc_plan_pupils IS NOT NULL AND from_other_schools IS NOT NULL
        AND admitted IS NOT NULL AND left_in_term IS NOT NULL AND waiting IS NOT NULL AND sent_at IS NOT NULL AND sent_by IS NOT NULL)
    ),
    CONSTRAINT srp_returns_over_explained CHECK (NOT over_commissioned OR comment IS NOT NULL)
  )`.execute(db);
  await sql`CREATE INDEX srp_returns_window_idx ON srp_returns (window_id, status)`.execute(db);
  await sql`CREATE INDEX srp_returns_school_idx ON srp_returns (school_id)`.execute(db);
  await sql`CREATE TABLE srp_return_versions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    srp_return_id integer NOT NULL REFERENCES srp_returns (id),
    number integer NOT NULL CHECK (number >= 1),
    places_filled integer NOT NULL,
    ehc_plan_pupils integer NOT NULL,
    from_other_schools integer NOT NULL,
    admitted integer NOT NULL,
    left_in_term integer NOT NULL,
    waiting integer NOT NULL,
    comment text,
    commissioned_places integer,
    over_commissioned boolean NOT NULL,
    sent_by integer NOT NULL REFERENCES users (id),
    sent_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT srp_return_versions_number UNIQUE (srp_return_id, number)
  )`.execute(db);
  await sql`CREATE TRIGGER srp_return_versions_no_change BEFORE UPDATE OR DELETE ON srp_return_versions
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);
  await sql`CREATE TABLE srp_return_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    srp_return_id integer NOT NULL REFERENCES srp_returns (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer REFERENCES users (id),
    actor_role text,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    comment text CHECK (length(comment) <= 2000),
    submission_digest text CHECK (submission_digest ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`CREATE INDEX srp_return_events_return_idx ON srp_return_events (srp_return_id, id)`.execute(db);
  await sql`CREATE TRIGGER srp_return_events_no_change BEFORE UPDATE OR DELETE ON srp_return_events
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);
  await sql`CREATE TABLE srp_return_reminders (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    window_id integer NOT NULL REFERENCES srp_return_windows (id),
    school_id integer NOT NULL REFERENCES schools (id),
    sent_on date NOT NULL,
    sent_by integer NOT NULL REFERENCES users (id),
    sent_at timestamptz NOT NULL DEFAULT now(),
    recipients integer NOT NULL CHECK (recipients >= 0),
    CONSTRAINT srp_return_reminders_once_a_day UNIQUE (window_id, school_id, sent_on)
  )`.execute(db);
  await sql`ALTER TABLE pupils ADD COLUMN resource_provision_id integer`.execute(db);
  await sql`ALTER TABLE pupils ADD CONSTRAINT pupils_resource_provision_fk FOREIGN KEY (resource_provision_id, school_id) REFERENCES resource_provisions (id, school_id)`.execute(db);
  await sql`CREATE INDEX pupils_resource_provision_idx ON pupils (resource_provision_id) WHERE resource_provision_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX pupils_resource_provision_idx`.execute(db);
  await sql`ALTER TABLE pupils DROP CONSTRAINT pupils_resource_provision_fk`.execute(db);
  await sql`ALTER TABLE pupils DROP COLUMN resource_provision_id`.execute(db);
  await sql`DROP TABLE srp_return_reminders`.execute(db);
  await sql`DROP TABLE srp_return_events`.execute(db);
  await sql`DROP TABLE srp_return_versions`.execute(db);
  await sql`DROP TABLE srp_returns`.execute(db);
  await sql`DROP TABLE srp_return_windows`.execute(db);
  await sql`DROP TABLE resource_provision_places`.execute(db);
  await sql`DROP TABLE resource_provisions`.execute(db);
  await sql`DROP TABLE srp_designations`.execute(db);
}
