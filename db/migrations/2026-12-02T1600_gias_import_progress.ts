import { sql, type Kysely } from "kysely";

// Issue 12, ADR 65: a GIAS extract's dry run is read after its upload is answered, and its page shows how much of
// the file has been read. `bytes_read` moves with the heartbeat, each batch of rows.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE gias_imports ADD COLUMN bytes_read bigint NOT NULL DEFAULT 0 CHECK (bytes_read >= 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE gias_imports DROP COLUMN bytes_read`.execute(db);
}
