import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import { auditActorFor, recordAudit } from "../domain/audit/audit.server.ts";
import type { Result } from "../domain/result.ts";
import { hashPassword, passwordProblem } from "./password.server.ts";
import { RESET_LINK_ENDED } from "./password-reset-words.ts";
import { generateSessionToken, sessionIdFromToken } from "./session.server.ts";

/**
 * Password reset by email (issue 12, ADR 57), on the same design as sessions: a random one-time token in the link,
 * only its SHA-256 in the database.
 *
 * - Asking for a link gets the same answer whether or not the address has an account, and whatever the limits
 *   did, except too many requests from one internet address, which are answered as such (429).
 * - The link is made when the email is sent (`resetLinkFor`, called by the outbox's dispatch), so no working link is
 *   ever stored: not in the outbox, not on the admin's outbox page.
 * - A link lasts an hour and works once; a reset ends every other link and every session of the account.
 */

export const RESET_LINK_MS = 60 * 60 * 1000;
/** At most this many reset emails to one account an hour; more requests are answered alike but send nothing. */
export const RESETS_PER_ACCOUNT_PER_HOUR = 3;
/** At most this many requests from one internet address in RESET_IP_WINDOW_MS; past it, 429. */
export const RESETS_PER_IP = 10;
export const RESET_IP_WINDOW_MS = 15 * 60 * 1000;

const RESET_PATH = "/password-reset";

export function isResetTokenShape(token: string): boolean {
  return /^[a-z2-7]{32}$/.test(token);
}

export type ResetRequestResult = { ok: true } | { ok: false; tooMany: true };

export async function requestPasswordReset(
  db: Kysely<Database>,
  input: { email: string; ip: string; requestId: string },
  now = new Date(),
): Promise<ResetRequestResult> {
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const fromIp = await trx
      .selectFrom("password_resets")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("ip", "=", input.ip)
      .where("requested_at", ">", new Date(now.getTime() - RESET_IP_WINDOW_MS))
      .executeTakeFirstOrThrow();
    if (Number(fromIp.n) >= RESETS_PER_IP) {
      await recordAudit(trx, { action: "auth.password_reset_rate_limited", subjectType: "sign_in", requestId: input.requestId, detail: { byIp: true } });
      return { ok: false as const, tooMany: true as const };
    }
    const user = await trx.selectFrom("users").select(["id", "active"]).where("email", "=", email).executeTakeFirst();
    const account = user?.active ? user : undefined;
    const recent = account
      ? await trx
          .selectFrom("email_outbox")
          .innerJoin("password_resets", "password_resets.id", "email_outbox.password_reset_id")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("password_resets.user_id", "=", account.id)
          .where("password_resets.requested_at", ">", new Date(now.getTime() - 60 * 60 * 1000))
          .executeTakeFirstOrThrow()
      : { n: 0 };
    const sending = Boolean(account) && Number(recent.n) < RESETS_PER_ACCOUNT_PER_HOUR;
    const reset = await trx
      .insertInto("password_resets")
      .values({ user_id: account?.id ?? null, email: email.slice(0, 320), ip: input.ip, requested_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (account && sending) {
      await trx
        .insertInto("email_outbox")
        .values({
          to_address: email,
          subject: "Reset your password for the Kent SEND inclusion portal",
          body: [
            "Someone, probably you, asked to reset the password of your account on the Kent SEND inclusion portal.",
            "To choose a new password, open the link below within an hour. It works once.",
            "If you did not ask for this, you can ignore this email: your password has not changed.",
          ].join("\n\n"),
          // The link is made when the email is sent (resetLinkFor): this is where it leads without its token.
          link: RESET_PATH,
          password_reset_id: reset.id,
        })
        .execute();
    }
    await recordAudit(trx, {
      actor: account ? await auditActorFor(trx, account.id) : undefined,
      action: "auth.password_reset_requested",
      subjectType: account ? "user" : "sign_in",
      subjectId: account?.id,
      requestId: input.requestId,
      detail: { emailed: sending, ...(account ? {} : { reason: user ? "deactivated" : "unknown_email" }) },
    });
    return { ok: true as const };
  });
}

/**
 * The one-time link for a reset email being sent now: a new token whose hash replaces any earlier one of this
 * request (a retried or resent email carries a fresh link; the older one stops working), valid for an hour from
 * now. Null when the request is no longer wanted (used, or ended by a newer reset).
 */
export async function resetLinkFor(db: Kysely<Database>, resetId: number, now = new Date()): Promise<string | null> {
  const token = generateSessionToken();
  const updated = await db
    .updateTable("password_resets")
    .set({ token_hash: sessionIdFromToken(token), expires_at: new Date(now.getTime() + RESET_LINK_MS) })
    .where("id", "=", resetId)
    .where("used_at", "is", null)
    .where("user_id", "is not", null)
    .returning("id")
    .executeTakeFirst();
  // The token in the query, not the path: request logs carry paths and never queries.
  return updated ? `${RESET_PATH}/new?token=${token}` : null;
}

function liveReset(db: Kysely<Database>, token: string, now: Date) {
  return db
    .selectFrom("password_resets")
    .innerJoin("users", "users.id", "password_resets.user_id")
    .where("password_resets.token_hash", "=", sessionIdFromToken(token))
    .where("password_resets.used_at", "is", null)
    .where("password_resets.expires_at", ">", now)
    .where("users.active", "=", true);
}

/** Whether a reset link still works (the page shows the form, or says to ask for a new link). */
export async function resetLinkWorks(db: Kysely<Database>, token: string, now = new Date()): Promise<boolean> {
  if (!isResetTokenShape(token)) return false;
  return Boolean(await liveReset(db, token, now).select("password_resets.id").executeTakeFirst());
}

/**
 * Sets a new password from a reset link: the link is used up, every other link of the account ends, and every
 * session of the account ends (whoever had the old password is signed out). The person then signs in.
 */
export async function resetPassword(
  db: Kysely<Database>,
  input: { token: string; newPassword: string; requestId: string },
  now = new Date(),
): Promise<Result<{ userId: number }>> {
  if (!isResetTokenShape(input.token)) return { ok: false, formError: RESET_LINK_ENDED };
  const found = await liveReset(db, input.token, now).select(["users.email"]).executeTakeFirst();
  if (!found) return { ok: false, formError: RESET_LINK_ENDED };
  const problem = passwordProblem(input.newPassword, { email: found.email });
  if (problem) return { ok: false, fieldErrors: { newPassword: [problem] } };
  // Hashed before the transaction (scrypt takes a moment), then the link is checked again under its row's lock: two
  // tabs sending the same link reset the password once.
  const hash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    const reset = await liveReset(trx, input.token, now).select(["password_resets.user_id"]).forUpdate("password_resets").executeTakeFirst();
    if (!reset || reset.user_id === null) return { ok: false as const, formError: RESET_LINK_ENDED };
    const userId = reset.user_id;
    await trx
      .updateTable("users")
      .set((eb) => ({ password_hash: hash, password_changed_at: now, updated_at: now, version: eb("version", "+", 1) }))
      .where("id", "=", userId)
      .execute();
    await trx.updateTable("password_resets").set({ used_at: now }).where("user_id", "=", userId).where("used_at", "is", null).execute();
    await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await recordAudit(trx, { actor: await auditActorFor(trx, userId), action: "auth.password_reset", subjectType: "user", subjectId: userId, requestId: input.requestId });
    return { ok: true as const, userId };
  });
}
