import { sql, type Kysely } from "kysely";

// Issue 12: a person's account page lists their active sessions (the device, when it was last used) and can end
// any of them. A session remembers the browser's own description of itself (its User-Agent, cut to 512
// characters) to name the device, and gets an identifier of its own for the page's "Sign out" buttons: the
// session's id is the hash of its token and stays out of every page. Sessions made before this have no device.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sessions ADD COLUMN user_agent text CONSTRAINT sessions_user_agent_length CHECK (length(user_agent) <= 512)`.execute(db);
  await sql`ALTER TABLE sessions ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sessions DROP COLUMN public_id`.execute(db);
  await sql`ALTER TABLE sessions DROP COLUMN user_agent`.execute(db);
}
