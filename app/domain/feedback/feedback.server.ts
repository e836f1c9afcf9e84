import { randomBytes } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { isRole, ROLE_LABELS } from "../access/roles.ts";
import { recordAudit } from "../audit/audit.server.ts";
import type { FeedbackInput } from "./feedback.schema.ts";

type DB = Kysely<Database>;

/**
 * How much feedback may be sent before the answer is "wait" (ADR 26): enough for anyone with something to say,
 * too little for anyone to fill the table. Signed in, an account is the sender; signed out, an address (an IPv6
 * address by its /64, which one household or school is given whole), and all signed-out senders together have a
 * daily ceiling, so even many addresses cannot store more than that.
 */
export interface FeedbackLimits {
  perAccountPerHour: number;
  perAddressPerHour: number;
  signedOutPerDay: number;
}

export const FEEDBACK_LIMITS: FeedbackLimits = { perAccountPerHour: 5, perAddressPerHour: 5, signedOutPerDay: 200 };

/** One key for every send: they take turns, so the counts the limits read are exact however many arrive at once. */
const SEND_LOCK = 2_026_120_113;

/** A one-off key for a feedback form: sending it twice (a double click, a resend) stores it once. 128 random bits. */
export function newFeedbackKey(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * The address a signed-out sender is counted by: an IPv4 address as it is (an IPv4-mapped IPv6 one as IPv4), an
 * IPv6 address by its first 64 bits, since anyone given one address is given the whole /64 to choose from.
 */
export function senderAddress(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip.slice(0, 60);
  const [head = "", tail] = ip.toLowerCase().split("::");
  const first = head ? head.split(":") : [];
  const last = tail ? tail.split(":") : [];
  const groups = tail === undefined ? first : [...first, ...Array<string>(Math.max(0, 8 - first.length - last.length)).fill("0"), ...last];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

export type FeedbackResult = { ok: true } | { ok: false; reason: "rate_limited" };

/**
 * Stores one piece of feedback with who sent it (the signed-in actor, or nobody) and an audit row, within the
 * limits, in one transaction. The same form sent again (its key) is answered as sent and stored once. The page it
 * came from has already been read as a bare path (feedback.schema.ts); the address is used only for counting.
 */
export async function sendFeedback(
  db: DB,
  sender: { actor: Actor | null; ip: string; requestId: string },
  input: FeedbackInput,
  limits: FeedbackLimits = FEEDBACK_LIMITS,
  now = new Date(),
): Promise<FeedbackResult> {
  const { actor } = sender;
  const key = input.idempotencyKey ?? newFeedbackKey();
  const who = actor ? `account:${actor.userId}` : `address:${senderAddress(sender.ip)}`;
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEND_LOCK})`.execute(trx);
    const already = await trx.selectFrom("feedback").select("id").where("idempotency_key", "=", key).executeTakeFirst();
    if (already) return { ok: true as const };

    const sends = (eb: ExpressionBuilder<Database, never>) => eb.selectFrom("feedback_sends").select((e) => e.fn.countAll<number>().as("n"));
    const counts = await trx
      .selectNoFrom((eb) => [
        sends(eb).where("sender", "=", who).where("sent_at", ">", hourAgo).as("by_sender"),
        sends(eb).where("signed_in", "=", false).where("sent_at", ">", dayAgo).as("signed_out"),
      ])
      .executeTakeFirstOrThrow();
    const limited = actor
      ? Number(counts.by_sender) >= limits.perAccountPerHour
      : Number(counts.by_sender) >= limits.perAddressPerHour || Number(counts.signed_out) >= limits.signedOutPerDay;
    if (limited) return { ok: false as const, reason: "rate_limited" as const };

    const row = await trx
      .insertInto("feedback")
      .values({
        idempotency_key: key,
        user_id: actor?.userId ?? null,
        acting_role: actor?.role ?? null,
        from_path: input.from,
        trying_to_do: input.tryingToDo ?? "",
        what_happened: input.whatHappened,
        reply_email: input.replyEmail || null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("feedback_sends").values({ sender: who, signed_in: actor !== null, sent_at: now }).execute();
    await trx.deleteFrom("feedback_sends").where("sent_at", "<", dayAgo).execute();
    // The audit row says that feedback was sent and by whom, never what it says.
    await recordAudit(trx, {
      actor,
      action: "feedback.send",
      subjectType: "feedback",
      subjectId: row.id,
      requestId: sender.requestId,
      detail: { signedIn: actor !== null },
    });
    return { ok: true as const };
  });
}

// The admin's reading of it.

export const FEEDBACK_PAGE_SIZE = 10;

export interface FeedbackRow {
  id: number;
  sentAt: Date;
  /** "Priya Shah (SENCO)"; "Not signed in". */
  sentBy: string;
  fromPath: string | null;
  tryingToDo: string;
  whatHappened: string;
  replyEmail: string | null;
}

export interface FeedbackPage {
  rows: FeedbackRow[];
  total: number;
  page: number;
  pageCount: number;
}

/** Feedback, newest first, a page at a time (10: each can be 1,700 characters). Admin only. */
export async function listFeedback(db: DB, actor: Actor, page: number): Promise<FeedbackPage> {
  requirePermission(actor, "feedback:read");
  const [counted, rows] = await Promise.all([
    db
      .selectFrom("feedback")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("feedback")
      .leftJoin("users", "users.id", "feedback.user_id")
      .select([
        "feedback.id",
        "feedback.created_at",
        "users.display_name",
        "feedback.acting_role",
        "feedback.from_path",
        "feedback.trying_to_do",
        "feedback.what_happened",
        "feedback.reply_email",
      ])
      .orderBy("feedback.id", "desc")
      .limit(FEEDBACK_PAGE_SIZE)
      .offset((page - 1) * FEEDBACK_PAGE_SIZE)
      .execute(),
  ]);
  const total = Number(counted.n);
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / FEEDBACK_PAGE_SIZE)),
    rows: rows.map((r) => ({
      id: r.id,
      sentAt: r.created_at,
      sentBy: sentBy(r.display_name, r.acting_role),
      fromPath: r.from_path,
      tryingToDo: r.trying_to_do,
      whatHappened: r.what_happened,
      replyEmail: r.reply_email,
    })),
  };
}

function sentBy(name: string | null, role: string | null): string {
  const roleWords = role && isRole(role) ? ROLE_LABELS[role] : null;
  if (name) return roleWords ? `${name} (${roleWords})` : name;
  // Sent signed in by an account that has since been deleted: the role it acted in is all that is left.
  return roleWords ? `An account no longer in the portal (${roleWords})` : "Not signed in";
}
