import { sql, type Kysely } from "kysely";

// Which of a person's memberships a session acts in (app/domain/access/memberships.ts): null until they
// switch, meaning their first. Switching is a POST, audited; it does not need a new sign-in.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sessions ADD COLUMN acting_as text CHECK (length(acting_as) <= 80)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sessions DROP COLUMN acting_as`.execute(db);
}
