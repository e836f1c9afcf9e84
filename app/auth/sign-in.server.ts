import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import { auditActorFor, recordAudit } from "../domain/audit/audit.server.ts";
import { decoyHash, verifyPassword } from "./password.server.ts";
import { createSession, generateSessionToken } from "./session.server.ts";
import { createChallenge } from "./two-factor-sign-in.server.ts";

export interface SignInLimits {
  /** Failed password checks from one IP address in a minute before 429 (QUALITY.md: 10). Successes never count. */
  perIpPerMinute: number;
  /** Failed password checks on one account in a minute before 429 (QUALITY.md: 10 a minute per account). */
  failuresPerAccountPerMinute: number;
  /** Failed password checks on one account in an hour before 429 (QUALITY.md: 100). Never a permanent lock-out. */
  failuresPerAccountPerHour: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perIpPerMinute: 10, failuresPerAccountPerMinute: 10, failuresPerAccountPerHour: 100 };

/**
 * Whether password checks from this address or on this account are paused: counted over failures only (a
 * whole school signing in from one address at 9 am is never slowed), for sign-in and for the current
 * password when changing it alike. Counters live in PostgreSQL (sign_in_attempts), so every app instance
 * behind a load balancer shares them.
 */
export async function passwordChecksLimited(
  db: Kysely<Database>,
  who: { email: string; ip: string },
  limits: SignInLimits,
  now = new Date(),
): Promise<{ limited: boolean; byIp: boolean }> {
  const minuteAgo = new Date(now.getTime() - 60_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const failures = (eb: ExpressionBuilder<Database, never>) =>
    eb.selectFrom("sign_in_attempts").select((e) => e.fn.countAll<number>().as("n")).where("succeeded", "=", false);
  const counts = await db
    .selectNoFrom((eb) => [
      failures(eb).where("ip", "=", who.ip).where("attempted_at", ">", minuteAgo).as("from_ip"),
      failures(eb).where("email", "=", who.email).where("attempted_at", ">", minuteAgo).as("account_minute"),
      failures(eb).where("email", "=", who.email).where("attempted_at", ">", hourAgo).as("account_hour"),
    ])
    .executeTakeFirstOrThrow();
  return overLimits(counts, limits);
}

/** The limits read against counts of failures (from the address in a minute, on the account in a minute and an hour). */
export function overLimits(
  counts: { from_ip: number | string | null; account_minute: number | string | null; account_hour: number | string | null },
  limits: SignInLimits,
): { limited: boolean; byIp: boolean } {
  const byIp = Number(counts.from_ip) >= limits.perIpPerMinute;
  const limited =
    byIp || Number(counts.account_minute) >= limits.failuresPerAccountPerMinute || Number(counts.account_hour) >= limits.failuresPerAccountPerHour;
  return { limited, byIp };
}

/** Records one password check for the limits, and forgets those older than any limit looks at. */
export async function recordPasswordCheck(db: Kysely<Database>, who: { email: string; ip: string }, succeeded: boolean, now = new Date()) {
  await db.insertInto("sign_in_attempts").values({ ip: who.ip, email: who.email, succeeded }).execute();
  await db.deleteFrom("sign_in_attempts").where("attempted_at", "<", new Date(now.getTime() - 86_400_000)).execute();
}

export type SignInResult =
  | { ok: true; next: "session"; token: string; userId: number; expiresAt: Date }
  /** The password was right and two-factor sign-in is on: the token of the code step (two-factor-sign-in.server.ts). */
  | { ok: true; next: "code"; challengeToken: string; userId: number; expiresAt: Date }
  | { ok: false; reason: "invalid" | "rate_limited" };

/**
 * Checks an email and password, within the limits of `passwordChecksLimited`. The answer never says whether
 * the email or the password was wrong. For a person whose two-factor sign-in is on, a right password starts the
 * code step (where to go after it, `redirectTo`, kept with it) instead of a session.
 */
export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string; requestId: string; userAgent?: string | null; redirectTo?: string | null },
  limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const now = new Date();
  const { limited, byIp } = await passwordChecksLimited(db, { email, ip: input.ip }, limits, now);
  if (limited) {
    await recordAudit(db, {
      action: "auth.sign_in_rate_limited",
      subjectType: "sign_in",
      requestId: input.requestId,
      detail: { byIp },
    });
    return { ok: false, reason: "rate_limited" };
  }

  const user = await db
    .selectFrom("users")
    .select(["id", "password_hash", "active"])
    .where("email", "=", email)
    .executeTakeFirst();
  // Verify against a decoy when the email is unknown, so timing does not reveal which accounts exist.
  const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
  const ok = Boolean(user && user.active && passwordOk);

  return db.transaction().execute(async (trx) => {
    await recordPasswordCheck(trx, { email, ip: input.ip }, ok, now);
    if (!user || !ok) {
      await recordAudit(trx, {
        action: "auth.sign_in_failed",
        subjectType: user ? "user" : "sign_in",
        subjectId: user?.id,
        requestId: input.requestId,
        detail: { reason: !user ? "unknown_email" : !user.active ? "deactivated" : "wrong_password" },
      });
      return { ok: false as const, reason: "invalid" as const };
    }
    const twoFactor = await trx
      .selectFrom("totp_credentials")
      .select("user_id")
      .where("user_id", "=", user.id)
      .where("confirmed_at", "is not", null)
      .executeTakeFirst();
    if (twoFactor) {
      const challenge = await createChallenge(trx, user.id, { redirectTo: input.redirectTo ?? null, userAgent: input.userAgent ?? null }, now);
      await recordAudit(trx, {
        actor: await auditActorFor(trx, user.id),
        action: "auth.two_factor_asked",
        subjectType: "user",
        subjectId: user.id,
        requestId: input.requestId,
      });
      return { ok: true as const, next: "code" as const, challengeToken: challenge.token, userId: user.id, expiresAt: challenge.expiresAt };
    }
    const token = generateSessionToken();
    const session = await createSession(trx, token, user.id, now, input.userAgent ?? null);
    await recordAudit(trx, {
      actor: await auditActorFor(trx, user.id),
      action: "auth.sign_in",
      subjectType: "user",
      subjectId: user.id,
      requestId: input.requestId,
    });
    return { ok: true as const, next: "session" as const, token, userId: user.id, expiresAt: session.expiresAt };
  });
}
