import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import { auditActorFor, recordAudit } from "../domain/audit/audit.server.ts";
import { decoyHash, verifyPassword } from "./password.server.ts";
import { createSession, generateSessionToken } from "./session.server.ts";

export interface SignInLimits {
  /** Attempts from one IP address in a minute before 429 (QUALITY.md: 10). */
  perIpPerMinute: number;
  /** Failed attempts on one account in an hour before 429 (QUALITY.md: 100). Never a permanent lock-out. */
  failuresPerAccountPerHour: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perIpPerMinute: 10, failuresPerAccountPerHour: 100 };

export type SignInResult =
  | { ok: true; token: string; userId: number; expiresAt: Date }
  | { ok: false; reason: "invalid" | "rate_limited" };

/**
 * Checks an email and password. Counters live in PostgreSQL (sign_in_attempts), so every app instance
 * behind a load balancer shares them. The answer never says whether the email or the password was wrong.
 */
export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string; requestId: string },
  limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const now = new Date();
  const minuteAgo = new Date(now.getTime() - 60_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);

  const counts = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("sign_in_attempts")
        .select((e) => e.fn.countAll<number>().as("n"))
        .where("ip", "=", input.ip)
        .where("attempted_at", ">", minuteAgo)
        .as("from_ip"),
      eb
        .selectFrom("sign_in_attempts")
        .select((e) => e.fn.countAll<number>().as("n"))
        .where("email", "=", email)
        .where("succeeded", "=", false)
        .where("attempted_at", ">", hourAgo)
        .as("account_failures"),
    ])
    .executeTakeFirstOrThrow();
  if (Number(counts.from_ip) >= limits.perIpPerMinute || Number(counts.account_failures) >= limits.failuresPerAccountPerHour) {
    await recordAudit(db, {
      action: "auth.sign_in_rate_limited",
      subjectType: "sign_in",
      requestId: input.requestId,
      detail: { byIp: Number(counts.from_ip) >= limits.perIpPerMinute },
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
    await trx.insertInto("sign_in_attempts").values({ ip: input.ip, email, succeeded: ok }).execute();
    // Attempts older than a day are no longer needed for any limit: keep the table small.
    await trx.deleteFrom("sign_in_attempts").where("attempted_at", "<", new Date(now.getTime() - 86_400_000)).execute();
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
    const token = generateSessionToken();
    const session = await createSession(trx, token, user.id, now);
    await recordAudit(trx, {
      actor: await auditActorFor(trx, user.id),
      action: "auth.sign_in",
      subjectType: "user",
      subjectId: user.id,
      requestId: input.requestId,
    });
    return { ok: true as const, token, userId: user.id, expiresAt: session.expiresAt };
  });
}
