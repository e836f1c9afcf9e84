import { sql, type Kysely } from "kysely";

// A draft's provision plan keeps a line as far as it was typed (issue 14: "Save as draft" saves every field that
// can be stored): a line with its provision and cost but no hours yet is stored with hours left empty. Each value
// still has its own CHECK (a NULL passes it); a line must hold something. Sending the request requires every
// line to be whole (funding.rules.ts), so a submitted request's lines are all complete.

const COLUMNS = ["description", "delivered_by", "hours_per_week", "weeks", "cost_pence"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of COLUMNS) {
    await sql`ALTER TABLE funding_request_lines ALTER COLUMN ${sql.ref(column)} DROP NOT NULL`.execute(db);
  }
  await sql`ALTER TABLE funding_request_lines ADD CONSTRAINT funding_request_lines_not_empty
    CHECK (num_nonnulls(description, delivered_by, hours_per_week, weeks, cost_pence) > 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM funding_request_lines WHERE num_nulls(description, delivered_by, hours_per_week, weeks, cost_pence) > 0`.execute(db);
  await sql`ALTER TABLE funding_request_lines DROP CONSTRAINT funding_request_lines_not_empty`.execute(db);
  for (const column of COLUMNS) {
    await sql`ALTER TABLE funding_request_lines ALTER COLUMN ${sql.ref(column)} SET NOT NULL`.execute(db);
  }
}
