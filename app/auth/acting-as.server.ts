import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import type { Actor } from "../domain/access/access.server.ts";
import { recordAudit } from "../domain/audit/audit.server.ts";
import { setActingMembership } from "./session.server.ts";

/**
 * Makes the actor's session act in another of their memberships, without a new sign-in. Refused (false) for a
 * membership they do not hold. Audited as the membership they switch from, naming both.
 */
export async function switchMembership(db: Kysely<Database>, actor: Actor, key: string, requestId: string): Promise<boolean> {
  if (!actor.memberships.some((m) => m.key === key)) return false;
  if (key === actor.actingAs.key) return true;
  await db.transaction().execute(async (trx) => {
    await setActingMembership(trx, actor.sessionId, key);
    await recordAudit(trx, {
      actor,
      action: "auth.switch_membership",
      subjectType: "user",
      subjectId: actor.userId,
      requestId,
      detail: { from: actor.actingAs.key, to: key },
    });
  });
  return true;
}
