import type { Actor } from "../access/access.server.ts";
import { can, notFound, requirePermission } from "../access/access.server.ts";
import { ROLE_LABELS, isRole } from "../access/roles.ts";
import { BESPOKE_STATUS_LABELS, type BespokeStatus, bespokeCan, isBespokeReference, isBespokeStatus } from "./bespoke.rules.ts";
import { type DB, bespokeInReach } from "./bespoke-store.server.ts";

/** Reading bespoke training requests as the actor may see them: the list and one request's page. */

const ACTION_LABELS: Record<string, string> = {
  submitted: "Asked for by the school",
  withdrawn: "Withdrawn by the school",
  accepted: "Accepted by the council: a private event was arranged",
  declined: "Declined by the council",
};

export const PAGE_SIZE = 25;

export interface BespokeListRow {
  reference: string;
  school: string;
  topic: string;
  needArea: string;
  status: BespokeStatus;
  statusLabel: string;
  createdAt: Date;
}

/**
 * The requests the actor reaches (a school's staff their school's; the council every school's), newest first,
 * filtered by status when asked, a page at a time.
 */
export async function listBespoke(db: DB, actor: Actor, filter: { status: BespokeStatus | null; page: number }) {
  requirePermission(actor, "training:view");
  let query = db
    .selectFrom("training_bespoke_requests")
    .innerJoin("schools", "schools.id", "training_bespoke_requests.school_id")
    .where(bespokeInReach(actor));
  if (filter.status) query = query.where("training_bespoke_requests.status", "=", filter.status);
  const [rows, total] = await Promise.all([
    query
      .select([
        "training_bespoke_requests.reference",
        "schools.name as school",
        "training_bespoke_requests.topic",
        "training_bespoke_requests.need_area",
        "training_bespoke_requests.status",
        "training_bespoke_requests.created_at",
      ])
      .orderBy("training_bespoke_requests.id", "desc")
      .limit(PAGE_SIZE)
      .offset((filter.page - 1) * PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r): BespokeListRow => {
      const status = isBespokeStatus(r.status) ? r.status : "submitted";
      return {
        reference: r.reference,
        school: r.school,
        topic: r.topic,
        needArea: r.need_area,
        status,
        statusLabel: BESPOKE_STATUS_LABELS[status],
        createdAt: r.created_at,
      };
    }),
    pageCount: Math.max(1, Math.ceil(Number(total.n) / PAGE_SIZE)),
    mayAsk: can(actor, "training:bespoke"),
  };
}

/** One request as its page shows it, with its timeline, the private event (once accepted) and what the actor can do. */
export async function getBespoke(db: DB, actor: Actor, reference: string) {
  requirePermission(actor, "training:view");
  if (!isBespokeReference(reference)) notFound();
  const row = await db
    .selectFrom("training_bespoke_requests")
    .innerJoin("schools", "schools.id", "training_bespoke_requests.school_id")
    .innerJoin("users", "users.id", "training_bespoke_requests.created_by")
    .select([
      "training_bespoke_requests.id",
      "training_bespoke_requests.reference",
      "training_bespoke_requests.status",
      "training_bespoke_requests.version",
      "training_bespoke_requests.topic",
      "training_bespoke_requests.need_area",
      "training_bespoke_requests.preferred_from",
      "training_bespoke_requests.preferred_to",
      "training_bespoke_requests.preferred_note",
      "training_bespoke_requests.staff_count",
      "training_bespoke_requests.outcomes",
      "training_bespoke_requests.decision_reason",
      "training_bespoke_requests.event_id",
      "training_bespoke_requests.created_at",
      "schools.name as school",
      "users.display_name as asked_by",
    ])
    .where("training_bespoke_requests.reference", "=", reference)
    .where(bespokeInReach(actor))
    .executeTakeFirst();
  if (!row || !isBespokeStatus(row.status)) notFound();
  const [timeline, event] = await Promise.all([
    db
      .selectFrom("training_bespoke_events")
      .innerJoin("users", "users.id", "training_bespoke_events.actor_user_id")
      .select([
        "training_bespoke_events.occurred_at",
        "training_bespoke_events.action",
        "training_bespoke_events.actor_role",
        "training_bespoke_events.to_status",
        "training_bespoke_events.comment",
        "users.display_name",
      ])
      .where("training_bespoke_events.training_bespoke_request_id", "=", row.id)
      .orderBy("training_bespoke_events.id")
      .execute(),
    row.event_id === null
      ? Promise.resolve(undefined)
      : db
          .selectFrom("training_events")
          .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
          .select([
            "training_events.id",
            "training_events.starts_at",
            "training_events.ends_at",
            "training_events.venue",
            "training_events.online_url",
            "training_events.places",
            "training_events.presenter_name",
            "training_events.status",
            "training_courses.title",
          ])
          .where("training_events.id", "=", row.event_id)
          .executeTakeFirst(),
  ]);
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    statusLabel: BESPOKE_STATUS_LABELS[row.status],
    version: row.version,
    school: row.school,
    askedBy: row.asked_by,
    askedAt: row.created_at,
    topic: row.topic,
    needArea: row.need_area,
    preferredFrom: row.preferred_from,
    preferredTo: row.preferred_to,
    preferredNote: row.preferred_note,
    staffCount: row.staff_count,
    outcomes: row.outcomes,
    decisionReason: row.decision_reason,
    event: event
      ? {
          id: event.id,
          course: event.title,
          startsAt: event.starts_at,
          endsAt: event.ends_at,
          venue: event.venue,
          onlineUrl: event.online_url,
          places: event.places,
          presenter: event.presenter_name,
          cancelled: event.status === "cancelled",
        }
      : null,
    timeline: timeline.map((e) => ({
      at: e.occurred_at,
      who: e.display_name,
      role: isRole(e.actor_role) ? ROLE_LABELS[e.actor_role] : e.actor_role,
      label: ACTION_LABELS[e.action] ?? e.action,
      statusLabel: isBespokeStatus(e.to_status) ? BESPOKE_STATUS_LABELS[e.to_status] : e.to_status,
      comment: e.comment,
    })),
    can: bespokeCan(actor.role, row.status),
  };
}
export type BespokeDetail = Awaited<ReturnType<typeof getBespoke>>;

/** The catalogue's active courses, by programme, for the officer's choice when accepting. */
export async function courseOptions(db: DB) {
  return db
    .selectFrom("training_courses")
    .innerJoin("training_programmes", "training_programmes.id", "training_courses.programme_id")
    .select(["training_courses.id", "training_courses.title", "training_programmes.name as programme"])
    .where("training_courses.active", "=", true)
    .orderBy("training_programmes.sort_order")
    .orderBy("training_programmes.name")
    .orderBy("training_courses.title")
    .execute();
}
