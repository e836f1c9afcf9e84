import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { hashPassword, passwordProblem, verifyPassword } from "../../auth/password.server.ts";
import { createSession, generateSessionToken } from "../../auth/session.server.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { type Result, refuse } from "../result.ts";

export async function getAccount(db: Kysely<Database>, actor: Actor) {
  requirePermission(actor, "account:manage");
  const user = await db
    .selectFrom("users")
    .select(["email", "display_name", "password_changed_at"])
    .where("id", "=", actor.userId)
    .executeTakeFirstOrThrow();
  return { email: user.email, name: user.display_name, passwordChangedAt: user.password_changed_at };
}

/**
 * Changes the actor's password. Every session of theirs ends (a thief's included) and a new one starts for
 * this browser: the returned token goes into the cookie.
 */
export async function changePassword(
  db: Kysely<Database>,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  requestId: string,
): Promise<Result<{ token: string }>> {
  requirePermission(actor, "account:manage");
  const user = await db.selectFrom("users").select(["password_hash", "email"]).where("id", "=", actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    return refuse("currentPassword", "Your current password is not right");
  }
  const problem = passwordProblem(input.newPassword, { email: user.email });
  if (problem) return refuse("newPassword", problem);
  const hash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set((eb) => ({ password_hash: hash, password_changed_at: new Date(), updated_at: new Date(), version: eb("version", "+", 1) }))
      .where("id", "=", actor.userId)
      .execute();
    await trx.deleteFrom("sessions").where("user_id", "=", actor.userId).execute();
    const token = generateSessionToken();
    await createSession(trx, token, actor.userId);
    await recordAudit(trx, { actor, action: "auth.password_change", subjectType: "user", subjectId: actor.userId, requestId });
    return { ok: true as const, token };
  });
}
