import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import type { OutboxStatus } from "./outbox.schema.ts";
import { resetLinkFor } from "../../auth/password-reset.server.ts";
import { invitationLinkFor } from "../users/invitations.server.ts";

type DB = Kysely<Database>;

// The email outbox. notifyUsers (notify.server.ts) queues emails in the use-case's own transaction, so only
// committed changes have emails; this module sends them afterwards, from whichever app instance gets there
// first, and keeps trying for about two days when the mail server refuses or is down.
//
// Delivery is at least once: an email is claimed (attempts + 1, held for CLAIM_MS) in one statement with
// FOR UPDATE SKIP LOCKED, so two dispatchers never claim it together; then sent; then marked. A process that
// dies between sending and marking sends it again once the claim runs out. The attempt number claimed fences
// the result: a late answer from an expired claim cannot overwrite a newer one.

/** Tries before giving up: the email stays in the outbox marked as failed for the admin to see. */
export const MAX_ATTEMPTS = 8;
/** The wait after the 1st, 2nd, ... failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (~45 h in all). */
export const RETRY_DELAYS_MS = [1, 5, 30, 120, 360, 720, 1440].map((minutes) => minutes * 60_000);
/** How long a claimed email is left to its dispatcher before another may try it (longer than any SMTP timeout). */
export const CLAIM_MS = 5 * 60_000;
const BATCH_SIZE = 20;

/** A file an email carries (a training booking's calendar invitation): its content as text. */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Only when the outbox row has any. */
  attachments?: EmailAttachment[];
}

/** The attachments an outbox row holds (a JSON list), each checked: anything else in the column is left out. */
export function attachmentsOf(value: unknown): EmailAttachment[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (a): a is EmailAttachment => typeof a?.filename === "string" && typeof a?.contentType === "string" && typeof a?.content === "string",
  );
}

/** Hands one email to the mail server; rejects if it was not accepted. The SMTP transport is one of these. */
export type SendEmail = (email: OutgoingEmail) => Promise<void>;

export interface Mailer {
  send: SendEmail;
  /** The From header, e.g. `Kent SEND Inclusion Portal <no-reply@send.kent.gov.uk>`. */
  from: string;
  /** The portal's address as users reach it, without a trailing slash: links in emails start with it. */
  publicUrl: string;
}

export const EMAIL_FOOTER =
  "You are getting this email because of your role in the Kent SEND Inclusion Portal. Sign in to see the details. Please do not reply: this mailbox is not read.";

/** The absolute address of a portal path. Anything but a path inside the portal becomes the portal's home. */
export function absoluteLink(link: string, publicUrl: string): string {
  const path = link.startsWith("/") && !link.startsWith("//") && !link.includes("\\") ? link : "/";
  return `${publicUrl.replace(/\/+$/, "")}${path}`;
}

/** An email as it is sent: the notice, the link, the footer. Never more than the outbox row holds. */
export function composeEmail(
  row: { to_address: string; subject: string; body: string; link: string; attachments?: unknown },
  mailer: Pick<Mailer, "from" | "publicUrl">,
): OutgoingEmail {
  const attachments = attachmentsOf(row.attachments);
  return {
    from: mailer.from,
    to: row.to_address,
    subject: row.subject,
    text: `${row.body}\n\n${absoluteLink(row.link, mailer.publicUrl)}\n\n--\n${EMAIL_FOOTER}\n`,
    ...(attachments.length > 0 ? { attachments } : {}),
  };
}

/**
 * What went wrong, short enough for the outbox row and a log line: the error code, the SMTP reply code, and
 * the message with anything that looks like an address or a URL with credentials taken out.
 */
