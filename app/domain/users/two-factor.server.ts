import type { Kysely } from "kysely";
import QRCode from "qrcode";
import type { Database } from "../../../db/types.ts";
import { verifyPassword } from "../../auth/password.server.ts";
import { passwordChecksLimited, recordPasswordCheck, type SignInLimits } from "../../auth/sign-in.server.ts";
import {
  codeChecksLimited,
  generateTotpKey,
  keyForTyping,
  matchTotp,
  newRecoveryCodes,
  recordCodeCheck,
  TOO_MANY_CODES,
  totpKeyUri,
  twoFactorRequired,
  WRONG_APP_CODE,
} from "../../auth/totp.server.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { type Result, refuse } from "../result.ts";
import { requireAccount } from "./user-records.server.ts";

type DB = Kysely<Database>;

/**
 * Two-factor sign-in on a person's own account (issue 12, ADR 58): set up with a new key shown as a QR code and as
 * text, switched on only once a first code from the app proves it was added; ten recovery codes shown once, kept as
 * hashes; turned off with the password unless it is required of them. And the administrator's reset for a lost phone.
 */

export type TwoFactorState = "off" | "setting_up" | "on";

async function stateOf(db: DB, userId: number) {
  const credential = await db
    .selectFrom("totp_credentials")
    .select(["secret", "confirmed_at"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  const state: TwoFactorState = !credential ? "off" : credential.confirmed_at ? "on" : "setting_up";
  return { state, credential };
}

/** Whether two-factor sign-in is required of this person: the setting, their roles, a demo account or not. */
async function requiredOf(db: DB, userId: number, setting: boolean): Promise<boolean> {
  if (!setting) return false;
  const [user, roles] = await Promise.all([
    db.selectFrom("users").select("demo_account").where("id", "=", userId).executeTakeFirstOrThrow(),
    db.selectFrom("memberships").select("role").where("user_id", "=", userId).execute(),
  ]);
  return twoFactorRequired(setting, { roles: roles.map((r) => r.role), demoAccount: user.demo_account });
}

export interface OwnTwoFactor {
  state: TwoFactorState;
  /** When it was switched on. */
  onSince: Date | null;
  recoveryCodesLeft: number;
  /** Required of them (REQUIRE_TWO_FACTOR and their role): they cannot turn it off. */
  required: boolean;
  /** While setting up: the key as a QR code (an SVG data URL) and as text to type. */
  setUp: { qrCode: string; key: string } | null;
}

/** The person's own two-factor sign-in, for their set-up page. */
export async function getOwnTwoFactor(db: DB, actor: Actor, setting: { requireTwoFactor: boolean }): Promise<OwnTwoFactor> {
  requirePermission(actor, "account:manage");
  const [{ state, credential }, required, left] = await Promise.all([
    stateOf(db, actor.userId),
    requiredOf(db, actor.userId, setting.requireTwoFactor),
    db
      .selectFrom("recovery_codes")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", actor.userId)
      .where("used_at", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  let setUp: OwnTwoFactor["setUp"] = null;
  if (state === "setting_up" && credential) {
    const svg = await QRCode.toString(totpKeyUri(credential.secret, actor.email), { type: "svg", margin: 2, errorCorrectionLevel: "M" });
    setUp = { qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`, key: keyForTyping(credential.secret) };
  }
  return { state, onSince: credential?.confirmed_at ?? null, recoveryCodesLeft: state === "on" ? Number(left.n) : 0, required, setUp };
}

const ALREADY_ON = "Two-factor authentication is already on for your account.";

/** Starts set-up with a new key (or starts again with another, replacing a set-up not finished). */
export async function startTwoFactorSetUp(db: DB, actor: Actor): Promise<Result<object>> {
  requirePermission(actor, "account:manage");
  const secret = generateTotpKey();
  const started = await db
    .insertInto("totp_credentials")
    .values({ user_id: actor.userId, secret, created_at: new Date() })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ secret, created_at: new Date() }).where("totp_credentials.confirmed_at", "is", null))
    .returning("user_id")
    .executeTakeFirst();
  // Already on: nothing replaced. A second click of "Set up" lands on the page as it is.
  if (!started) return { ok: false, formError: ALREADY_ON };
  return { ok: true };
}

const NOT_STARTED = "Set-up had not started, or has been finished in another tab. The page now shows where it is.";

/**
 * Switches two-factor sign-in on once a code from the app matches the key being set up (wrong codes limited as at
 * sign-in). The code's time step counts as used. Returns the recovery codes, to be shown this once.
 */
export async function confirmTwoFactorSetUp(
  db: DB,
  actor: Actor,
  input: { code: string },
  request: { requestId: string; ip: string; limits: SignInLimits },
  now = new Date(),
): Promise<Result<{ recoveryCodes: string[] }>> {
  requirePermission(actor, "account:manage");
  const who = { userId: actor.userId, ip: request.ip };
  if ((await codeChecksLimited(db, who, request.limits, now)).limited) {
    return { ok: false, tooMany: true, fieldErrors: { code: [TOO_MANY_CODES] } };
  }
  return db.transaction().execute(async (trx) => {
    const pending = await trx
      .selectFrom("totp_credentials")
      .select("secret")
      .where("user_id", "=", actor.userId)
      .where("confirmed_at", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!pending) return { ok: false as const, formError: NOT_STARTED };
    const match = matchTotp(pending.secret, input.code, now, null);
    await recordCodeCheck(trx, who, Boolean(match && "step" in match), now);
    if (!match || !("step" in match)) return refuse("code", WRONG_APP_CODE);
    await trx.updateTable("totp_credentials").set({ confirmed_at: now, last_used_step: match.step }).where("user_id", "=", actor.userId).execute();
    const { codes, hashes } = newRecoveryCodes();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", actor.userId).execute();
    await trx
      .insertInto("recovery_codes")
      .values(hashes.map((code_hash) => ({ user_id: actor.userId, code_hash, created_at: now })))
      .execute();
    await recordAudit(trx, {
      actor,
      action: "auth.two_factor_set_up",
      subjectType: "user",
      subjectId: actor.userId,
      requestId: request.requestId,
      detail: { recoveryCodes: codes.length },
    });
    return { ok: true as const, recoveryCodes: codes };
  });
}

const TOO_MANY_PASSWORDS = "There have been too many attempts with a wrong password. Wait a few minutes and try again.";
const REQUIRED = "Two-factor authentication is required for your role, so it cannot be turned off. If you have lost your phone, ask an administrator to reset it.";

/** Turns two-factor sign-in off, or abandons a set-up, with the password (checked within the sign-in limits). */
export async function turnOffTwoFactor(
  db: DB,
  actor: Actor,
  input: { password: string },
  request: { requestId: string; ip: string; limits: SignInLimits; requireTwoFactor: boolean },
): Promise<Result<object>> {
  requirePermission(actor, "account:manage");
  const { state } = await stateOf(db, actor.userId);
  if (state === "on" && (await requiredOf(db, actor.userId, request.requireTwoFactor))) return { ok: false, formError: REQUIRED };
  const user = await db.selectFrom("users").select(["password_hash", "email"]).where("id", "=", actor.userId).executeTakeFirstOrThrow();
  const who = { email: user.email, ip: request.ip };
  if ((await passwordChecksLimited(db, who, request.limits)).limited) {
    return { ok: false, tooMany: true, fieldErrors: { password: [TOO_MANY_PASSWORDS] } };
  }
  const passwordOk = await verifyPassword(user.password_hash, input.password);
  await recordPasswordCheck(db, who, passwordOk);
  if (!passwordOk) {
    await recordAudit(db, { actor, action: "auth.two_factor_turn_off_failed", subjectType: "user", subjectId: actor.userId, requestId: request.requestId });
    return refuse("password", "Your password is not right");
  }
  return db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom("totp_credentials").where("user_id", "=", actor.userId).returning("confirmed_at").executeTakeFirst();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", actor.userId).execute();
    // Already off (a second tab): nothing to record.
    if (removed?.confirmed_at) {
      await recordAudit(trx, { actor, action: "auth.two_factor_turned_off", subjectType: "user", subjectId: actor.userId, requestId: request.requestId });
    }
    return { ok: true as const };
  });
}

/** A person's two-factor sign-in as their administrator's page shows it. */
export async function twoFactorOfUser(db: DB, actor: Actor, userId: number): Promise<{ state: TwoFactorState; onSince: Date | null }> {
  await requireAccount(db, actor, userId);
  const credential = await db.selectFrom("totp_credentials").select("confirmed_at").where("user_id", "=", userId).executeTakeFirst();
  return { state: !credential ? "off" : credential.confirmed_at ? "on" : "setting_up", onSince: credential?.confirmed_at ?? null };
}

/**
 * An administrator's reset for a lost phone: the person's key and recovery codes go, and every session of theirs
 * and any sign-in waiting for a code end. They next sign in with their password alone, and set it up again (at once,
 * where it is required of them). Not one's own: another administrator does that.
 */
export async function resetTwoFactor(db: DB, actor: Actor, userId: number, requestId: string): Promise<Result<{ reset: boolean }>> {
  await requireAccount(db, actor, userId);
  if (userId === actor.userId) return { ok: false, formError: "You cannot reset your own two-factor authentication: ask another administrator" };
  return db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom("totp_credentials").where("user_id", "=", userId).returning("confirmed_at").executeTakeFirst();
    // Sent twice (a double click): it is reset already, and the second changes nothing.
    if (!removed) return { ok: true as const, reset: false };
    await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
    await trx.deleteFrom("sign_in_challenges").where("user_id", "=", userId).execute();
    const ended = await trx.deleteFrom("sessions").where("user_id", "=", userId).returning("id").execute();
    await recordAudit(trx, {
      actor,
      action: "user.reset_two_factor",
      subjectType: "user",
      subjectId: userId,
      requestId,
      detail: { wasOn: removed.confirmed_at !== null, sessionsEnded: ended.length },
    });
    return { ok: true as const, reset: true };
  });
}
