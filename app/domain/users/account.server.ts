import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { hashPassword, passwordProblem, verifyPassword } from "../../auth/password.server.ts";
import { createSession, generateSessionToken } from "../../auth/session.server.ts";
import { passwordChecksLimited, recordPasswordCheck, type SignInLimits } from "../../auth/sign-in.server.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { type Result, refuse } from "../result.ts";

export async function getAccount(db: Kysely<Database>, actor: Actor) {
  requirePermission(actor, "account:manage");
  const user = await db
    .selectFrom("users")
    .leftJoin("totp_credentials", "totp_credentials.user_id", "users.id")
    .select(["users.email", "users.display_name", "users.password_changed_at", "totp_credentials.confirmed_at as two_factor_on_since"])
    .where("users.id", "=", actor.userId)
    .executeTakeFirstOrThrow();
  return { email: user.email, name: user.display_name, passwordChangedAt: user.password_changed_at, twoFactorOnSince: user.two_factor_on_since };
}

const TOO_MANY_PASSWORD_CHECKS = "There have been too many attempts with a wrong password. Wait a few minutes and try again.";

/**
 * Changes the actor's password. The current password is checked within the sign-in limits, with its failures
 * counted alongside sign-in's, so a stolen session cannot guess it without end. Every session of theirs ends
 * (a thief's included) and a new one starts for this browser: the returned token goes into the cookie. Past the
 * limits it is refused as too many attempts (`tooMany`), with the message on the current password.
 */
export async function changePassword(
  db: Kysely<Database>,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  request: { requestId: string; ip: string; limits: SignInLimits; userAgent?: string | null },
): Promise<Result<{ token: string }>> {
  requirePermission(actor, "account:manage");
  const { requestId } = request;
  const user = await db.selectFrom("users").select(["password_hash", "email"]).where("id", "=", actor.userId).executeTakeFirstOrThrow();
  const who = { email: user.email, ip: request.ip };
  if ((await passwordChecksLimited(db, who, request.limits)).limited) {
    await recordAudit(db, { actor, action: "auth.password_change_rate_limited", subjectType: "user", subjectId: actor.userId, requestId });
    return { ok: false, tooMany: true, fieldErrors: { currentPassword: [TOO_MANY_PASSWORD_CHECKS] } };
  }
  const currentOk = await verifyPassword(user.password_hash, input.currentPassword);
  await recordPasswordCheck(db, who, currentOk);
  if (!currentOk) {
    await recordAudit(db, { actor, action: "auth.password_change_failed", subjectType: "user", subjectId: actor.userId, requestId });
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
    await createSession(trx, token, actor.userId, new Date(), request.userAgent ?? null);
    await recordAudit(trx, { actor, action: "auth.password_change", subjectType: "user", subjectId: actor.userId, requestId });
    return { ok: true as const, token };
  });
}
