import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { type Result } from "../result.ts";
import type { CouncilArea } from "../schools/council-areas.ts";
import { canonicalJson } from "../workflow/resubmission.server.ts";
import { claimVersion, officerAreasOf, requireAccount, resubmitted } from "./user-records.server.ts";

type DB = Kysely<Database>;

// The areas a council officer works in (ADR 30), as the admin sets them on the user's page. They decide which
// requests the officer is told of and may assign (funding/casework/areas.server.ts), not what the officer sees.

export const NOT_AN_OFFICER = "They are not a council officer, so they do not work in an area. Give them the council officer role first.";

/** Whether the person holds a council officer membership (the only role that works by area). */
export async function isCouncilOfficer(db: DB, userId: number): Promise<boolean> {
  const row = await db.selectFrom("memberships").select("id").where("user_id", "=", userId).where("role", "=", "council_officer").executeTakeFirst();
  return row !== undefined;
}

/**
 * Sets the areas a council officer works in to exactly `areas` (none is allowed), version-checked against the
 * user's row and audited. The same areas sent again (a double click) are answered as done, with nothing written.
 */
export async function setOfficerAreas(
  db: DB,
  actor: Actor,
  userId: number,
  input: { areas: CouncilArea[]; version: number },
  requestId: string,
): Promise<Result<object>> {
  await requireAccount(db, actor, userId);
  return db.transaction().execute(async (trx) => {
    if (!(await isCouncilOfficer(trx, userId))) return { ok: false as const, formError: NOT_AN_OFFICER };
    if (!(await claimVersion(trx, userId, input.version))) return resubmitted(trx, actor, userId, { areas: input.areas });
    const before = await officerAreasOf(trx, userId);
    // Nothing to change: the claim is undone with the transaction, so the version stays and no audit row is written.
    if (canonicalJson(before) === canonicalJson(input.areas)) throw new Unchanged();
    await trx.deleteFrom("officer_areas").where("user_id", "=", userId).execute();
    if (input.areas.length > 0) {
      await trx
        .insertInto("officer_areas")
        .values(input.areas.map((area) => ({ user_id: userId, area })))
        .execute();
    }
    await recordAudit(trx, {
      actor,
      action: "user.set_officer_areas",
      subjectType: "user",
      subjectId: userId,
      requestId,
      detail: { areas: input.areas, from: before },
    });
    return { ok: true as const };
  }).catch((error: unknown) => {
    if (error instanceof Unchanged) return { ok: true as const };
    throw error;
  });
}

class Unchanged extends Error {
  constructor() {
    super("officer areas unchanged");
  }
}
