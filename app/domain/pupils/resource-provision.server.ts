import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { pupilInReach, resourceProvisionInReach } from "../access/scopes.server.ts";
import { lastChangeOf, recordAudit } from "../audit/audit.server.ts";
import { updateAtVersion } from "../record.server.ts";
import type { Result } from "../result.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";

/**
 * The SRP mark on the register (issue 11, ADR 50): a pupil may be placed in one of their school's own SRPs, so a
 * term's return can be checked against the register's count. The pupils table's composite foreign key keeps the
 * mark inside the school whatever is posted; a change is version-checked like any change to the record.
 */

type DB = Kysely<Database>;

export interface PupilSrpMark {
  current: { id: number; label: string } | null;
  options: { value: string; label: string }[];
}

/** The pupil's SRP, if any, and the school's SRPs to choose from (none when the school hosts none). */
export async function getPupilSrpMark(db: DB, actor: Actor, pupilId: number): Promise<PupilSrpMark> {
  requirePermission(actor, "pupils:view");
  const pupil = await db.selectFrom("pupils").select(["id", "school_id", "resource_provision_id"]).where("id", "=", pupilId).where(pupilInReach(actor)).executeTakeFirst();
  if (!pupil) notFound();
  const srps = await db
    .selectFrom("resource_provisions")
    .innerJoin("srp_designations", "srp_designations.code", "resource_provisions.designation_code")
    .select(["resource_provisions.id", "resource_provisions.designation_code", "resource_provisions.status", "srp_designations.name"])
    .where("resource_provisions.school_id", "=", pupil.school_id)
    .orderBy("resource_provisions.designation_code")
    .execute();
  const label = (s: (typeof srps)[number]) => `${s.designation_code} resource provision (${s.name})`;
  const current = srps.find((s) => s.id === pupil.resource_provision_id);
  return {
    current: current ? { id: current.id, label: label(current) } : null,
    options: srps.filter((s) => s.status !== "closed" || s.id === pupil.resource_provision_id).map((s) => ({ value: String(s.id), label: label(s) })),
  };
}

/** Places the pupil in one of the school's SRPs, or takes them out (null), at the version the SENCO saw. */
export async function setPupilSrp(db: DB, actor: Actor, pupilId: number, input: { version: number; resourceProvisionId: number | null }, requestId: string): Promise<Result<object>> {
  requirePermission(actor, "pupils:manage");
  const pupil = await db.selectFrom("pupils").select(["id", "school_id", "version", "resource_provision_id"]).where("id", "=", pupilId).where(pupilInReach(actor)).executeTakeFirst();
  if (!pupil) notFound();
  if (input.resourceProvisionId !== null) {
    const srp = await db
      .selectFrom("resource_provisions")
      .select(["id", "status"])
      .where("id", "=", input.resourceProvisionId)
      .where("school_id", "=", pupil.school_id)
      .where(resourceProvisionInReach(actor))
      .executeTakeFirst();
    if (!srp || (srp.status === "closed" && srp.id !== pupil.resource_provision_id)) return { ok: false, fieldErrors: { resourceProvisionId: ["Select one of the school's SRPs, or none"] } };
  }
  const set = { resource_provision_id: input.resourceProvisionId };
  const resubmitted = async () =>
    answerOldVersion(db, actor, {
      submitted: set,
      recorded: await db.selectFrom("pupils").select("resource_provision_id").where("id", "=", pupilId).executeTakeFirstOrThrow(),
      labels: { resource_provision_id: "resource provision" },
      changed: await lastChangeOf(db, { type: "pupil", id: pupilId }, ["pupil.create", "pupil.update", "pupil.left"]),
    });
  if (pupil.version !== input.version) return resubmitted();
  return db.transaction().execute(async (trx): Promise<Result<object>> => {
    if (!(await updateAtVersion(trx, "pupils", { id: pupilId }, input.version, set, pupilInReach(actor)))) return resubmitted();
    await recordAudit(trx, { actor, action: "pupil.update", subjectType: "pupil", subjectId: pupilId, requestId, detail: { fields: ["resource_provision_id"] } });
    return { ok: true };
  });
}
