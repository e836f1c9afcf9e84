import type { Actor } from "../access/access.server.ts";
import { notFound, requirePermission } from "../access/access.server.ts";
import { reachesFromOutsideSchools } from "../access/scopes.server.ts";
import { auditedRead } from "../audit/audited-read.server.ts";
import { londonToday } from "../financial-year.ts";
import { formatDate } from "../../components/format.ts";
import { DUE_SOON_DAYS, REVIEW_TIMING_LABELS, type ReviewStatus, type ReviewTiming, reviewCan, reviewTiming } from "./reviews.rules.ts";
import { reviewIdOf } from "./reviews.server.ts";
import { type DB, visibleTo } from "./store.server.ts";
import { TO_DO_SHOWN, type ToDoGroup } from "./to-do.server.ts";

/** Reading reviews: the list of those due and overdue (scoped by reach), one review's page, the headteacher's to-do. */

export const REVIEWS_PAGE_SIZE = 50;

export interface ReviewListRow {
  id: number;
  reference: string;
  school: string;
  /** Only to the school's own staff, as their funding list does; the council's list names no pupil. */
  pupil: string | null;
  number: number;
  of: number;
  dueOn: string;
  timing: ReviewTiming;
  timingLabel: string;
}

function addDays(iso: string, days: number) {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Open reviews (not yet recorded) of the requests the actor reaches: due soon and overdue, overdue only, or all; by due date. */
export async function listReviews(db: DB, actor: Actor, filter: { show: "due" | "overdue" | "all"; page: number }, now = new Date()) {
  requirePermission(actor, "funding:view");
  const today = londonToday(now);
  const inside = !reachesFromOutsideSchools(actor);
  let selected = db
    .selectFrom("funding_reviews")
    .innerJoin("funding_requests", "funding_requests.id", "funding_reviews.funding_request_id")
    .where(visibleTo(actor))
    .where("funding_reviews.status", "=", "due");
  if (filter.show === "overdue") selected = selected.where("funding_reviews.due_on", "<", today);
  if (filter.show === "due") selected = selected.where("funding_reviews.due_on", "<=", addDays(today, DUE_SOON_DAYS));
  const { n } = await selected.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(n);
  const pages = Math.max(1, Math.ceil(total / REVIEWS_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page), pages);
  const rows = await selected
    .innerJoin("schools", "schools.id", "funding_requests.school_id")
    .leftJoin("pupils", (join) => (inside ? join.onRef("pupils.id", "=", "funding_requests.pupil_id") : join.on((eb) => eb.lit(false))))
    .select((eb) => [
      "funding_reviews.id",
      "funding_reviews.number",
      "funding_reviews.due_on",
      "funding_requests.reference",
      "schools.name as school",
      "pupils.first_name",
      "pupils.last_name",
      eb
        .selectFrom("funding_reviews as points")
        .select((e) => e.fn.countAll<number>().as("of"))
        .whereRef("points.decision_id", "=", "funding_reviews.decision_id")
        .as("of"),
    ])
    .orderBy("funding_reviews.due_on")
    .orderBy("funding_reviews.id")
    .limit(REVIEWS_PAGE_SIZE)
    .offset((page - 1) * REVIEWS_PAGE_SIZE)
    .execute();
  return {
    total,
    page,
    pages,
    show: filter.show,
    rows: rows.map(
      (r): ReviewListRow => ({
        id: r.id,
        reference: r.reference,
        school: r.school,
        pupil: r.first_name ? `${r.first_name} ${r.last_name}` : null,
        number: r.number,
        of: Number(r.of),
        dueOn: r.due_on,
        timing: reviewTiming(r.due_on, today),
        timingLabel: REVIEW_TIMING_LABELS[reviewTiming(r.due_on, today)],
      }),
    ),
  };
}

export interface ReviewDetail {
  id: number;
  reference: string;
  school: string;
  scheme: string;
  pupil: string | null;
  number: number;
  of: number;
  dueOn: string;
  status: ReviewStatus;
  timingLabel: string | null;
  version: number;
  award: { awardedPence: number; start: string | null; end: string | null };
  recorded: { progress: string; provisionContinues: boolean; changes: string | null; by: string; at: Date } | null;
  can: { record: boolean };
}

/** One review as the actor may see it (the request's reach; another school's is a 404); its view is audited. */
export async function getReview(db: DB, actor: Actor, id: string, requestId: string, now = new Date()): Promise<ReviewDetail> {
  requirePermission(actor, "funding:view");
  const inside = !reachesFromOutsideSchools(actor);
  const row = await auditedRead(
    db,
    async (db) => {
      const row = await db
        .selectFrom("funding_reviews")
        .innerJoin("funding_requests", "funding_requests.id", "funding_reviews.funding_request_id")
        .innerJoin("funding_decisions", "funding_decisions.id", "funding_reviews.decision_id")
        .innerJoin("schools", "schools.id", "funding_requests.school_id")
        .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
        .leftJoin("pupils", (join) => (inside ? join.onRef("pupils.id", "=", "funding_requests.pupil_id") : join.on((eb) => eb.lit(false))))
        .leftJoin("users", "users.id", "funding_reviews.recorded_by")
        .select((eb) => [
          "funding_reviews.id",
          "funding_reviews.number",
          "funding_reviews.due_on",
          "funding_reviews.status",
          "funding_reviews.version",
          "funding_reviews.progress",
          "funding_reviews.provision_continues",
          "funding_reviews.changes",
          "funding_reviews.recorded_at",
          "users.display_name as recorded_by",
          "funding_requests.id as request_id",
          "funding_requests.reference",
          "funding_requests.pupil_id",
          "funding_decisions.awarded_pence",
          "funding_decisions.award_start",
          "funding_decisions.award_end",
          "schools.name as school",
          "funding_schemes.name as scheme",
          "pupils.first_name",
          "pupils.last_name",
          eb.selectFrom("funding_reviews as points").select((e) => e.fn.countAll<number>().as("of")).whereRef("points.decision_id", "=", "funding_reviews.decision_id").as("of"),
        ])
        .where("funding_reviews.id", "=", reviewIdOf(id))
        .where(visibleTo(actor))
        .executeTakeFirst();
      if (!row) notFound();
      return row;
    },
    (row) => [
      { actor, action: "funding_review.view", subjectType: "funding_review", subjectId: row.id, requestId, detail: { reference: row.reference, review: row.number } },
      ...(row.first_name && row.pupil_id !== null
        ? [{ actor, action: "pupil.view", subjectType: "pupil", subjectId: row.pupil_id, requestId, detail: { via: `${row.reference} review ${row.number}` } }]
        : []),
    ],
  );
  const status = row.status as ReviewStatus;
  const today = londonToday(now);
  return {
    id: row.id,
    reference: row.reference,
    school: row.school,
    scheme: row.scheme,
    pupil: row.first_name ? `${row.first_name} ${row.last_name}` : null,
    number: row.number,
    of: Number(row.of),
    dueOn: row.due_on,
    status,
    timingLabel: status === "due" ? REVIEW_TIMING_LABELS[reviewTiming(row.due_on, today)] : null,
    version: row.version,
    award: { awardedPence: row.awarded_pence, start: row.award_start, end: row.award_end },
    recorded:
      status === "recorded" && row.recorded_at
        ? { progress: row.progress ?? "", provisionContinues: row.provision_continues === true, changes: row.changes, by: row.recorded_by ?? "", at: row.recorded_at }
        : null,
    can: reviewCan(actor.role, status),
  };
}

/**
 * The reviews part of a school's to-do list (ADR 22), read through the list above (its scope, its order): the
 * headteacher sees the overdue ones, the SENCO those due in the next weeks or overdue, to record.
 */
export async function reviewsToDo(db: DB, actor: Actor, now: Date): Promise<ToDoGroup[]> {
  const kind = REVIEW_WORK[actor.role];
  if (!kind || actor.schoolIds.length === 0) return [];
  const list = await listReviews(db, actor, { show: kind.show, page: 1 }, now);
  if (list.total === 0) return [];
  return [
    {
      key: kind.key,
      heading: kind.heading,
      total: list.total,
      allHref: `/funding/reviews?show=${kind.show}`,
      items: list.rows.slice(0, TO_DO_SHOWN).map((r) => ({
        about: `Review ${r.number} of ${r.of}, for ${r.pupil ?? "the whole school"}`,
        action: `${kind.verb} ${r.number} of ${r.reference}`,
        href: `/funding/reviews/${r.id}`,
        detail: `${r.timingLabel}: due ${formatDate(r.dueOn)}`,
      })),
    },
  ];
}

const REVIEW_WORK: Partial<Record<Actor["role"], { key: string; heading: string; verb: string; show: "due" | "overdue" }>> = {
  headteacher: { key: "reviews-overdue", heading: "Reviews overdue", verb: "See review", show: "overdue" },
  senco: { key: "reviews-to-record", heading: "Reviews to record", verb: "Record review", show: "due" },
};
