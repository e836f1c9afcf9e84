import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { resourceProvisionInReach } from "../access/scopes.server.ts";
import { srpHeading } from "./register.server.ts";

/**
 * The SRPs a list of schools host, as other areas' pages name them ("ASD resource provision, Years R to 6"): a
 * champion's school profile (issue 11). Facts about the school, not about any child; only those the actor reaches,
 * and not closed ones.
 */
export async function srpsOfSchools(db: Kysely<Database>, actor: Actor, schoolIds: number[]): Promise<Map<number, string[]>> {
  const bySchool = new Map<number, string[]>();
  if (schoolIds.length === 0) return bySchool;
  const rows = await db
    .selectFrom("resource_provisions")
    .select(["resource_provisions.school_id", "resource_provisions.designation_code", "resource_provisions.first_year_group", "resource_provisions.last_year_group", "resource_provisions.status"])
    .where(resourceProvisionInReach(actor))
    .where("resource_provisions.school_id", "in", schoolIds)
    .where("resource_provisions.status", "<>", "closed")
    .orderBy("resource_provisions.designation_code")
    .execute();
  for (const r of rows) {
    const label = `${srpHeading(r)}${r.status === "closing" ? " (closing)" : ""}`;
    bySchool.set(r.school_id, [...(bySchool.get(r.school_id) ?? []), label]);
  }
  return bySchool;
}
