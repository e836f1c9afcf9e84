import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { DB_INTEGER_MAX } from "../record.ts";
import type { Result } from "../result.ts";
import { MAX_ATTEMPTS } from "./outbox.server.ts";

/** The admin's "Send again" on an email the outbox gave up on (issue 8). */
export const resendSchema = z.object({
  intent: z.literal("resend"),
  emailId: z.coerce.number().int().min(1).max(DB_INTEGER_MAX),
});

/**
 * Puts a failed email back in the queue: its attempts start again from none and it is due now; the dispatcher sends
 * it as any other (at least once, ADR 10). Audited in the same transaction. An email that is no longer failed (sent,
 * or already waiting again after a first "Send again") is answered as done and nothing is written: a form sent twice
 * counts once. An email that is not in the outbox is a 404.
 */
export async function resendEmail(db: Kysely<Database>, actor: Actor, input: { emailId: number }, requestId: string, now = new Date()): Promise<Result<{ again: boolean }>> {
  requirePermission(actor, "outbox:resend");
  return db.transaction().execute(async (trx) => {
    const email = await trx.selectFrom("email_outbox").select(["id", "attempts", "sent_at"]).where("id", "=", input.emailId).forUpdate().executeTakeFirst();
    if (!email) notFound();
    if (email.sent_at !== null || email.attempts < MAX_ATTEMPTS) return { ok: true, again: true };
    await trx.updateTable("email_outbox").set({ attempts: 0, next_attempt_at: now }).where("id", "=", email.id).execute();
    await recordAudit(trx, { actor, action: "email.resend", subjectType: "email", subjectId: email.id, requestId, detail: { attemptsBefore: email.attempts } });
    return { ok: true, again: false };
  });
}
