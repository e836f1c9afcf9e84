import { sql, type Kysely } from "kysely";

// Issue 10 (STLS through LIFT), the tables every part of it shares (ADR 42):
// - the STLS disciplines, as data (DOMAIN.md: the official list is unconfirmed);
// - LIFT groups: a district runs one or more, each serving some of its schools (a school is in at most one);
// - LIFT meetings of a group: when, where (a venue or an online link), the last day papers may be sent (by
//   default the Wednesday before) and the cap on referrals per school; scheduled or cancelled;
// - each school's named STLS link teacher;
// - LIFT referrals (LIFT-2026-00042): a pupil of the school's register to a meeting of its group, the discipline,
//   what was tried at Mainstream Core Standards level, the question for LIFT, the parents' Agreement to Engage
//   (who signed, when, and the signed document, stored as funding evidence is); a case (draft, sent, outcome,
//   withdrawn) with an append-only timeline. A referral not reached, or deferred, moves to the group's next meeting
//   (`meeting_id` changes, the timeline keeps where it was);
// - LIFT outcomes: one per referral per meeting (advice, training suggested, support from another school, specialist
//   involvement allocated to a named specialist teacher with a number of visits, or deferred);
// - specialist teachers' slots (a visit for allocated involvement, or a drop-in clinic): a teacher's open slots
//   never overlap, which the database itself refuses (an exclusion constraint over the teacher and the time);
// - visits booked on slots: at most one live booking per slot (a partial unique index), so a teacher is never
//   double-booked; booked, cancelled (by either side, with a reason) or done (the specialist's note written).
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE stls_disciplines (
    name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
    sort_order integer NOT NULL,
    active boolean NOT NULL DEFAULT true
  )`.execute(db);
  await sql`INSERT INTO stls_disciplines (name, sort_order) VALUES
    ('Cognition and learning', 1),
    ('Communication and interaction / autism', 2),
    ('Social, emotional and mental health', 3),
    ('Physical disability', 4),
    ('Sensory', 5),
    ('Early years', 6)`.execute(db);

  await sql`CREATE TABLE lift_groups (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    district_id integer NOT NULL REFERENCES districts (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT lift_groups_name UNIQUE (district_id, name)
  )`.execute(db);
  // The group serving a school (of the group's district: checked by the use-case that sets it).
  await sql`CREATE TABLE lift_group_schools (
    school_id integer PRIMARY KEY REFERENCES schools (id),
    group_id integer NOT NULL REFERENCES lift_groups (id)
  )`.execute(db);
  await sql`CREATE INDEX lift_group_schools_group_idx ON lift_group_schools (group_id)`.execute(db);

  await sql`CREATE TABLE lift_meetings (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id integer NOT NULL REFERENCES lift_groups (id),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    venue text CHECK (length(venue) BETWEEN 1 AND 300),
    online_url text CHECK (length(online_url) BETWEEN 1 AND 500 AND online_url ~ '^https://'),
    -- The last London day a referral may be sent for this meeting; after it the meeting's referrals are locked.
    papers_due_on date NOT NULL,
    referral_cap integer NOT NULL DEFAULT 3 CHECK (referral_cap BETWEEN 1 AND 50),
    status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    cancelled_reason text CHECK (length(cancelled_reason) BETWEEN 1 AND 2000),
    created_by integer NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT lift_meetings_times CHECK (ends_at > starts_at),
    CONSTRAINT lift_meetings_where CHECK (venue IS NOT NULL OR online_url IS NOT NULL),
    CONSTRAINT lift_meetings_cancelled CHECK ((status = 'cancelled') = (cancelled_reason IS NOT NULL))
  )`.execute(db);
  await sql`CREATE INDEX lift_meetings_group_idx ON lift_meetings (group_id, starts_at)`.execute(db);
  await sql`CREATE INDEX lift_meetings_starts_idx ON lift_meetings (starts_at, id)`.execute(db);

  await sql`CREATE TABLE stls_link_teachers (
    school_id integer PRIMARY KEY REFERENCES schools (id),
    teacher_user_id integer NOT NULL REFERENCES users (id),
    set_by integer NOT NULL REFERENCES users (id),
    set_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1
  )`.execute(db);

  await sql`CREATE TABLE lift_referrals (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference text NOT NULL UNIQUE CHECK (reference ~ '^LIFT-[0-9]{4}-[0-9]{5,}$'),
    school_id integer NOT NULL REFERENCES schools (id),
    pupil_id integer NOT NULL REFERENCES pupils (id),
    -- The meeting it goes to: chosen in the draft, moved on when it is carried or deferred.
    meeting_id integer REFERENCES lift_meetings (id),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'outcome', 'withdrawn')),
    discipline text REFERENCES stls_disciplines (name),
    core_standards_tried text CHECK (length(core_standards_tried) BETWEEN 1 AND 8000),
    question text CHECK (length(question) BETWEEN 1 AND 4000),
    -- The parents' signed Agreement to Engage: who signed it and on which day (the document is a referral document).
    agreement_signed_by text CHECK (length(agreement_signed_by) BETWEEN 1 AND 200),
    agreement_signed_on date,
    -- How many times it has been moved on to a later meeting (not reached, deferred, meeting cancelled).
    carried_count integer NOT NULL DEFAULT 0 CHECK (carried_count >= 0),
    idempotency_key text UNIQUE CHECK (length(idempotency_key) BETWEEN 16 AND 64),
    created_by integer NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    sent_by integer REFERENCES users (id),
    withdrawn_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT lift_referrals_complete CHECK (
      status IN ('draft', 'withdrawn') OR (
        meeting_id IS NOT NULL AND discipline IS NOT NULL AND core_standards_tried IS NOT NULL AND question IS NOT NULL
        AND agreement_signed_by IS NOT NULL AND agreement_signed_on IS NOT NULL AND sent_at IS NOT NULL AND sent_by IS NOT NULL
      )
    ),
    CONSTRAINT lift_referrals_withdrawn CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
  )`.execute(db);
  await sql`CREATE INDEX lift_referrals_meeting_idx ON lift_referrals (meeting_id, school_id, status)`.execute(db);
  await sql`CREATE INDEX lift_referrals_school_idx ON lift_referrals (school_id, status, id)`.execute(db);
  await sql`CREATE INDEX lift_referrals_pupil_idx ON lift_referrals (pupil_id)`.execute(db);
  await sql`CREATE TABLE lift_referral_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lift_referral_id integer NOT NULL REFERENCES lift_referrals (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    -- Empty for the system's own steps (a referral carried to the next meeting by the sweep).
    actor_user_id integer REFERENCES users (id),
    actor_role text,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    comment text CHECK (length(comment) <= 2000),
    submission_digest text CHECK (submission_digest ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`CREATE INDEX lift_referral_events_referral_idx ON lift_referral_events (lift_referral_id, id)`.execute(db);
  await sql`CREATE TRIGGER lift_referral_events_no_change BEFORE UPDATE OR DELETE ON lift_referral_events
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);

  // The signed Agreement to Engage (and any other document the school attaches), kept as funding evidence is
  // (ADR 29): bytes in stored_files, the row never deleted (withdrawing is an update).
  await sql`CREATE TABLE lift_referral_documents (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lift_referral_id integer NOT NULL REFERENCES lift_referrals (id),
    kind text NOT NULL CHECK (kind IN ('agreement_to_engage', 'other')),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    media_type text NOT NULL,
    extension text NOT NULL CHECK (extension IN ('pdf', 'docx', 'xlsx', 'jpg', 'png')),
    byte_size integer NOT NULL CHECK (byte_size > 0),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    storage_key uuid NOT NULL UNIQUE REFERENCES stored_files (storage_key),
    upload_key text NOT NULL CHECK (length(upload_key) BETWEEN 16 AND 64),
    uploaded_by integer NOT NULL REFERENCES users (id),
    uploaded_role text NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    withdrawn_at timestamptz,
    withdrawn_by integer REFERENCES users (id),
    UNIQUE (lift_referral_id, upload_key),
    CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
  )`.execute(db);
  await sql`CREATE INDEX lift_referral_documents_referral_idx ON lift_referral_documents (lift_referral_id, id)`.execute(db);
  await sql`CREATE TRIGGER lift_referral_documents_kept BEFORE DELETE ON lift_referral_documents
    FOR EACH ROW EXECUTE FUNCTION funding_documents_kept()`.execute(db);

  await sql`CREATE TABLE lift_outcomes (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lift_referral_id integer NOT NULL REFERENCES lift_referrals (id),
    meeting_id integer NOT NULL REFERENCES lift_meetings (id),
    kind text NOT NULL CHECK (kind IN ('advice', 'training', 'school_support', 'involvement', 'deferred')),
    -- What LIFT advised (for a deferral: why, and what the school should bring next time).
    advice text NOT NULL CHECK (length(advice) BETWEEN 1 AND 8000),
    training_course_id integer REFERENCES training_courses (id),
    supporting_school_id integer REFERENCES schools (id),
    specialist_user_id integer REFERENCES users (id),
    visits_allocated integer CHECK (visits_allocated BETWEEN 1 AND 20),
    recorded_by integer NOT NULL REFERENCES users (id),
    recorded_role text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT lift_outcomes_once UNIQUE (lift_referral_id, meeting_id),
    CONSTRAINT lift_outcomes_training CHECK ((kind = 'training') = (training_course_id IS NOT NULL)),
    CONSTRAINT lift_outcomes_school_support CHECK ((kind = 'school_support') = (supporting_school_id IS NOT NULL)),
    CONSTRAINT lift_outcomes_involvement CHECK ((kind = 'involvement') = (specialist_user_id IS NOT NULL AND visits_allocated IS NOT NULL)),
    CONSTRAINT lift_outcomes_involvement_parts CHECK ((specialist_user_id IS NULL) = (visits_allocated IS NULL))
  )`.execute(db);
  await sql`CREATE INDEX lift_outcomes_meeting_idx ON lift_outcomes (meeting_id)`.execute(db);
  await sql`CREATE INDEX lift_outcomes_specialist_idx ON lift_outcomes (specialist_user_id) WHERE specialist_user_id IS NOT NULL`.execute(db);

  // A specialist teacher's slots. int4range(teacher, teacher) && is "the same teacher": gist handles ranges
  // natively, so no extension (btree_gist) is needed on either database.
  await sql`CREATE TABLE stls_slots (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    teacher_user_id integer NOT NULL REFERENCES users (id),
    district_id integer NOT NULL REFERENCES districts (id),
    kind text NOT NULL CHECK (kind IN ('visit', 'clinic')),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    place text NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
    -- A clinic's topic ("Autism: sensory needs"); a visit slot has none.
    topic text CHECK (length(topic) BETWEEN 1 AND 200),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'withdrawn')),
    created_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT stls_slots_times CHECK (ends_at > starts_at),
    CONSTRAINT stls_slots_topic CHECK ((kind = 'clinic') = (topic IS NOT NULL)),
    CONSTRAINT stls_slots_no_overlap EXCLUDE USING gist (
      int4range(teacher_user_id, teacher_user_id, '[]') WITH &&,
      tstzrange(starts_at, ends_at) WITH &&
    ) WHERE (status = 'open')
  )`.execute(db);
  await sql`CREATE INDEX stls_slots_district_idx ON stls_slots (district_id, kind, starts_at)`.execute(db);
  await sql`CREATE INDEX stls_slots_teacher_idx ON stls_slots (teacher_user_id, starts_at)`.execute(db);

  await sql`CREATE TABLE stls_visits (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slot_id integer NOT NULL REFERENCES stls_slots (id),
    school_id integer NOT NULL REFERENCES schools (id),
    -- The involvement (a LIFT outcome allocating visits) a visit is for; a clinic booking has none.
    involvement_id integer REFERENCES lift_outcomes (id),
    -- The pupil: the involvement's; at a clinic, optional.
    pupil_id integer REFERENCES pupils (id),
    -- At a clinic, what the school would like to talk about.
    topic text CHECK (length(topic) BETWEEN 1 AND 1000),
    status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'done')),
    booked_by integer NOT NULL REFERENCES users (id),
    booked_at timestamptz NOT NULL DEFAULT now(),
    cancelled_at timestamptz,
    cancelled_by integer REFERENCES users (id),
    cancelled_side text CHECK (cancelled_side IN ('school', 'specialist')),
    cancelled_reason text CHECK (length(cancelled_reason) BETWEEN 1 AND 2000),
    -- After the visit, the specialist's note for the school.
    outcome_note text CHECK (length(outcome_note) BETWEEN 1 AND 8000),
    note_by integer REFERENCES users (id),
    note_at timestamptz,
    idempotency_key text UNIQUE CHECK (length(idempotency_key) BETWEEN 16 AND 64),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT stls_visits_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancelled_side IS NOT NULL AND cancelled_reason IS NOT NULL)),
    CONSTRAINT stls_visits_done CHECK ((status = 'done') = (outcome_note IS NOT NULL AND note_by IS NOT NULL AND note_at IS NOT NULL))
  )`.execute(db);
  // One live booking per slot: with the slots' exclusion, a teacher is never in two places at once.
  await sql`CREATE UNIQUE INDEX stls_visits_one_per_slot ON stls_visits (slot_id) WHERE status <> 'cancelled'`.execute(db);
  await sql`CREATE INDEX stls_visits_school_idx ON stls_visits (school_id, status)`.execute(db);
  await sql`CREATE INDEX stls_visits_involvement_idx ON stls_visits (involvement_id) WHERE involvement_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX stls_visits_pupil_idx ON stls_visits (pupil_id) WHERE pupil_id IS NOT NULL`.execute(db);
  await sql`CREATE TABLE stls_visit_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stls_visit_id integer NOT NULL REFERENCES stls_visits (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer REFERENCES users (id),
    actor_role text,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    comment text CHECK (length(comment) <= 2000),
    submission_digest text CHECK (submission_digest ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`CREATE INDEX stls_visit_events_visit_idx ON stls_visit_events (stls_visit_id, id)`.execute(db);
  await sql`CREATE TRIGGER stls_visit_events_no_change BEFORE UPDATE OR DELETE ON stls_visit_events
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE stls_visit_events`.execute(db);
  await sql`DROP TABLE stls_visits`.execute(db);
  await sql`DROP TABLE stls_slots`.execute(db);
  await sql`DROP TABLE lift_outcomes`.execute(db);
  await sql`DROP TABLE lift_referral_documents`.execute(db);
  await sql`DROP TABLE lift_referral_events`.execute(db);
  await sql`DROP TABLE lift_referrals`.execute(db);
  await sql`DROP TABLE stls_link_teachers`.execute(db);
  await sql`DROP TABLE lift_meetings`.execute(db);
  await sql`DROP TABLE lift_group_schools`.execute(db);
  await sql`DROP TABLE lift_groups`.execute(db);
  await sql`DROP TABLE stls_disciplines`.execute(db);
}
