import { sql, type Kysely } from "kysely";

// Issue 7: "High Needs Funding (mainstream, no EHC plan)" offered pupils with an EHC plan, because a scheme
// could say only whether a request names a pupil, not which pupils. Each scheme now has a pupil rule the council
// sets on the scheme form: any pupil on the register, only pupils on SEN support (K), or only pupils with an EHC
// plan (E). The schemes this database was given by the funding migration get theirs: High Needs Funding is for
// pupils on SEN support, the EHC plan top-up for pupils with a plan; every other scheme keeps any pupil.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE funding_schemes ADD COLUMN pupil_rule text NOT NULL DEFAULT 'any'
    CONSTRAINT funding_schemes_pupil_rule_check CHECK (pupil_rule IN ('any', 'sen_support', 'ehc_plan'))`.execute(db);
  // A scheme whose requests name no pupil has no pupils to choose from.
  await sql`ALTER TABLE funding_schemes ADD CONSTRAINT funding_schemes_pupil_rule_needs_pupil CHECK (requires_pupil OR pupil_rule = 'any')`.execute(db);
  await sql`UPDATE funding_schemes SET pupil_rule = 'sen_support' WHERE code = 'HNF' AND requires_pupil`.execute(db);
  await sql`UPDATE funding_schemes SET pupil_rule = 'ehc_plan' WHERE code = 'EHC' AND requires_pupil`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE funding_schemes DROP COLUMN pupil_rule`.execute(db);
}
