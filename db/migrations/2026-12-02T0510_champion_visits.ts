import { sql, type Kysely } from "kysely";

// Issue 11, Inclusion Champion visits (ADR 52):
// - the focus areas a visit may cover, as data (the council's list, which it may change);
// - champion visits: a champion's report of a visit to one of their assigned schools (the date, in person or online,
//   the focus areas, what they saw, the strengths); a case (draft, published) with an append-only timeline. A draft
//   keeps what was typed as far as it can be stored (every answer may be empty); publishing needs it whole;
// - agreed actions: one row each (its own id, so that a later change can link an action to guidance articles),
//   what, whose (the school, the champion, the council) and when by; a case of its own (open, done, closed) with its
//   timeline, so a carried-forward due date keeps its history. A draft's actions may be half typed too.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE champion_focus_areas (
    code text PRIMARY KEY CHECK (code ~ '^[a-z_]{1,60}$'),
    label text NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 120),
    sort_order integer NOT NULL,
    active boolean NOT NULL DEFAULT true
  )`.execute(db);
  await sql`INSERT INTO champion_focus_areas (code, label, sort_order) VALUES
    ('inclusive_classroom_practice', 'Inclusive classroom practice', 1),
    ('sen_register', 'SEN register and identification', 2),
    ('provision_mapping', 'Provision mapping', 3),
    ('mainstream_core_standards', 'Mainstream Core Standards', 4),
    ('transition', 'Transition', 5),
    ('attendance', 'Attendance and part-time timetables', 6),
    ('inspection', 'Preparing for inspection', 7),
    ('parental_engagement', 'Parental engagement', 8)`.execute(db);

  await sql`CREATE TABLE champion_visits (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id integer NOT NULL REFERENCES schools (id),
    champion_user_id integer NOT NULL REFERENCES users (id),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    visited_on date,
    format text CHECK (format IN ('in_person', 'online')),
    seen text CHECK (length(seen) BETWEEN 1 AND 8000),
    strengths text CHECK (length(strengths) BETWEEN 1 AND 8000),
    idempotency_key text UNIQUE CHECK (length(idempotency_key) BETWEEN 16 AND 64),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    published_by integer REFERENCES users (id),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT champion_visits_published CHECK (
      status = 'draft' OR (visited_on IS NOT NULL AND format IS NOT NULL AND seen IS NOT NULL AND strengths IS NOT NULL AND published_at IS NOT NULL AND published_by IS NOT NULL)
    )
  )`.execute(db);
  await sql`CREATE INDEX champion_visits_school_idx ON champion_visits (school_id, status, visited_on)`.execute(db);
  await sql`CREATE INDEX champion_visits_champion_idx ON champion_visits (champion_user_id, status)`.execute(db);

  await sql`CREATE TABLE champion_visit_focus_areas (
    champion_visit_id integer NOT NULL REFERENCES champion_visits (id),
    focus_area text NOT NULL REFERENCES champion_focus_areas (code),
    PRIMARY KEY (champion_visit_id, focus_area)
  )`.execute(db);

  await sql`CREATE TABLE champion_visit_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    champion_visit_id integer NOT NULL REFERENCES champion_visits (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer REFERENCES users (id),
    actor_role text,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    comment text CHECK (length(comment) <= 2000),
    submission_digest text CHECK (submission_digest ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`CREATE INDEX champion_visit_events_visit_idx ON champion_visit_events (champion_visit_id, id)`.execute(db);
  await sql`CREATE TRIGGER champion_visit_events_no_change BEFORE UPDATE OR DELETE ON champion_visit_events
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);

  await sql`CREATE TABLE agreed_actions (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    champion_visit_id integer NOT NULL REFERENCES champion_visits (id),
    -- Where it comes in the report (1, 2, ...).
    position integer NOT NULL CHECK (position BETWEEN 1 AND 100),
    description text CHECK (length(description) BETWEEN 1 AND 2000),
    owner text CHECK (owner IN ('school', 'champion', 'council')),
    due_on date,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'closed')),
    done_note text CHECK (length(done_note) BETWEEN 1 AND 2000),
    done_at timestamptz,
    done_by integer REFERENCES users (id),
    closed_at timestamptz,
    closed_by integer REFERENCES users (id),
    -- How many times the due date has been moved on (the timeline keeps each move).
    carried_count integer NOT NULL DEFAULT 0 CHECK (carried_count >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT agreed_actions_not_empty CHECK (num_nonnulls(description, owner, due_on) > 0),
    CONSTRAINT agreed_actions_done CHECK (status <> 'done' OR (done_at IS NOT NULL AND done_by IS NOT NULL AND done_note IS NOT NULL)),
    CONSTRAINT agreed_actions_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL AND closed_by IS NOT NULL))
  )`.execute(db);
  await sql`CREATE INDEX agreed_actions_visit_idx ON agreed_actions (champion_visit_id, position)`.execute(db);
  await sql`CREATE INDEX agreed_actions_open_idx ON agreed_actions (due_on) WHERE status = 'open'`.execute(db);

  await sql`CREATE TABLE agreed_action_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreed_action_id integer NOT NULL REFERENCES agreed_actions (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer REFERENCES users (id),
    actor_role text,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    comment text CHECK (length(comment) <= 2000),
    submission_digest text CHECK (submission_digest ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`CREATE INDEX agreed_action_events_action_idx ON agreed_action_events (agreed_action_id, id)`.execute(db);
  await sql`CREATE TRIGGER agreed_action_events_no_change BEFORE UPDATE OR DELETE ON agreed_action_events
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE agreed_action_events`.execute(db);
  await sql`DROP TABLE agreed_actions`.execute(db);
  await sql`DROP TABLE champion_visit_events`.execute(db);
  await sql`DROP TABLE champion_visit_focus_areas`.execute(db);
  await sql`DROP TABLE champion_visits`.execute(db);
  await sql`DROP TABLE champion_focus_areas`.execute(db);
}