export function describeSendError(error: unknown): string {
  const e = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = [typeof e.code === "string" ? e.code : null, typeof e.responseCode === "number" ? String(e.responseCode) : null]
    .filter(Boolean)
    .join(" ");
  const message = (typeof e.message === "string" ? e.message : typeof error === "string" ? error : "Unknown error")
    .replace(/[^\s<>()[\]"',;]*@[^\s<>()[\]"',;]*/g, "[address]")
    .replace(/\b(pass(word)?|pwd|secret|token)=\S+/gi, "$1=[hidden]")
    .replace(/\s+/g, " ")
    .trim();
  const text = code && !message.startsWith(code) ? `${code}: ${message}` : message;
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export interface DispatchReport {
  sent: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Failed for the last time: kept in the outbox as failed. */
  gaveUp: number;
}

/** Where dispatch problems are reported: never with the email's address or body. pino's Logger fits. */
export interface DispatchLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * Sends every email that is due, oldest first, in batches, until none is left or `signal` aborts (shutdown:
 * the email in hand is finished, the rest wait for the next run). Each email is claimed with
 * FOR UPDATE SKIP LOCKED, so dispatchers on several app instances share the work and never send one twice.
 * A failure is stored (short, no address) and retried with backoff; after MAX_ATTEMPTS the email is failed.
 */
export async function dispatchDueEmails(
  db: DB,
  mailer: Mailer,
  now: Date = new Date(),
  options: { batchSize?: number; signal?: AbortSignal; log?: DispatchLog } = {},
): Promise<DispatchReport> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const report: DispatchReport = { sent: 0, retrying: 0, gaveUp: 0 };
  for (;;) {
    if (options.signal?.aborted) return report;
    const claimed = await claimDueEmails(db, now, batchSize);
    for (const email of claimed) {
      if (options.signal?.aborted) {
        await releaseClaim(db, email, now);
        continue;
      }
      // A password reset's or an invitation's one-time link is made now, as it is sent, never stored (ADR 57, ADR 59);
      // one no longer wanted (a reset used or ended by a reset; an invitation accepted or revoked) is not sent at all.
      const link =
        email.password_reset_id !== null
          ? await resetLinkFor(db, email.password_reset_id, now)
          : email.invitation_id !== null
            ? await invitationLinkFor(db, email.invitation_id, now)
            : email.link;
      if (link === null) {
        const unwanted = email.password_reset_id !== null ? "the password reset it was for" : "the invitation it was for";
        await db.updateTable("email_outbox").set({ sent_at: now, last_error: `Not sent: ${unwanted} is no longer wanted` }).where("id", "=", email.id).execute();
        continue;
      }
      try {
        await mailer.send(composeEmail({ ...email, link }, mailer));
      } catch (error) {
        const problem = describeSendError(error);
        const gaveUp = email.attempts >= MAX_ATTEMPTS;
        const delay = RETRY_DELAYS_MS[Math.min(email.attempts, RETRY_DELAYS_MS.length) - 1]!;
        await db
          .updateTable("email_outbox")
          .set({ last_error: problem, next_attempt_at: gaveUp ? now : new Date(now.getTime() + delay) })
          .where("id", "=", email.id)
          .where("attempts", "=", email.attempts)
          .where("sent_at", "is", null)
          .execute();
        if (gaveUp) report.gaveUp++;
        else report.retrying++;
        options.log?.warn({ emailId: email.id, attempt: email.attempts, gaveUp, error: problem }, "email not sent");
        continue;
      }
      await db
        .updateTable("email_outbox")
        .set({ sent_at: now, last_error: null })
        .where("id", "=", email.id)
        .where("attempts", "=", email.attempts)
        .where("sent_at", "is", null)
        .execute();
      report.sent++;
    }
    if (claimed.length < batchSize) return report;
  }
}

/** Claims up to `limit` due emails in one statement: attempts + 1, held for CLAIM_MS. */
async function claimDueEmails(db: DB, now: Date, limit: number) {
  return db
    .updateTable("email_outbox")
    .set((eb) => ({ attempts: eb("attempts", "+", 1), next_attempt_at: new Date(now.getTime() + CLAIM_MS) }))
    .where("id", "in", (eb) =>
      eb
        .selectFrom("email_outbox")
        .select("id")
        .where("sent_at", "is", null)
        .where("attempts", "<", MAX_ATTEMPTS)
        .where("next_attempt_at", "<=", now)
        .orderBy("next_attempt_at")
        .orderBy("id")
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(["id", "to_address", "subject", "body", "link", "attachments", "attempts", "password_reset_id", "invitation_id"])
    .execute()
    .then((rows) => rows.sort((a, b) => a.id - b.id));
}

/** Gives back a claimed email that was not tried (shutdown): it is due again at once, its attempt not counted. */
async function releaseClaim(db: DB, email: { id: number; attempts: number }, now: Date) {
  await db
    .updateTable("email_outbox")
    .set((eb) => ({ attempts: eb("attempts", "-", 1), next_attempt_at: now }))
    .where("id", "=", email.id)
    .where("attempts", "=", email.attempts)
    .where("sent_at", "is", null)
    .execute();
}

// The admin's view of the outbox.

export const OUTBOX_PAGE_SIZE = 50;

export interface OutboxEmail {
  id: number;
  to: string;
  subject: string;
  body: string;
  link: string;
  createdAt: Date;
  status: OutboxStatus;
  attempts: number;
  maxAttempts: number;
  /** Pending emails: when the next try is due. */
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  lastError: string | null;
}

/** The outbox, newest first, a page at a time, optionally one status only. Shows only what the table holds. */
export async function listOutboxEmails(
  db: DB,
  actor: Actor,
  filter: { page: number; status?: OutboxStatus },
): Promise<{ rows: OutboxEmail[]; hasMore: boolean }> {
  requirePermission(actor, "outbox:view");
  let query = db
    .selectFrom("email_outbox")
    .select(["id", "to_address", "subject", "body", "link", "created_at", "attempts", "next_attempt_at", "sent_at", "last_error"])
    .orderBy("id", "desc")
    .limit(OUTBOX_PAGE_SIZE + 1)
    .offset(Math.max(0, filter.page - 1) * OUTBOX_PAGE_SIZE);
  if (filter.status === "sent") query = query.where("sent_at", "is not", null);
  if (filter.status === "failed") query = query.where("sent_at", "is", null).where("attempts", ">=", MAX_ATTEMPTS);
  if (filter.status === "pending") query = query.where("sent_at", "is", null).where("attempts", "<", MAX_ATTEMPTS);
  const rows = await query.execute();
  return {
    hasMore: rows.length > OUTBOX_PAGE_SIZE,
    rows: rows.slice(0, OUTBOX_PAGE_SIZE).map((r) => {
      const status: OutboxStatus = r.sent_at ? "sent" : r.attempts >= MAX_ATTEMPTS ? "failed" : "pending";
      return {
        id: r.id,
        to: r.to_address,
        subject: r.subject,
        body: r.body,
        link: r.link,
        createdAt: r.created_at,
        status,
        attempts: r.attempts,
        maxAttempts: MAX_ATTEMPTS,
        nextAttemptAt: status === "pending" ? r.next_attempt_at : null,
        sentAt: r.sent_at,
        lastError: r.last_error,
      };
    }),
  };
}
