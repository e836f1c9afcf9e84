import { sql, type Kysely } from "kysely";

// Keys the portal makes for itself, shared by every app instance on the database: today the key that signs
// CSRF tokens (app/auth/csrf-token.server.ts), so that a token the portal did not issue is refused. Made on
// first use with a random value (base64url, 256 bits); never shown, never logged.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE app_secrets (
    name text PRIMARY KEY CHECK (name ~ '^[a-z_]+$'),
    secret text NOT NULL CHECK (secret ~ '^[A-Za-z0-9_-]{43,}$'),
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE app_secrets`.execute(db);
}
