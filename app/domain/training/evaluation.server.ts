import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { formatDate } from "../../components/format.ts";
import { type Actor, idParam, notFound, requirePermission } from "../access/access.server.ts";
import { trainingEventInReach } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { londonToday } from "../financial-year.ts";
import { queueAttendeeEmails } from "./attendee-mail.server.ts";
import type { EvaluationInput } from "./evaluation.schema.ts";

/**
 * Evaluations (issue 9, ADR 40): after an event, each person marked as attended gets a personal link (random,
 * 160 bits; only its SHA-256 is stored, as for sessions) to a short evaluation they send without an account. One
 * evaluation per attendance; the link works for EVALUATION_LINK_DAYS after it was sent, and only while the booking
 * says they attended. The council's officers read the results per event.
 */

type DB = Kysely<Database>;
type Trx = Transaction<Database>;

export const EVALUATION_LINK_DAYS = 60;

function newToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored form of a token. */
export function evaluationTokenHash(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** A token as the portal makes them (32 base32 letters); anything else is the same 404 as an unknown one. */
function hashOfParam(token: string | undefined): string {
  if (!token || !/^[a-z2-7]{32}$/.test(token)) notFound();
  return evaluationTokenHash(token);
}

/**
 * Sends the evaluation link to everyone on the event marked as attended who has not had one, in the caller's
 * transaction (the emails go through the outbox once it commits). A booking gets one link ever: a concurrent
 * save that made it first wins (its primary key), and this one sends nothing for that booking. Returns how many were sent.
 */
export async function issueEvaluationInvitations(
  trx: Trx,
  event: { id: number; starts_at: Date | string; course: string; programme: string },
  now: Date,
): Promise<number> {
  const due = await trx
    .selectFrom("training_bookings")
    .leftJoin("training_evaluation_links", "training_evaluation_links.booking_id", "training_bookings.id")
    .select(["training_bookings.id", "training_bookings.attendee_email"])
    .where("training_bookings.event_id", "=", event.id)
    .where("training_bookings.status", "=", "booked")
    .where("training_bookings.attended", "=", true)
    .where("training_evaluation_links.booking_id", "is", null)
    .orderBy("training_bookings.id")
    .execute();
  const expiresAt = new Date(now.getTime() + EVALUATION_LINK_DAYS * 86_400_000);
  const date = formatDate(londonToday(new Date(event.starts_at)));
  let sent = 0;
  for (const booking of due) {
    const token = newToken();
    const made = await trx
      .insertInto("training_evaluation_links")
      .values({ booking_id: booking.id, token_hash: evaluationTokenHash(token), created_at: now, expires_at: expiresAt })
      .onConflict((oc) => oc.column("booking_id").doNothing())
      .returning("booking_id")
      .executeTakeFirst();
    if (!made) continue;
    sent += 1;
    await queueAttendeeEmails(trx, [
      {
        to: booking.attendee_email,
        subject: `How useful was ${event.course}?`,
        message:
          `Thank you for coming to ${event.course} (${event.programme}) on ${date}. Please tell us how useful it was: three ` +
          `short questions, no account needed. This link is yours alone and works until ${formatDate(londonToday(expiresAt))}.`,
        link: `/training/evaluation/${token}`,
      },
    ]);
  }
  return sent;
}

/** The link's booking and course, or 404 for a token nobody was sent. */
async function linkOf(db: DB, tokenHash: string, lock = false) {
  let query = db
    .selectFrom("training_evaluation_links")
    .innerJoin("training_bookings", "training_bookings.id", "training_evaluation_links.booking_id")
    .innerJoin("training_events", "training_events.id", "training_bookings.event_id")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .innerJoin("training_programmes", "training_programmes.id", "training_courses.programme_id")
    .leftJoin("training_evaluations", "training_evaluations.booking_id", "training_bookings.id")
    .select([
      "training_bookings.id as bookingId",
      "training_bookings.status",
      "training_bookings.attended",
      "training_events.id as eventId",
      "training_events.starts_at",
      "training_courses.title as course",
      "training_programmes.name as programme",
      "training_evaluation_links.expires_at",
      "training_evaluations.submitted_at as sentAt",
    ])
    .where("training_evaluation_links.token_hash", "=", tokenHash);
  if (lock) query = query.forUpdate("training_evaluation_links");
  const link = await query.executeTakeFirst();
  if (!link) notFound();
  return link;
}

type LinkState = "open" | "sent" | "expired" | "not_attended";

function stateOf(link: Awaited<ReturnType<typeof linkOf>>, now: Date): LinkState {
  if (link.sentAt) return "sent";
  if (link.status !== "booked" || link.attended !== true) return "not_attended";
  if (now >= new Date(link.expires_at)) return "expired";
  return "open";
}

/** What the evaluation page shows for a token: the course and date, and whether the form is open. */
export async function evaluationPage(db: DB, token: string | undefined, now = new Date()) {
  const link = await linkOf(db, hashOfParam(token));
  return {
    course: link.course,
    programme: link.programme,
    date: londonToday(new Date(link.starts_at)),
    state: stateOf(link, now),
    sentAt: link.sentAt ? new Date(link.sentAt).toISOString() : null,
    expiresAt: new Date(link.expires_at).toISOString(),
  };
}

const REFUSED: Record<Exclude<LinkState, "open" | "sent">, string> = {
  expired: "This evaluation link has expired, so the evaluation was not sent.",
  not_attended: "The register does not show you as having attended this course, so an evaluation cannot be sent from this link.",
};

/**
 * An attendee sends their evaluation. Locked on the link, so two sends at once store one; a second send stores
 * nothing and answers that it was already received (`already`).
 */
export async function sendEvaluation(
  db: DB,
  token: string | undefined,
  input: EvaluationInput,
  requestId: string,
  now = new Date(),
): Promise<{ ok: true; already: boolean } | { ok: false; formError: string }> {
  const tokenHash = hashOfParam(token);
  return db.transaction().execute(async (trx) => {
    const link = await linkOf(trx, tokenHash, true);
    const state = stateOf(link, now);
    if (state === "sent") return { ok: true, already: true };
    if (state !== "open") return { ok: false, formError: REFUSED[state] };
    const made = await trx
      .insertInto("training_evaluations")
      .values({ booking_id: link.bookingId, event_id: link.eventId, usefulness: input.usefulness, will_change: input.willChange, comments: input.comments, submitted_at: now })
      .onConflict((oc) => oc.column("booking_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!made) return { ok: true, already: true };
    await recordAudit(trx, {
      action: "training.evaluation_sent",
      subjectType: "training_booking",
      subjectId: link.bookingId,
      requestId,
      detail: { event: link.eventId, usefulness: input.usefulness },
    });
    return { ok: true, already: false };
  });
}

/** An event's evaluation results for the council: how many, the average and spread of usefulness, the written answers. */
export async function evaluationResults(db: DB, actor: Actor, eventKey: string | undefined) {
  requirePermission(actor, "training:manage");
  const event = await db
    .selectFrom("training_events")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .innerJoin("training_programmes", "training_programmes.id", "training_courses.programme_id")
    .select(["training_events.id", "training_events.starts_at", "training_events.status", "training_courses.title as course", "training_programmes.name as programme"])
    .where("training_events.id", "=", idParam(eventKey))
    .where(trainingEventInReach(actor))
    .executeTakeFirst();
  if (!event) notFound();
  const rows = await db
    .selectFrom("training_evaluations")
    .select(["id", "usefulness", "will_change", "comments"])
    .where("event_id", "=", event.id)
    .orderBy("id")
    .execute();
  const counts = await db
    .selectFrom("training_bookings")
    .leftJoin("training_evaluation_links", "training_evaluation_links.booking_id", "training_bookings.id")
    .select((eb) => [
      eb.fn.count<number>("training_bookings.id").filterWhere("training_bookings.attended", "=", true).as("attended"),
      eb.fn.count<number>("training_evaluation_links.booking_id").as("asked"),
    ])
    .where("training_bookings.event_id", "=", event.id)
    .where("training_bookings.status", "=", "booked")
    .executeTakeFirstOrThrow();
  const distribution = [5, 4, 3, 2, 1].map((score) => ({ score, count: rows.filter((r) => r.usefulness === score).length }));
  const total = rows.reduce((sum, r) => sum + r.usefulness, 0);
  return {
    event: { id: event.id, course: event.course, programme: event.programme, date: londonToday(new Date(event.starts_at)), status: event.status },
    attended: Number(counts.attended),
    asked: Number(counts.asked),
    count: rows.length,
    // One decimal place, as people read an average score ("4.3 out of 5").
    average: rows.length ? Math.round((total / rows.length) * 10) / 10 : null,
    distribution,
    willChange: rows.flatMap((r) => (r.will_change ? [{ id: r.id, text: r.will_change }] : [])),
    comments: rows.flatMap((r) => (r.comments ? [{ id: r.id, text: r.comments }] : [])),
  };
}
