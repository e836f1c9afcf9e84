import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeBase32NoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import { REACH_OF_ROLE, ROLES } from "../domain/access/roles.ts";
import { overLimits, type SignInLimits } from "./sign-in.server.ts";

// Two-factor sign-in with an authenticator app (issue 12, ADR 58): time-based one-time passwords (RFC 6238, the
// authenticator apps' default of SHA-1, 6 digits, 30 seconds) computed by @oslojs/otp; recovery codes for a lost
// phone; the limits on wrong codes; and who must use it.

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** The name an authenticator app shows beside the code. */
export const TOTP_ISSUER = "Kent SEND Inclusion Portal";
/** Recovery codes made at each set-up; each works once. */
export const RECOVERY_CODE_COUNT = 10;

/** Accounts that see every child (a county-wide reach: council officers, administrators) are those that must. */
export const TWO_FACTOR_ROLES: readonly string[] = ROLES.filter((role) => REACH_OF_ROLE[role] === "county");

/**
 * Whether a person must use two-factor sign-in: the setting is on (REQUIRE_TWO_FACTOR), they hold a county-wide role
 * in any of their memberships, and theirs is not a demo account (which keeps signing in with its password alone).
 */
export function twoFactorRequired(setting: boolean, person: { roles: readonly string[]; demoAccount: boolean }): boolean {
  return setting && !person.demoAccount && person.roles.some((role) => TWO_FACTOR_ROLES.includes(role));
}

/** A new shared key: 160 random bits, the length RFC 4226 recommends. */
export function generateTotpKey(): Uint8Array {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return key;
}

