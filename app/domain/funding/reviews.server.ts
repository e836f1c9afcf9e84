import type { Actor } from "../access/access.server.ts";
import { notFound } from "../access/access.server.ts";
import { lastChangeOf } from "../audit/audit.server.ts";
import { type CaseStore, type StepResult, takeStep } from "../workflow/engine.server.ts";
import { FUNDING_REVIEW_WORKFLOW, REVIEW_STATUSES, type ReviewInput, type ReviewStatus, reviewDueDates } from "./reviews.rules.ts";
import { type DB, type Trx, visibleTo } from "./store.server.ts";

/**
 * An award's reviews (issue 8): written with the decision that makes the award, recorded once each by the school
 * through the workflow engine (locked under the actor's reach of the request, versioned, a resend counted once),
 * each with its own append-only timeline (`funding_review_events`).
 */

type ReviewStep = keyof typeof FUNDING_REVIEW_WORKFLOW.steps;

const STATUS_LABELS: Record<ReviewStatus, string> = { due: "Due", recorded: "Recorded", superseded: "Replaced by a corrected decision" };

/**
 * The review points of a decision, in the decision's own transaction: the request's reviews not yet recorded are
 * superseded (a correction replaces the award they were for), then, for an award, the scheme's number of reviews
 * a year is spread over its period (reviewDueDates). Recorded reviews stay as they are.
 */
export async function writeReviewPoints(
  trx: Trx,
  request: { id: number; scheme_id: number },
  decision: { id: number; awardedPence: number; start: string | null; end: string | null },
): Promise<void> {
  await trx
    .updateTable("funding_reviews")
    .set((eb) => ({ status: "superseded", version: eb("version", "+", 1) }))
    .where("funding_request_id", "=", request.id)
    .where("status", "=", "due")
    .execute();
  if (decision.awardedPence <= 0 || !decision.start || !decision.end) return;
  const scheme = await trx.selectFrom("funding_schemes").select("reviews_per_year").where("id", "=", request.scheme_id).executeTakeFirstOrThrow();
  const dates = reviewDueDates(decision.start, decision.end, scheme.reviews_per_year);
  if (dates.length === 0) return;
  await trx
    .insertInto("funding_reviews")
    .values(dates.map((due_on, i) => ({ funding_request_id: request.id, decision_id: decision.id, number: i + 1, due_on })))
    .execute();
}

/** A review's key in a route: its id, a whole number; anything else is the same 404 as a review that is not there. */
export function reviewIdOf(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,8}$/.test(value)) notFound();
  return Number(value);
}

async function lockReview(trx: Trx, actor: Actor, key: string) {
  const row = await trx
    .selectFrom("funding_reviews")
    .innerJoin("funding_requests", "funding_requests.id", "funding_reviews.funding_request_id")
    .select(["funding_reviews.id", "funding_reviews.status", "funding_reviews.version", "funding_reviews.number", "funding_requests.reference"])
    .where("funding_reviews.id", "=", reviewIdOf(key))
    .where(visibleTo(actor))
    .forUpdate("funding_reviews")
    .executeTakeFirst();
  if (!row || !(REVIEW_STATUSES as readonly string[]).includes(row.status)) return undefined;
  return { ...row, status: row.status as ReviewStatus };
}
type LockedReview = NonNullable<Awaited<ReturnType<typeof lockReview>>>;

/** Reviews for the workflow engine. */
export const FUNDING_REVIEW_STORE: CaseStore<ReviewStatus, ReviewStep, never, LockedReview> = {
  workflow: FUNDING_REVIEW_WORKFLOW,
  noun: "review",
  lock: lockReview,
  stateLabel: (status) => STATUS_LABELS[status],
  async save(trx, row, set) {
    await trx
      .updateTable("funding_reviews")
      .set((eb) => ({ ...set, version: eb("version", "+", 1) }))
      .where("id", "=", row.id)
      .execute();
  },
  async addEvent(trx, actor, row, event) {
    await trx
      .insertInto("funding_review_events")
      .values({
        funding_review_id: row.id,
        actor_user_id: actor.userId,
        actor_role: actor.role,
        action: event.action,
        from_status: event.from,
        to_status: event.to,
        comment: event.comment,
        submission_digest: event.digest,
      })
      .execute();
  },
  async eventRecorded(trx, actor, row, digest) {
    const event = await trx
      .selectFrom("funding_review_events")
      .select("id")
      .where("funding_review_id", "=", row.id)
      .where("actor_user_id", "=", actor.userId)
      .where("submission_digest", "=", digest)
      .executeTakeFirst();
    return event !== undefined;
  },
  async lastChange(trx, row) {
    const last = await lastChangeOf(trx, { type: "funding_review", id: row.id }, ["funding_review.recorded"]);
    if (last) return { did: `review ${row.number} of ${row.reference} was recorded`, changed: { userId: last.userId, at: last.at } };
    return { did: `review ${row.number} of ${row.reference} is now ${STATUS_LABELS[row.status].toLowerCase()}` };
  },
  audience: async () => [],
  auditDetail: (row) => ({ reference: row.reference, review: row.number }),
};

/** The SENCO records a review: progress against the plan's outcomes, whether the provision continues, changes. */
export function recordReview(db: DB, actor: Actor, reviewId: string, input: ReviewInput, requestId: string): Promise<StepResult> {
  const fields = { progress: input.progress, provisionContinues: input.provisionContinues, changes: input.changes };
  return takeStep(db, actor, FUNDING_REVIEW_STORE, "record", { key: reviewId, version: input.version, fields }, requestId, async () => ({
    set: {
      progress: input.progress,
      provision_continues: input.provisionContinues === "yes",
      changes: input.changes || null,
      recorded_by: actor.userId,
      recorded_at: new Date(),
    },
  }));
}
