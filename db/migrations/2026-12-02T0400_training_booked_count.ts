import { sql, type Kysely } from "kysely";

// Issue 9 (ADR 48): each training event keeps how many of its bookings hold a place (status 'booked'), so the
// schools' "free places" filter and every list of events read a column instead of counting each candidate
// event's bookings on every page view. The count is kept by the database, not by each use-case: statement-level
// triggers with transition tables add what a statement booked and take off what it stopped holding, so the
// booking and cancelling use-cases, the promotion from the waiting list, an event's cancellation, the seeds and
// bulk loads all keep it alike, one UPDATE per statement. Every status change already happens under the event's
// row lock (the booking use-cases lock the event before its bookings), so the trigger's UPDATE of that row adds no
// new lock order. An update that moves no place (attendance, reminders, calendar sequence) touches no event.
// PostgreSQL refuses transition tables on a trigger with several events, so there is one trigger each.
// The filters by programme or area of need choose courses first, then each course's events: by course alone that
// was every event the course ever had (722 a course at Kent's size, past ones included), so an index of the
// published ones by course and start takes only those to come.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE training_events ADD COLUMN booked_count integer NOT NULL DEFAULT 0 CONSTRAINT training_events_booked_count_check CHECK (booked_count >= 0)`.execute(db);
  await sql`UPDATE training_events e SET booked_count = b.n
    FROM (SELECT event_id, count(*)::int AS n FROM training_bookings WHERE status = 'booked' GROUP BY event_id) b
    WHERE b.event_id = e.id`.execute(db);
  await sql`CREATE FUNCTION training_events_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE training_events e SET booked_count = e.booked_count + d.n
        FROM (
          SELECT event_id, sum(n)::int AS n FROM (
            SELECT event_id, 1 AS n FROM new_rows WHERE status = 'booked'
            UNION ALL
            SELECT event_id, -1 AS n FROM old_rows WHERE status = 'booked'
          ) changes GROUP BY event_id
        ) d
        WHERE d.event_id = e.id AND d.n <> 0;
      RETURN NULL;
    END $$`.execute(db);
  // INSERT and DELETE have one transition table each.
  await sql`CREATE FUNCTION training_events_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE training_events e SET booked_count = e.booked_count + d.n
        FROM (SELECT event_id, count(*)::int AS n FROM new_rows WHERE status = 'booked' GROUP BY event_id) d
        WHERE d.event_id = e.id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE FUNCTION training_events_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE training_events e SET booked_count = e.booked_count - d.n
        FROM (SELECT event_id, count(*)::int AS n FROM old_rows WHERE status = 'booked' GROUP BY event_id) d
        WHERE d.event_id = e.id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER training_bookings_count_inserted AFTER INSERT ON training_bookings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_events_count_inserted()`.execute(db);
  await sql`CREATE TRIGGER training_bookings_count_updated AFTER UPDATE ON training_bookings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_events_count_updated()`.execute(db);
  await sql`CREATE TRIGGER training_bookings_count_deleted AFTER DELETE ON training_bookings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION training_events_count_deleted()`.execute(db);
  await sql`CREATE INDEX training_events_course_upcoming_idx ON training_events (course_id, starts_at) WHERE status = 'published'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX training_events_course_upcoming_idx`.execute(db);
  await sql`DROP TRIGGER training_bookings_count_deleted ON training_bookings`.execute(db);
  await sql`DROP TRIGGER training_bookings_count_updated ON training_bookings`.execute(db);
  await sql`DROP TRIGGER training_bookings_count_inserted ON training_bookings`.execute(db);
  await sql`DROP FUNCTION training_events_count_deleted()`.execute(db);
  await sql`DROP FUNCTION training_events_count_inserted()`.execute(db);
  await sql`DROP FUNCTION training_events_count_updated()`.execute(db);
  await sql`ALTER TABLE training_events DROP COLUMN booked_count`.execute(db);
}
