import { sql, type Kysely } from "kysely";

// Issue 9 (training), the tables every part of it shares:
// - the four broad areas of need (SEND Code of Practice) as data, named as sen_need_types.broad_area names them,
//   so a pupil's primary need leads to the courses about it;
// - the council's catalogue: programmes (AET, Nurturing Kent, PINS, The Balanced System, STLS-led courses), their
//   courses (audience, description, need areas) and dated events (start and end as timestamptz, shown in
//   Europe/London; a venue or an online link; places; when booking and cancelling close; cost in pence; who runs
//   it, by name and, when they have an account, as a user who may mark attendance). An event is a case: draft,
//   published, cancelled, with its own append-only timeline. A private event is for one school (bespoke training).
// - bookings: one named member of staff on one event, booked or waiting (in the order they asked: the id, taken
//   while the event's row is locked, ADR 20's takePlace) or cancelled, and, once the event has happened, whether
//   they attended. The same person (email) holds at most one live booking on an event.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE need_areas (
    name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
    short_name text NOT NULL CHECK (length(short_name) BETWEEN 1 AND 40),
    sort_order integer NOT NULL,
    -- Whether courses are offered under it: the four broad areas are; "Other" and "Not assessed" are not.
    course_area boolean NOT NULL DEFAULT true
  )`.execute(db);
  await sql`INSERT INTO need_areas (name, short_name, sort_order) VALUES
    ('Communication and interaction', 'Communication', 1),
    ('Cognition and learning', 'Cognition', 2),
    ('Social, emotional and mental health', 'SEMH', 3),
    ('Sensory and/or physical', 'Sensory and physical', 4)`.execute(db);
  // Any broad area a need type names that is not one of the four ("Other", "Not assessed") joins the list, with
  // no courses under it, so the reference below always holds.
  await sql`INSERT INTO need_areas (name, short_name, sort_order, course_area)
    SELECT DISTINCT broad_area, left(broad_area, 40), 9, false FROM sen_need_types WHERE broad_area NOT IN (SELECT name FROM need_areas)`.execute(db);
  await sql`ALTER TABLE sen_need_types ADD CONSTRAINT sen_need_types_broad_area_fk FOREIGN KEY (broad_area) REFERENCES need_areas (name)`.execute(db);

  await sql`CREATE TABLE training_programmes (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    provider text NOT NULL CHECK (length(provider) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    sort_order integer NOT NULL DEFAULT 0,
    active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 1
  )`.execute(db);
  await sql`CREATE TABLE training_courses (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id integer NOT NULL REFERENCES training_programmes (id),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    audience text NOT NULL CHECK (length(audience) BETWEEN 1 AND 500),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 8000),
    active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT training_courses_title UNIQUE (programme_id, title)
  )`.execute(db);
  await sql`CREATE TABLE training_course_need_areas (
    course_id integer NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    need_area text NOT NULL REFERENCES need_areas (name),
    PRIMARY KEY (course_id, need_area)
  )`.execute(db);
  await sql`CREATE INDEX training_course_need_areas_area_idx ON training_course_need_areas (need_area, course_id)`.execute(db);

  await sql`CREATE TABLE training_events (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id integer NOT NULL REFERENCES training_courses (id),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    -- Where: a venue (with the district it is in, for schools filtering by district), an online link, or both.
    venue text CHECK (length(venue) BETWEEN 1 AND 300),
    district_id integer REFERENCES districts (id),
    online_url text CHECK (length(online_url) BETWEEN 1 AND 500 AND online_url ~ '^https://'),
    places integer NOT NULL CHECK (places BETWEEN 1 AND 1000),
    booking_closes_at timestamptz NOT NULL,
    -- A school may cancel a booking up to this moment; after it the place is theirs (and paid for).
    cancellation_closes_at timestamptz NOT NULL,
    cost_pence integer NOT NULL DEFAULT 0 CHECK (cost_pence BETWEEN 0 AND 100000000),
    -- The CPD hours a certificate states.
    hours numeric(5, 2) NOT NULL CHECK (hours > 0 AND hours <= 200),
    presenter_name text NOT NULL CHECK (length(presenter_name) BETWEEN 1 AND 200),
    presenter_user_id integer REFERENCES users (id),
    -- A private event (bespoke training) is for one school only: nobody else sees or books it.
    private_school_id integer REFERENCES schools (id),
    cancelled_reason text CHECK (length(cancelled_reason) BETWEEN 1 AND 2000),
    created_by integer NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT training_events_times CHECK (ends_at > starts_at AND booking_closes_at <= starts_at AND cancellation_closes_at <= starts_at),
    CONSTRAINT training_events_where CHECK (venue IS NOT NULL OR online_url IS NOT NULL),
    CONSTRAINT training_events_cancelled CHECK ((status = 'cancelled') = (cancelled_reason IS NOT NULL))
  )`.execute(db);
  await sql`CREATE INDEX training_events_upcoming_idx ON training_events (status, starts_at, id)`.execute(db);
  await sql`CREATE INDEX training_events_course_idx ON training_events (course_id)`.execute(db);
  await sql`CREATE INDEX training_events_private_idx ON training_events (private_school_id) WHERE private_school_id IS NOT NULL`.execute(db);
  await sql`CREATE TABLE training_event_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    training_event_id integer NOT NULL REFERENCES training_events (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer NOT NULL REFERENCES users (id),
    actor_role text NOT NULL,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    comment text CHECK (length(comment) <= 2000),
    submission_digest text CHECK (submission_digest ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`CREATE INDEX training_event_events_event_idx ON training_event_events (training_event_id, id)`.execute(db);
  await sql`CREATE TRIGGER training_event_events_no_change BEFORE UPDATE OR DELETE ON training_event_events
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);

  await sql`CREATE TABLE training_bookings (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id integer NOT NULL REFERENCES training_events (id),
    school_id integer NOT NULL REFERENCES schools (id),
    status text NOT NULL CHECK (status IN ('booked', 'waiting', 'cancelled')),
    attendee_name text NOT NULL CHECK (length(attendee_name) BETWEEN 1 AND 200),
    attendee_role text NOT NULL CHECK (length(attendee_role) BETWEEN 1 AND 200),
    attendee_email text NOT NULL CHECK (length(attendee_email) BETWEEN 3 AND 254 AND attendee_email = lower(attendee_email)),
    booked_by integer NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- When a waiting booking was given a place (a cancellation promoted it).
    promoted_at timestamptz,
    cancelled_at timestamptz,
    cancelled_by integer REFERENCES users (id),
    -- 'school' (the school cancelled), 'event_cancelled' (the council cancelled the event).
    cancelled_why text CHECK (cancelled_why IN ('school', 'event_cancelled')),
    attended boolean,
    attendance_marked_by integer REFERENCES users (id),
    attendance_marked_at timestamptz,
    reminder_sent_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT training_bookings_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancelled_why IS NOT NULL)),
    CONSTRAINT training_bookings_attendance CHECK (attended IS NULL OR (status = 'booked' AND attendance_marked_by IS NOT NULL AND attendance_marked_at IS NOT NULL))
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX training_bookings_one_person ON training_bookings (event_id, attendee_email) WHERE status <> 'cancelled'`.execute(db);
  await sql`CREATE INDEX training_bookings_event_idx ON training_bookings (event_id, status, id)`.execute(db);
  await sql`CREATE INDEX training_bookings_school_idx ON training_bookings (school_id, event_id)`.execute(db);
  await sql`CREATE TABLE training_booking_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    training_booking_id integer NOT NULL REFERENCES training_bookings (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer REFERENCES users (id),
    actor_role text,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    comment text CHECK (length(comment) <= 2000),
    submission_digest text CHECK (submission_digest ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`CREATE INDEX training_booking_events_booking_idx ON training_booking_events (training_booking_id, id)`.execute(db);
  await sql`CREATE TRIGGER training_booking_events_no_change BEFORE UPDATE OR DELETE ON training_booking_events
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE training_booking_events`.execute(db);
  await sql`DROP TABLE training_bookings`.execute(db);
  await sql`DROP TABLE training_event_events`.execute(db);
  await sql`DROP TABLE training_events`.execute(db);
  await sql`DROP TABLE training_course_need_areas`.execute(db);
  await sql`DROP TABLE training_courses`.execute(db);
  await sql`DROP TABLE training_programmes`.execute(db);
  await sql`ALTER TABLE sen_need_types DROP CONSTRAINT sen_need_types_broad_area_fk`.execute(db);
  await sql`DROP TABLE need_areas`.execute(db);
}
