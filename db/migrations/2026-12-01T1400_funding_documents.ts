import { sql, type Kysely } from "kysely";

// Evidence documents attached to funding requests (ADR 29). The bytes live in PostgreSQL, in chunks, so every
// portal instance sees the same files and neither an upload nor a download holds a whole file in memory:
// - stored_files: one row per stored file under a generated key; `complete` is false while an upload is still
//   arriving (its chunks are written one statement at a time, outside any transaction) and set, with the
//   document row, in the transaction that attaches it. An upload that fails or is cut off is deleted; one left
//   by a crashed process is swept (never complete, never served).
// - stored_file_chunks: the bytes, 256 KiB a row (TOAST keeps them out of line).
// - funding_request_documents: what the school said the file is and where it belongs. Never deleted: a
//   withdrawn document keeps its row and its bytes for the audit trail.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE stored_files (
    storage_key uuid PRIMARY KEY,
    byte_size integer NOT NULL DEFAULT 0 CHECK (byte_size >= 0),
    complete boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX stored_files_incomplete_idx ON stored_files (created_at) WHERE NOT complete`.execute(db);
  await sql`CREATE TABLE stored_file_chunks (
    storage_key uuid NOT NULL REFERENCES stored_files (storage_key) ON DELETE CASCADE,
    seq integer NOT NULL CHECK (seq >= 0),
    bytes bytea NOT NULL,
    PRIMARY KEY (storage_key, seq)
  )`.execute(db);

  await sql`CREATE TABLE funding_request_documents (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    funding_request_id integer NOT NULL REFERENCES funding_requests (id),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    evidence_key text NOT NULL CHECK (length(evidence_key) BETWEEN 1 AND 100),
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
    withdrawn_reason text CHECK (length(withdrawn_reason) <= 2000),
    UNIQUE (funding_request_id, upload_key),
    CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
  )`.execute(db);
  await sql`CREATE INDEX funding_request_documents_request_idx ON funding_request_documents (funding_request_id, id)`.execute(db);
  // Kept for the audit trail: a document row is never deleted (withdrawing is an update).
  await sql`CREATE FUNCTION funding_documents_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'funding_request_documents rows are kept for the audit trail';
    END;
  $$`.execute(db);
  await sql`CREATE TRIGGER funding_request_documents_kept BEFORE DELETE ON funding_request_documents
    FOR EACH ROW EXECUTE FUNCTION funding_documents_kept()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE funding_request_documents`.execute(db);
  await sql`DROP FUNCTION funding_documents_kept()`.execute(db);
  await sql`DROP TABLE stored_file_chunks`.execute(db);
  await sql`DROP TABLE stored_files`.execute(db);
}
