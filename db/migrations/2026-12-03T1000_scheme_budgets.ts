import { sql, type Kysely } from "kysely";

// Issue 13: each funding scheme's budget for a financial year, entered by council officers; the funding dashboard
// sets the year's awards against it. Versioned like a school's notional SEN budget (school_sen_budgets).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE funding_scheme_budgets (
    scheme_id integer NOT NULL REFERENCES funding_schemes (id),
    financial_year integer NOT NULL CHECK (financial_year BETWEEN 2000 AND 2100),
    budget_pence bigint NOT NULL CHECK (budget_pence >= 0 AND budget_pence <= 100000000000),
    updated_by integer NOT NULL REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    PRIMARY KEY (scheme_id, financial_year)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE funding_scheme_budgets`.execute(db);
}
