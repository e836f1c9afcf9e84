import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database } from "../../db/types.ts";
import { MEMBERSHIP_COLUMNS } from "../domain/access/actor.server.ts";
import { UNREAD_COUNT_CAP } from "../domain/notifications/notifications.server.ts";

// Sessions follow Lucia's design (lucia-auth.com/sessions): the browser holds a random token; the database
// holds only the token's SHA-256, so a leaked sessions table cannot be replayed.

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, to spare the database a write on every request. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20); // 160 bits from the CSPRNG
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export interface SessionRecord {
  id: string;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute expiry: 12 hours after sign-in. */
  expiresAt: Date;
}

/** When the session ends if the user does nothing more: the idle deadline or the absolute one. */
export function sessionEndsAt(session: Pick<SessionRecord, "lastSeenAt" | "expiresAt">): Date {
  return new Date(Math.min(session.lastSeenAt.getTime() + IDLE_TIMEOUT_MS, session.expiresAt.getTime()));
}

/** The browser's description of itself, as a session keeps it to name the device on the account page. */
export function userAgentOf(request: Request): string | null {
  const agent = request.headers.get("user-agent")?.trim();
  return agent ? agent.slice(0, 512) : null;
}

export async function createSession(db: Kysely<Database>, token: string, userId: number, now = new Date(), userAgent: string | null = null) {
  const session: SessionRecord = {
    id: sessionIdFromToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
  };
  await db
    .insertInto("sessions")
    .values({
      id: session.id,
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: session.expiresAt,
      user_agent: userAgent,
    })
    .execute();
  return session;
}

/**
 * The live session for a token with its user, the user's memberships and their unread notifications (counted
 * up to UNREAD_COUNT_CAP, for the header), in one query; or null. Ends sessions
 * that are idle, past their absolute expiry or whose user has been deactivated. Touches last_seen_at, which
 * keeps an active user signed in.
 */
export async function validateSessionToken(db: Kysely<Database>, token: string, now = new Date()) {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = sessionIdFromToken(token);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select((eb) => [
      "sessions.id",
      "sessions.user_id",
      "sessions.created_at",
      "sessions.last_seen_at",
      "sessions.expires_at",
      "sessions.acting_as",
      "users.active",
      "users.email",
      "users.display_name",
      "users.demo_account",
      // Whether two-factor sign-in is on (where it is required, a person without it may only set it up: actor.server.ts).
      eb
        .exists(eb.selectFrom("totp_credentials").select("totp_credentials.user_id").whereRef("totp_credentials.user_id", "=", "users.id").where("totp_credentials.confirmed_at", "is not", null))
        .as("two_factor_on"),
      jsonArrayFrom(
        eb
          .selectFrom("memberships")
          .leftJoin("schools", "schools.id", "memberships.school_id")
          .leftJoin("districts", "districts.id", "memberships.district_id")
          .select(MEMBERSHIP_COLUMNS)
          .whereRef("memberships.user_id", "=", "users.id")
          .orderBy("memberships.id"),
      ).as("memberships"),
      eb
        .selectFrom((inner) =>
          inner
            .selectFrom("notifications")
            .select("notifications.id")
            .whereRef("notifications.user_id", "=", "users.id")
            .where("notifications.read_at", "is", null)
            .limit(UNREAD_COUNT_CAP)
            .as("unread"),
        )
        .select((count) => count.fn.countAll<number>().as("n"))
        .as("unread_notifications"),
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const session: SessionRecord = {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
  if (!row.active || now.getTime() >= sessionEndsAt(session).getTime()) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", id).execute();
    session.lastSeenAt = now;
  }
  return {
    session,
    user: { id: row.user_id, email: row.email, displayName: row.display_name, demoAccount: row.demo_account },
    twoFactorOn: Boolean(row.two_factor_on),
    memberships: row.memberships,
    actingAs: row.acting_as,
    unreadNotifications: Number(row.unread_notifications ?? 0),
  };
}

/** Makes the session act in another of the person's memberships (the header's "Acting as" switch). */
export async function setActingMembership(db: Kysely<Database>, sessionId: string, key: string) {
  await db.updateTable("sessions").set({ acting_as: key }).where("id", "=", sessionId).execute();
}

/** Keeps the session alive now (the "stay signed in" button). */
export async function extendSession(db: Kysely<Database>, sessionId: string, now = new Date()) {
  await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", sessionId).execute();
}

export async function invalidateUserSessions(db: Kysely<Database>, userId: number) {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}
