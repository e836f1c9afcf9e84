import Bowser from "bowser";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { IDLE_TIMEOUT_MS } from "../../auth/session.server.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import type { Result } from "../result.ts";

/**
 * A person's own sessions (issue 12): where they are signed in, and ending any of them (a phone left in a
 * classroom, a shared computer). Only their own, only live ones; the session's id (the hash of its token) never
 * leaves this module: each session is named by its own `public_id`.
 */

export interface OwnSession {
  publicId: string;
  /** "Chrome on Windows", from the browser's description of itself; null when it gave none. */
  device: string | null;
  signedInAt: Date;
  lastUsedAt: Date;
  current: boolean;
}

/** A device as a person would name it: the browser and the system ("Safari on iOS"), from its User-Agent. */
export function deviceName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name;
  const system = parsed.os.name;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? null;
}

function liveSessions(db: Kysely<Database>, actor: Actor, now: Date) {
  return db
    .selectFrom("sessions")
    .where("sessions.user_id", "=", actor.userId)
    .where("sessions.expires_at", ">", now)
    .where("sessions.last_seen_at", ">", new Date(now.getTime() - IDLE_TIMEOUT_MS));
}

export async function listOwnSessions(db: Kysely<Database>, actor: Actor, now = new Date()): Promise<OwnSession[]> {
  requirePermission(actor, "account:manage");
  const rows = await liveSessions(db, actor, now)
    .select(["sessions.id", "sessions.public_id", "sessions.user_agent", "sessions.created_at", "sessions.last_seen_at"])
    .orderBy("sessions.last_seen_at", "desc")
    .limit(50)
    .execute();
  return rows.map((r) => ({
    publicId: r.public_id,
    device: deviceName(r.user_agent),
    signedInAt: r.created_at,
    lastUsedAt: r.last_seen_at,
    current: r.id === actor.sessionId,
  }));
}

const ALREADY_ENDED = "That session has already ended. The list shows where you are signed in now.";

/**
 * Ends one of the actor's other sessions, or all of them (`which: "others"`). Their own current session is
 * ended by signing out; a session that is not theirs, or has ended, gets the same answer: already ended.
 */
export async function endOwnSessions(
  db: Kysely<Database>,
  actor: Actor,
  which: { publicId: string } | "others",
  requestId: string,
): Promise<Result<{ ended: number }>> {
  requirePermission(actor, "account:manage");
  return db.transaction().execute(async (trx) => {
    let ending = trx.deleteFrom("sessions").where("sessions.user_id", "=", actor.userId).where("sessions.id", "<>", actor.sessionId);
    if (which !== "others") ending = ending.where("sessions.public_id", "=", which.publicId);
    const ended = await ending.returning("sessions.public_id").execute();
    if (which !== "others" && ended.length === 0) return { ok: false as const, formError: ALREADY_ENDED };
    await recordAudit(trx, {
      actor,
      action: which === "others" ? "auth.other_sessions_ended" : "auth.session_ended",
      subjectType: "user",
      subjectId: actor.userId,
      requestId,
      detail: { sessions: ended.length },
    });
    return { ok: true as const, ended: ended.length };
  });
}
