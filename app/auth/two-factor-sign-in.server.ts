import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import { auditActorFor, recordAudit } from "../domain/audit/audit.server.ts";
import { createSession, generateSessionToken, sessionIdFromToken } from "./session.server.ts";
import type { SignInLimits } from "./sign-in.server.ts";
import { codeChecksLimited, recordCodeCheck, type SecondFactor, useSecondFactor } from "./totp.server.ts";

/**
 * The step between a correct password and a session, for a person whose two-factor sign-in is on (ADR 58). The
 * browser holds a random token in a cookie of its own (never the session's); the database holds its SHA-256 in
 * sign_in_challenges, which no page reads as a session. It lasts five minutes and is used once: the code that
 * completes it replaces it with a new session.
 */

export const CHALLENGE_MS = 5 * 60 * 1000;

export function isChallengeTokenShape(token: string | undefined): token is string {
  return typeof token === "string" && /^[a-z2-7]{32}$/.test(token);
}

/** Starts the code step for `userId` (their password was right): the token for the cookie. */
export async function createChallenge(
  db: Kysely<Database>,
  userId: number,
  options: { redirectTo: string | null; userAgent: string | null },
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(now.getTime() + CHALLENGE_MS);
  await db.deleteFrom("sign_in_challenges").where("expires_at", "<=", now).execute();
  await db
    .insertInto("sign_in_challenges")
    .values({
      id: sessionIdFromToken(token),
      user_id: userId,
      created_at: now,
      expires_at: expiresAt,
      redirect_to: options.redirectTo?.slice(0, 2000) || null,
      user_agent: options.userAgent,
    })
    .execute();
  return { token, expiresAt };
}

function liveChallenge(db: Kysely<Database>, token: string, now: Date) {
  return db
    .selectFrom("sign_in_challenges")
    .innerJoin("users", "users.id", "sign_in_challenges.user_id")
    .where("sign_in_challenges.id", "=", sessionIdFromToken(token))
    .where("sign_in_challenges.expires_at", ">", now)
    .where("users.active", "=", true);
}

/** Whether the browser's code step is still open (the page asks for the code, or says to sign in again). */
export async function challengeOpen(db: Kysely<Database>, token: string | undefined, now = new Date()): Promise<boolean> {
  if (!isChallengeTokenShape(token)) return false;
  return Boolean(await liveChallenge(db, token, now).select("sign_in_challenges.id").executeTakeFirst());
}

export type SecondStepResult =
  | { ok: true; token: string; userId: number; expiresAt: Date; redirectTo: string | null }
  | { ok: false; reason: "expired" | "rate_limited" | "wrong" | "replayed" };

/**
 * Completes sign-in with a code from the app or a recovery code. Wrong codes are limited like wrong passwords; a
 * code already used (or its time step) is refused; the step ends when it succeeds, and a new session starts.
 */
export async function completeTwoFactorSignIn(
  db: Kysely<Database>,
  input: { token: string | undefined; factor: SecondFactor; ip: string; requestId: string; userAgent?: string | null },
  limits: SignInLimits,
  now = new Date(),
): Promise<SecondStepResult> {
  const { token } = input;
  if (!isChallengeTokenShape(token)) return { ok: false, reason: "expired" };
  const found = await liveChallenge(db, token, now).select("sign_in_challenges.user_id").executeTakeFirst();
  if (!found) return { ok: false, reason: "expired" };
  const who = { userId: found.user_id, ip: input.ip };
  const { limited, byIp } = await codeChecksLimited(db, who, limits, now);
  if (limited) {
    await recordAudit(db, {
      actor: await auditActorFor(db, who.userId),
      action: "auth.two_factor_rate_limited",
      subjectType: "user",
      subjectId: who.userId,
      requestId: input.requestId,
      detail: { byIp },
    });
    return { ok: false, reason: "rate_limited" };
  }
  return db.transaction().execute(async (trx) => {
    // Under the step's lock: two tabs sending codes at once complete it once.
    const challenge = await liveChallenge(trx, token, now)
      .select(["sign_in_challenges.id", "sign_in_challenges.user_id", "sign_in_challenges.redirect_to", "sign_in_challenges.user_agent"])
      .forUpdate("sign_in_challenges")
      .executeTakeFirst();
    if (!challenge) return { ok: false as const, reason: "expired" as const };
    const check = await useSecondFactor(trx, challenge.user_id, input.factor, now);
    await recordCodeCheck(trx, who, check.ok, now);
    const actor = await auditActorFor(trx, challenge.user_id);
    if (!check.ok) {
      await recordAudit(trx, {
        actor,
        action: "auth.two_factor_failed",
        subjectType: "user",
        subjectId: challenge.user_id,
        requestId: input.requestId,
        detail: { method: input.factor.method, reason: check.reason },
      });
      return { ok: false as const, reason: check.reason };
    }
    await trx.deleteFrom("sign_in_challenges").where("id", "=", challenge.id).execute();
    const sessionToken = generateSessionToken();
    const session = await createSession(trx, sessionToken, challenge.user_id, now, challenge.user_agent ?? input.userAgent ?? null);
    if (check.method === "recovery") {
      await recordAudit(trx, {
        actor,
        action: "auth.recovery_code_used",
        subjectType: "user",
        subjectId: challenge.user_id,
        requestId: input.requestId,
        detail: { recoveryCodesLeft: check.recoveryCodesLeft },
      });
    }
    await recordAudit(trx, {
      actor,
      action: "auth.sign_in",
      subjectType: "user",
      subjectId: challenge.user_id,
      requestId: input.requestId,
      detail: { secondFactor: check.method },
    });
    return { ok: true as const, token: sessionToken, userId: challenge.user_id, expiresAt: session.expiresAt, redirectTo: challenge.redirect_to };
  });
}
