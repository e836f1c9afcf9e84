import { sql, type Kysely } from "kysely";

// Issue 8, the school side (ADR 31).
// - Parental consent is recorded on the request: who gave it, when, and how. A draft may hold part of it; sending
//   requires all three (funding.rules.ts). The ways consent can be given are a typed list (funding/consent.ts);
//   the CHECK keeps the column to it, as funding_schemes.pupil_rule does.
// - A renewal ("Apply again") names the request it renews. A request is renewed at most once: the unique index
//   makes a form sent twice, or two people at once, one renewal.
// - The headteacher's sign-off is a declaration: the words they confirmed are kept on the request.
// - Duplicate checks look up a pupil's requests under one scheme: an index on (pupil_id, scheme_id).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE funding_requests
    ADD COLUMN consent_given_by text CHECK (length(consent_given_by) BETWEEN 1 AND 120),
    ADD COLUMN consent_date date,
    ADD COLUMN consent_method text CHECK (consent_method IN ('in_writing', 'meeting', 'email', 'phone', 'other')),
    ADD COLUMN renews_request_id integer REFERENCES funding_requests (id),
    ADD COLUMN sign_off_declaration text CHECK (length(sign_off_declaration) BETWEEN 1 AND 500)`.execute(db);
  await sql`CREATE UNIQUE INDEX funding_requests_renews_once ON funding_requests (renews_request_id)`.execute(db);
  await sql`CREATE INDEX funding_requests_pupil_scheme_idx ON funding_requests (pupil_id, scheme_id) WHERE pupil_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX funding_requests_pupil_scheme_idx`.execute(db);
  await sql`DROP INDEX funding_requests_renews_once`.execute(db);
  await sql`ALTER TABLE funding_requests
    DROP COLUMN sign_off_declaration,
    DROP COLUMN renews_request_id,
    DROP COLUMN consent_method,
    DROP COLUMN consent_date,
    DROP COLUMN consent_given_by`.execute(db);
}
