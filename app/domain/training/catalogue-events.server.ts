import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, can, notFound, requirePermission } from "../access/access.server.ts";
import { trainingEventInReach } from "../access/scopes.server.ts";
import type { CatalogueFilterReading } from "./catalogue-filter.ts";
import type { CouncilShow } from "./catalogue.words.ts";
import { isEventStatus } from "./events.workflow.ts";

/** Reads of the catalogue's events (ADR 38): the schools' list and event page, the council's lists and forms. */

type DB = Kysely<Database>;
type From = "training_events" | "training_courses" | "training_programmes";

export const CATALOGUE_PAGE_SIZE = 25;

function eventsBase(db: DB) {
  return db
    .selectFrom("training_events")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .innerJoin("training_programmes", "training_programmes.id", "training_courses.programme_id");
}

function summaryOf(query: SelectQueryBuilder<Database, From, object>) {
  return query
    .leftJoin("districts", "districts.id", "training_events.district_id")
    .select([
      "training_events.id",
      "training_events.status",
      "training_events.starts_at",
      "training_events.ends_at",
      "training_events.venue",
      "training_events.online_url",
      "training_events.places",
      "training_events.booking_closes_at",
      "training_events.cost_pence",
      "training_courses.title as course_title",
      "training_programmes.name as programme_name",
      "districts.name as district_name",
      // Places held (bookings 'booked'), kept on the event by the database (ADR 48).
      "training_events.booked_count as booked",
    ]);
}

export type EventSummaryRow = Awaited<ReturnType<ReturnType<typeof summaryOf>["execute"]>>[number];

function toSummary(r: EventSummaryRow) {
  return {
    id: r.id,
    status: r.status,
    courseTitle: r.course_title,
    programmeName: r.programme_name,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    venue: r.venue,
    districtName: r.district_name,
    online: r.online_url !== null,
    places: r.places,
    booked: r.booked,
    bookingClosesAt: r.booking_closes_at,
    costPence: r.cost_pence,
  };
}

export type EventSummary = ReturnType<typeof toSummary>;

/**
 * Upcoming published events the actor reaches (a private event only for their school), filtered, 25 a page,
 * soonest first.
 */
export async function listUpcomingEvents(db: DB, actor: Actor, reading: CatalogueFilterReading, now = new Date()) {
  requirePermission(actor, "training:view");
  const { filter, fromIso, toIso } = reading;
  let query = eventsBase(db)
    .where(trainingEventInReach(actor))
    .where("training_events.status", "=", "published")
    .where("training_events.starts_at", ">", now);
  if (filter.programme) query = query.where("training_programmes.id", "=", Number(filter.programme));
  if (filter.district) query = query.where("training_events.district_id", "=", Number(filter.district));
  if (filter.needArea) {
    query = query.where("training_events.course_id", "in", (eb) =>
      eb.selectFrom("training_course_need_areas")
        .select("training_course_need_areas.course_id")
        .where("training_course_need_areas.need_area", "=", filter.needArea),
    );
  }
  if (fromIso) query = query.where("training_events.starts_at", ">=", sql<Date>`(${fromIso}::date)::timestamp AT TIME ZONE 'Europe/London'`);
  if (toIso) query = query.where("training_events.starts_at", "<", sql<Date>`(${toIso}::date + 1)::timestamp AT TIME ZONE 'Europe/London'`);
  if (filter.free) {
    query = query.where("training_events.booking_closes_at", ">", now).whereRef("training_events.places", ">", "training_events.booked_count");
  }
  const [counted, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    summaryOf(query)
      .orderBy("training_events.starts_at")
      .orderBy("training_events.id")
      .limit(CATALOGUE_PAGE_SIZE)
      .offset((filter.page - 1) * CATALOGUE_PAGE_SIZE)
      .execute(),
  ]);
  const total = Number(counted.n);
  return { total, pageCount: Math.max(1, Math.ceil(total / CATALOGUE_PAGE_SIZE)), rows: rows.map(toSummary) };
}

/** The filters' choices: programmes, the course need areas, districts. */
export async function catalogueChoices(db: DB) {
  const [programmes, needAreas, districts] = await Promise.all([
    db.selectFrom("training_programmes").select(["id", "name"]).where("active", "=", true).orderBy("sort_order").orderBy("name").execute(),
    db.selectFrom("need_areas").select(["name", "short_name"]).where("course_area", "=", true).orderBy("sort_order").execute(),
    db.selectFrom("districts").select(["id", "name"]).orderBy("name").execute(),
  ]);
  return { programmes, needAreas: needAreas.map((a) => ({ name: a.name, shortName: a.short_name })), districts };
}

