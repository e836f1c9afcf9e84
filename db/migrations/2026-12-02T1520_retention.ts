import { sql, type Kysely } from "kysely";

// Issue 12 (ADR 60): how long records of pupils who left are kept, and the job that anonymises what is past it.
// - retention_settings: one row (id is always true), the council's settings: whole years kept after the pupil left
//   (6 by default; 1 to 40), and who a subject access request goes to, both shown on the privacy notice;
// - pupils.anonymised_at: when the pupil's records were anonymised (their row stays, counted, naming no one);
//   the job finds pupils who left before the cut-off and are not yet anonymised through a partial index;
// - retention_runs: each run (the nightly one, once a London day however many portals run: a unique index on the
//   day; or an administrator's "run now"), with what it did;
// - the history tables stay append-only, with one narrow exception for the job: inside a transaction that has set
//   `portal.retention_scrub` on, an UPDATE may change only the free-text columns (comment, body, reason_text,
//   period_reason); every other column, and every DELETE, is still refused. In such a transaction only, the documents'
//   rows (funding_request_documents, lift_referral_documents) may be deleted, with their stored files. audit_events is not touched: its rows
//   hold no child's name or words (audit.server.ts), so they are kept as they are.
// One statement per query: the PGlite dialect rejects multi-statement strings.

const SCRUBBED_COLUMNS = "ARRAY['comment', 'body', 'reason_text', 'period_reason']";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE retention_settings (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    years_after_leaving integer NOT NULL DEFAULT 6 CHECK (years_after_leaving BETWEEN 1 AND 40),
    subject_access_contact text NOT NULL DEFAULT 'dataprotection@kent.gov.uk' CHECK (length(subject_access_contact) BETWEEN 3 AND 254),
    version integer NOT NULL DEFAULT 1,
    updated_by integer REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`INSERT INTO retention_settings DEFAULT VALUES`.execute(db);

  await sql`ALTER TABLE pupils ADD COLUMN anonymised_at timestamptz`.execute(db);
  await sql`CREATE INDEX pupils_left_to_anonymise_idx ON pupils (date_left, id) WHERE date_left IS NOT NULL AND anonymised_at IS NULL`.execute(db);

  await sql`CREATE TABLE retention_runs (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('scheduled', 'admin')),
    run_on date NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    started_by integer REFERENCES users (id),
    years_after_leaving integer NOT NULL,
    left_before date NOT NULL,
    finished_at timestamptz,
    anonymised integer NOT NULL DEFAULT 0 CHECK (anonymised >= 0),
    failed integer NOT NULL DEFAULT 0 CHECK (failed >= 0),
    CONSTRAINT retention_runs_started_by CHECK ((kind = 'admin') = (started_by IS NOT NULL))
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX retention_runs_scheduled_once ON retention_runs (run_on) WHERE kind = 'scheduled'`.execute(db);

  await sql.raw(`CREATE OR REPLACE FUNCTION funding_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND current_setting('portal.retention_scrub', true) = 'on'
        AND (to_jsonb(NEW) - ${SCRUBBED_COLUMNS}) = (to_jsonb(OLD) - ${SCRUBBED_COLUMNS}) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
    END;
  $$`).execute(db);
  // Documents about a pupil past the period are deleted, rows and bytes: only in such a transaction.
  await sql`CREATE OR REPLACE FUNCTION funding_documents_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('portal.retention_scrub', true) = 'on' THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION '% rows are kept for the audit trail', TG_TABLE_NAME;
    END;
  $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE OR REPLACE FUNCTION funding_documents_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'funding_request_documents rows are kept for the audit trail';
    END;
  $$`.execute(db);
  await sql`CREATE OR REPLACE FUNCTION funding_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
    END;
  $$`.execute(db);
  await sql`DROP TABLE retention_runs`.execute(db);
  await sql`DROP INDEX pupils_left_to_anonymise_idx`.execute(db);
  await sql`ALTER TABLE pupils DROP COLUMN anonymised_at`.execute(db);
  await sql`DROP TABLE retention_settings`.execute(db);
}
