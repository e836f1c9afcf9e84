import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { fundingRequestInReach, pupilInReach } from "../access/scopes.server.ts";
import { type SenProvision } from "./pupil-codes.ts";
import { type PupilDetail, pupilRows, toDetail } from "./register.server.ts";

/** What the funding work reads of the register: the pupil a request names, the pupils a form offers, checks. */

type DB = Kysely<Database>;

/**
 * The pupil a funding request names, for the request's page: reached through the request (fundingRequestInReach),
 * the only way a council officer sees a pupil. The caller writes the `pupil.view` audit row with the request's.
 */
export async function pupilOfFundingRequest(db: DB, actor: Actor, fundingRequestId: number): Promise<PupilDetail | undefined> {
  const row = await pupilRows(db)
    .innerJoin("funding_requests", "funding_requests.pupil_id", "pupils.id")
    .where("funding_requests.id", "=", fundingRequestId)
    .where(fundingRequestInReach(actor))
    .executeTakeFirst();
  return row ? toDetail(row) : undefined;
}

export interface PupilChoice {
  id: number;
  /** "First Last", for a select box. */
  name: string;
  upn: string | null;
}

/**
 * The actor's school's current pupils (not marked as left), sorted by last name, for the pupil select box
 * on a funding request; only those with `provision` when given (a scheme's pupil rule). School staff only
 * (pupils:view). Writes no audit row: the funding use-case that shows the form decides what to record.
 */
export async function listCurrentPupilsForFundingRequest(db: DB, actor: Actor, provision: SenProvision | null = null): Promise<PupilChoice[]> {
  requirePermission(actor, "pupils:view");
  let query = db
    .selectFrom("pupils")
    .select(["id", "first_name", "last_name", "upn"])
    .where(pupilInReach(actor))
    .where("date_left", "is", null);
  if (provision) query = query.where("sen_provision", "=", provision);
  const rows = await query
    .orderBy(sql`lower(last_name)`)
    .orderBy(sql`lower(first_name)`)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: `${r.first_name} ${r.last_name}`, upn: r.upn }));
}

/**
 * The SEN provision (K or E) of a current pupil of this school, for checking a funding scheme's pupil rule; null
 * when the pupil is not on this school's register or has left (a crafted POST with another school's pupil).
 */
export async function currentPupilProvision(db: DB, actor: Actor, pupilId: number): Promise<string | null> {
  if (!Number.isSafeInteger(pupilId) || pupilId <= 0) return null;
  const row = await db
    .selectFrom("pupils")
    .select("sen_provision")
    .where("id", "=", pupilId)
    .where(pupilInReach(actor))
    .where("date_left", "is", null)
    .executeTakeFirst();
  return row?.sen_provision ?? null;
}
