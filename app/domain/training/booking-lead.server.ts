import { type Actor, can, notFound, requirePermission } from "../access/access.server.ts";
import { ownSchoolId } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import type { Result } from "../result.ts";
import { trainingLeadCopy } from "./attendee-mail.server.ts";
import type { DB } from "./booking-store.server.ts";

/**
 * The school's training lead (ADR 39): the address copied on its staff's booking emails. The headteacher names
 * it; with none named, the school's SENCOs are copied. Any school booker sees who is copied.
 */
export async function getTrainingLead(db: DB, actor: Actor) {
  requirePermission(actor, "training:book");
  const schoolId = ownSchoolId(actor);
  if (schoolId === undefined) notFound();
  const school = await db.selectFrom("schools").select(["training_lead_email"]).where("id", "=", schoolId).executeTakeFirstOrThrow();
  return { lead: school.training_lead_email, copied: await trainingLeadCopy(db, schoolId), mayChange: can(actor, "training:lead") };
}

export async function setTrainingLead(db: DB, actor: Actor, input: { email: string | null }, requestId: string): Promise<Result<object>> {
  requirePermission(actor, "training:lead");
  const schoolId = ownSchoolId(actor);
  if (schoolId === undefined) notFound();
  return db.transaction().execute(async (trx) => {
    await trx.updateTable("schools").set({ training_lead_email: input.email }).where("id", "=", schoolId).execute();
    await recordAudit(trx, { actor, action: "school.training_lead", subjectType: "school", subjectId: schoolId, requestId, detail: { set: input.email !== null } });
    return { ok: true };
  });
}
