import { sql, type Kysely } from "kysely";

// Issue 13 (ADR 75): the small-number rule every figure about pupils is published under, a council setting rather
// than a constant. One row (id is always true): the rule's kind ('suppress': counts of 1 to threshold - 1 withheld,
// the rest exact; 'round': NHS England's, counts of 1 to 7 withheld and the rest rounded to the nearest 5), the
// threshold the suppress rule uses (3 to 20; kept, unused, while the round rule is chosen), and the protection
// interval no withheld count may be worked out to within (1 to 20). Versioned and audited like the retention settings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE insight_disclosure_settings (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    rule_kind text NOT NULL DEFAULT 'suppress' CHECK (rule_kind IN ('suppress', 'round')),
    threshold integer NOT NULL DEFAULT 5 CHECK (threshold BETWEEN 3 AND 20),
    protection integer NOT NULL DEFAULT 5 CHECK (protection BETWEEN 1 AND 20),
    version integer NOT NULL DEFAULT 1,
    updated_by integer REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`INSERT INTO insight_disclosure_settings DEFAULT VALUES`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE insight_disclosure_settings`.execute(db);
}