/** The key as a person types it into an app that cannot scan the QR code: base32, in groups of four. */
export function keyForTyping(key: Uint8Array): string {
  return encodeBase32NoPadding(key).replace(/(.{4})(?=.)/g, "$1 ");
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpKeyUri(key: Uint8Array, accountName: string): string {
  return createTOTPKeyURI(TOTP_ISSUER, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / (TOTP_PERIOD_SECONDS * 1000));
}

/** A code as typed: digits only, spaces dropped ("123 456"). */
export function appCodeShape(code: string): string | null {
  const digits = code.replace(/\s+/g, "");
  return new RegExp(`^[0-9]{${TOTP_DIGITS}}$`).test(digits) ? digits : null;
}

/**
 * Which time step a code from the app is for: the current one or either neighbour (a phone's clock a little out,
 * a code typed as it changed), never one at or before `lastUsedStep`, so a code is never accepted twice.
 * `replayed` when the code is right but its step has been used already.
 */
export function matchTotp(key: Uint8Array, code: string, now: Date, lastUsedStep: number | null): { step: number } | { replayed: true } | null {
  const digits = appCodeShape(code);
  if (!digits) return null;
  const current = timeStep(now);
  let replayed = false;
  // Newest first: a code that matches a used step and a fresh one counts as the fresh one.
  for (const step of [current + 1, current, current - 1]) {
    if (!verifyHOTP(key, BigInt(step), TOTP_DIGITS, digits)) continue;
    if (lastUsedStep !== null && step <= lastUsedStep) replayed = true;
    else return { step };
  }
  return replayed ? { replayed: true } : null;
}

/** Ten recovery codes as shown to the person (`abcd-efgh-ijkl-mnop`, 80 random bits each) and the hashes stored. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = new Uint8Array(10);
    crypto.getRandomValues(bytes);
    return encodeBase32LowerCaseNoPadding(bytes).replace(/(.{4})(?=.)/g, "$1-");
  });
  return { codes, hashes: codes.map((code) => recoveryCodeHash(code)!) };
}

/**
 * The stored form of a recovery code as typed (any case, with or without its hyphens and spaces), or null when it
 * cannot be one. SHA-256 suffices: the codes are random (80 bits), not chosen by people.
 */
export function recoveryCodeHash(typed: string): string | null {
  const code = typed.toLowerCase().replace(/[\s-]+/g, "");
  if (!/^[a-z2-7]{16}$/.test(code)) return null;
  return encodeHexLowerCase(sha256(new TextEncoder().encode(code)));
}

export type SecondFactor = { method: "app" | "recovery"; code: string };
export type SecondFactorCheck = { ok: true; method: "app" | "recovery"; recoveryCodesLeft: number } | { ok: false; reason: "wrong" | "replayed" };

/**
 * Checks a code from the app, or a recovery code, for a person whose two-factor sign-in is on, and uses it up: the
 * app code's time step is remembered (only a later step is accepted next), the recovery code is marked used. Both are
 * conditional updates, so two requests with the same code at once cannot both succeed. Call it in a transaction.
 */
export async function useSecondFactor(db: Kysely<Database>, userId: number, factor: SecondFactor, now = new Date()): Promise<SecondFactorCheck> {
  const left = async () =>
    Number(
      (
        await db
          .selectFrom("recovery_codes")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("user_id", "=", userId)
          .where("used_at", "is", null)
          .executeTakeFirstOrThrow()
      ).n,
    );
  if (factor.method === "recovery") {
    const hash = recoveryCodeHash(factor.code);
    if (!hash) return { ok: false, reason: "wrong" };
    const used = await db
      .updateTable("recovery_codes")
      .set({ used_at: now })
      .where("user_id", "=", userId)
      .where("code_hash", "=", hash)
      .where("used_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    return used ? { ok: true, method: "recovery", recoveryCodesLeft: await left() } : { ok: false, reason: "wrong" };
  }
  const credential = await db
    .selectFrom("totp_credentials")
    .select(["secret", "last_used_step"])
    .where("user_id", "=", userId)
    .where("confirmed_at", "is not", null)
    .executeTakeFirst();
  if (!credential) return { ok: false, reason: "wrong" };
  const match = matchTotp(credential.secret, factor.code, now, credential.last_used_step);
  if (!match) return { ok: false, reason: "wrong" };
  if ("replayed" in match) return { ok: false, reason: "replayed" };
  const claimed = await db
    .updateTable("totp_credentials")
    .set({ last_used_step: match.step })
    .where("user_id", "=", userId)
    .where((eb) => eb.or([eb("last_used_step", "is", null), eb("last_used_step", "<", match.step)]))
    .returning("user_id")
    .executeTakeFirst();
  return claimed ? { ok: true, method: "app", recoveryCodesLeft: await left() } : { ok: false, reason: "replayed" };
}

/**
 * Whether code checks for this account or from this address are paused: wrong codes counted as wrong passwords are
 * (sign-in.server.ts, the same limits), in two_factor_attempts, shared by every app instance.
 */
export async function codeChecksLimited(db: Kysely<Database>, who: { userId: number; ip: string }, limits: SignInLimits, now = new Date()) {
  const minuteAgo = new Date(now.getTime() - 60_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const failures = (eb: ExpressionBuilder<Database, never>) =>
    eb.selectFrom("two_factor_attempts").select((e) => e.fn.countAll<number>().as("n")).where("succeeded", "=", false);
  const counts = await db
    .selectNoFrom((eb) => [
      failures(eb).where("ip", "=", who.ip).where("attempted_at", ">", minuteAgo).as("from_ip"),
      failures(eb).where("user_id", "=", who.userId).where("attempted_at", ">", minuteAgo).as("account_minute"),
      failures(eb).where("user_id", "=", who.userId).where("attempted_at", ">", hourAgo).as("account_hour"),
    ])
    .executeTakeFirstOrThrow();
  return overLimits(counts, limits);
}

/** Records one code check for the limits, and forgets those older than any limit looks at. */
export async function recordCodeCheck(db: Kysely<Database>, who: { userId: number; ip: string }, succeeded: boolean, now = new Date()) {
  await db.insertInto("two_factor_attempts").values({ user_id: who.userId, ip: who.ip, succeeded, attempted_at: now }).execute();
  await db.deleteFrom("two_factor_attempts").where("attempted_at", "<", new Date(now.getTime() - 86_400_000)).execute();
}

export const TOO_MANY_CODES = "There have been too many attempts with a wrong code. Wait a few minutes and try again.";
export const WRONG_APP_CODE = "The code is not right. Enter the code your authenticator app shows now";
export const REPLAYED_APP_CODE = "That code has already been used. Wait for your authenticator app to show a new code, then enter it";
export const WRONG_RECOVERY_CODE = "The recovery code is not right, or it has already been used";