/** The council's events by kind: upcoming (published, soonest first), drafts, past (latest first), cancelled. */
export async function listCouncilEvents(db: DB, actor: Actor, show: CouncilShow, page: number, now = new Date()) {
  requirePermission(actor, "training:manage");
  let query = eventsBase(db);
  if (show === "upcoming") query = query.where("training_events.status", "=", "published").where("training_events.starts_at", ">", now);
  if (show === "draft") query = query.where("training_events.status", "=", "draft");
  if (show === "past") query = query.where("training_events.status", "=", "published").where("training_events.starts_at", "<=", now);
  if (show === "cancelled") query = query.where("training_events.status", "=", "cancelled");
  const latestFirst = show === "past" || show === "cancelled";
  const [counted, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    summaryOf(query)
      .orderBy("training_events.starts_at", latestFirst ? "desc" : "asc")
      .orderBy("training_events.id")
      .limit(CATALOGUE_PAGE_SIZE)
      .offset((page - 1) * CATALOGUE_PAGE_SIZE)
      .execute(),
  ]);
  const total = Number(counted.n);
  return { total, pageCount: Math.max(1, Math.ceil(total / CATALOGUE_PAGE_SIZE)), rows: rows.map(toSummary) };
}

/** One event in full, as the actor reaches it (another school's private event, or a draft for a school: 404). */
export async function getEvent(db: DB, actor: Actor, eventId: number) {
  requirePermission(actor, "training:view");
  const row = await eventsBase(db)
    .leftJoin("districts", "districts.id", "training_events.district_id")
    .leftJoin("users as presenter", "presenter.id", "training_events.presenter_user_id")
    .leftJoin("schools as private_school", "private_school.id", "training_events.private_school_id")
    .selectAll("training_events")
    .select((eb) => [
      "training_courses.title as course_title",
      "training_courses.audience",
      "training_courses.description",
      "training_programmes.name as programme_name",
      "training_programmes.provider",
      "districts.name as district_name",
      "presenter.display_name as presenter_account",
      "private_school.name as private_school_name",
      "training_events.booked_count as booked",
      eb
        .selectFrom("training_bookings")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("training_bookings.event_id", "=", "training_events.id")
        .where("training_bookings.status", "=", "waiting")
        .as("waiting"),
    ])
    .where("training_events.id", "=", eventId)
    .where(trainingEventInReach(actor))
    .executeTakeFirst();
  if (!row || !isEventStatus(row.status)) notFound();
  const areas = await db
    .selectFrom("training_course_need_areas")
    .innerJoin("need_areas", "need_areas.name", "training_course_need_areas.need_area")
    .select("need_areas.name")
    .where("course_id", "=", row.course_id)
    .orderBy("sort_order")
    .execute();
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    courseId: row.course_id,
    courseTitle: row.course_title,
    audience: row.audience,
    description: row.description,
    programmeName: row.programme_name,
    provider: row.provider,
    needAreas: areas.map((a) => a.name),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    venue: row.venue,
    districtId: row.district_id,
    districtName: row.district_name,
    onlineUrl: row.online_url,
    places: row.places,
    booked: row.booked,
    waiting: Number(row.waiting ?? 0),
    bookingClosesAt: row.booking_closes_at,
    cancellationClosesAt: row.cancellation_closes_at,
    costPence: row.cost_pence,
    hours: Number(row.hours),
    presenterName: row.presenter_name,
    presenterUserId: row.presenter_user_id,
    presenterAccount: row.presenter_account,
    privateSchoolName: row.private_school_name,
    cancelledReason: row.cancelled_reason,
    canBook: can(actor, "training:book"),
  };
}

export type EventDetail = Awaited<ReturnType<typeof getEvent>>;

/** The event form's choices: courses (by programme), districts, and people with accounts who may present. */
export async function eventFormChoices(db: DB) {
  const [courses, districts, presenters] = await Promise.all([
    db
      .selectFrom("training_courses")
      .innerJoin("training_programmes", "training_programmes.id", "training_courses.programme_id")
      .select(["training_courses.id", "training_courses.title", "training_programmes.name as programme"])
      .where("training_courses.active", "=", true)
      .orderBy("training_programmes.sort_order")
      .orderBy("training_programmes.name")
      .orderBy("training_courses.title")
      .execute(),
    db.selectFrom("districts").select(["id", "name"]).orderBy("name").execute(),
    db
      .selectFrom("users")
      .innerJoin("memberships", "memberships.user_id", "users.id")
      .select(["users.id", "users.display_name", "memberships.role"])
      .distinctOn("users.id")
      .where("memberships.role", "in", ["stls", "council_officer"])
      .where("users.active", "=", true)
      .orderBy("users.id")
      .execute(),
  ]);
  return {
    courses: courses.map((c) => ({ value: String(c.id), label: `${c.programme}: ${c.title}` })),
    districts: districts.map((d) => ({ value: String(d.id), label: d.name })),
    presenters: presenters
      .map((p) => ({ value: String(p.id), label: `${p.display_name} (${p.role === "stls" ? "STLS" : "council officer"})` }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  };
}

/** The event's timeline, newest first, for the council's event page. */
export async function eventTimeline(db: DB, actor: Actor, eventId: number) {
  requirePermission(actor, "training:manage");
  return db
    .selectFrom("training_event_events")
    .innerJoin("users", "users.id", "training_event_events.actor_user_id")
    .select(["training_event_events.id", "training_event_events.action", "training_event_events.occurred_at", "training_event_events.comment", "users.display_name"])
    .where("training_event_id", "=", eventId)
    .orderBy("training_event_events.id", "desc")
    .limit(50)
    .execute();
}
