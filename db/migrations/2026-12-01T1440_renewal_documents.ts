import { sql, type Kysely } from "kysely";

// "Apply again" keeps the documents by reference (issue 8, ADR 33): a renewal's draft lists the documents the
// request it renews still had attached, each its own row (its own withdrawal, its own downloads and audit rows)
// pointing at the same stored file. So a stored file may now be named by several document rows:
// - the UNIQUE constraint on storage_key goes; an index stays (a file's documents are found by it);
// - carried_from_document_id names the document a row was carried over from. The pair (carried_from, storage_key)
//   references the source's (id, storage_key), so a carried row always points at its source's file; a request
//   carries a document over once.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE funding_request_documents DROP CONSTRAINT funding_request_documents_storage_key_key`.execute(db);
  await sql`CREATE INDEX funding_request_documents_storage_key_idx ON funding_request_documents (storage_key)`.execute(db);
  await sql`ALTER TABLE funding_request_documents ADD CONSTRAINT funding_request_documents_id_storage_key_key UNIQUE (id, storage_key)`.execute(db);
  await sql`ALTER TABLE funding_request_documents ADD COLUMN carried_from_document_id integer`.execute(db);
  await sql`ALTER TABLE funding_request_documents ADD CONSTRAINT funding_request_documents_carried_from_fkey
    FOREIGN KEY (carried_from_document_id, storage_key) REFERENCES funding_request_documents (id, storage_key)`.execute(db);
  await sql`CREATE UNIQUE INDEX funding_request_documents_carried_once ON funding_request_documents (funding_request_id, carried_from_document_id)
    WHERE carried_from_document_id IS NOT NULL`.execute(db);
}

// Undoing it needs every stored file to be named once again: with renewals' carried documents in the table, adding
// the UNIQUE constraint back fails (naming a shared key) and nothing is changed.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX funding_request_documents_carried_once`.execute(db);
  await sql`ALTER TABLE funding_request_documents DROP COLUMN carried_from_document_id`.execute(db);
  await sql`ALTER TABLE funding_request_documents DROP CONSTRAINT funding_request_documents_id_storage_key_key`.execute(db);
  await sql`DROP INDEX funding_request_documents_storage_key_idx`.execute(db);
  await sql`ALTER TABLE funding_request_documents ADD CONSTRAINT funding_request_documents_storage_key_key UNIQUE (storage_key)`.execute(db);
}
