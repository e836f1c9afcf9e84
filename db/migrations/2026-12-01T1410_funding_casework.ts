import { sql, type Kysely } from "kysely";

// Council casework (issue 8, ADR 30): officers work by area, a request is assigned to one of them, each scheme has
// a service level in working days, and officers keep private case notes.
// - officer_areas: which of the council's four areas (North, South, East, West; districts.area) an officer works
//   in. They are told of requests from schools in those areas, and take requests of those areas.
// - funding_schemes.target_working_days: the scheme's service level, submission to decision.
// - bank_holidays: England and Wales bank holidays, from GOV.UK's list (https://www.gov.uk/bank-holidays.json),
//   2025 to 2028. Data the council extends each year, never a constant in code: working days skip them.
// - funding_requests.assigned_to, due_on: the officer the request is assigned to, and its due date, set when the
//   headteacher signs it off (the scheme's target in working days from that day, app/domain/funding/casework/
//   service-level.ts). The queue sorts and filters by both: indexes on (status, due_on, id) and (assigned_to).
//   (An index on (due_on, id) for every status by due date was tried: the planner then walked it for the waiting
//   requests too, 0.8 ms to 140 ms at Kent's size, since the waiting ones are the latest due: bench/README.md.)
// - funding_case_notes: officers' private notes on a request, append-only (the trigger the decisions use).
// One statement per query: the PGlite dialect rejects multi-statement strings.

const ENGLAND_AND_WALES_BANK_HOLIDAYS: [string, string][] = [
  ["2025-01-01", "New Year's Day"],
  ["2025-04-18", "Good Friday"],
  ["2025-04-21", "Easter Monday"],
  ["2025-05-05", "Early May bank holiday"],
  ["2025-05-26", "Spring bank holiday"],
  ["2025-08-25", "Summer bank holiday"],
  ["2025-12-25", "Christmas Day"],
  ["2025-12-26", "Boxing Day"],
  ["2026-01-01", "New Year's Day"],
  ["2026-04-03", "Good Friday"],
  ["2026-04-06", "Easter Monday"],
  ["2026-05-04", "Early May bank holiday"],
  ["2026-05-25", "Spring bank holiday"],
  ["2026-08-31", "Summer bank holiday"],
  ["2026-12-25", "Christmas Day"],
  ["2026-12-28", "Boxing Day (substitute day)"],
  ["2027-01-01", "New Year's Day"],
  ["2027-03-26", "Good Friday"],
  ["2027-03-29", "Easter Monday"],
  ["2027-05-03", "Early May bank holiday"],
  ["2027-05-31", "Spring bank holiday"],
  ["2027-08-30", "Summer bank holiday"],
  ["2027-12-27", "Christmas Day (substitute day)"],
  ["2027-12-28", "Boxing Day (substitute day)"],
  ["2028-01-03", "New Year's Day (substitute day)"],
  ["2028-04-14", "Good Friday"],
  ["2028-04-17", "Easter Monday"],
  ["2028-05-01", "Early May bank holiday"],
  ["2028-05-29", "Spring bank holiday"],
  ["2028-08-28", "Summer bank holiday"],
  ["2028-12-25", "Christmas Day"],
  ["2028-12-26", "Boxing Day"],
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE officer_areas (
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    area text NOT NULL CHECK (area IN ('North', 'South', 'East', 'West')),
    PRIMARY KEY (user_id, area)
  )`.execute(db);
  await sql`CREATE INDEX officer_areas_area_idx ON officer_areas (area)`.execute(db);

  await sql`CREATE TABLE bank_holidays (
    day date PRIMARY KEY,
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100)
  )`.execute(db);
  await db.insertInto("bank_holidays").values(ENGLAND_AND_WALES_BANK_HOLIDAYS.map(([day, title]) => ({ day, title }))).execute();

  await sql`ALTER TABLE funding_schemes ADD COLUMN target_working_days integer NOT NULL DEFAULT 20
    CHECK (target_working_days BETWEEN 1 AND 250)`.execute(db);

  await sql`ALTER TABLE funding_requests ADD COLUMN assigned_to integer REFERENCES users (id)`.execute(db);
  await sql`ALTER TABLE funding_requests ADD COLUMN due_on date`.execute(db);
  await sql`CREATE INDEX funding_requests_due_idx ON funding_requests (status, due_on, id) INCLUDE (school_id, scheme_id, assigned_to)`.execute(db);
  await sql`CREATE INDEX funding_requests_assigned_idx ON funding_requests (assigned_to) WHERE assigned_to IS NOT NULL`.execute(db);

  await sql`CREATE TABLE funding_case_notes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    funding_request_id integer NOT NULL REFERENCES funding_requests (id),
    author_user_id integer NOT NULL REFERENCES users (id),
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at timestamptz NOT NULL DEFAULT now(),
    submission_digest text NOT NULL,
    UNIQUE (funding_request_id, submission_digest)
  )`.execute(db);
  await sql`CREATE INDEX funding_case_notes_request_idx ON funding_case_notes (funding_request_id, id)`.execute(db);
  await sql`CREATE TRIGGER funding_case_notes_no_change BEFORE UPDATE OR DELETE ON funding_case_notes
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE funding_case_notes`.execute(db);
  await sql`DROP INDEX funding_requests_assigned_idx`.execute(db);
  await sql`DROP INDEX funding_requests_due_idx`.execute(db);
  await sql`ALTER TABLE funding_requests DROP COLUMN due_on`.execute(db);
  await sql`ALTER TABLE funding_requests DROP COLUMN assigned_to`.execute(db);
  await sql`ALTER TABLE funding_schemes DROP COLUMN target_working_days`.execute(db);
  await sql`DROP TABLE bank_holidays`.execute(db);
  await sql`DROP TABLE officer_areas`.execute(db);
}
