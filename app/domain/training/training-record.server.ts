import { sql } from "kysely";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { trainingBookingInReach } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { toCsv } from "../csv.server.ts";
import type { DB } from "./booking-store.server.ts";

/**
 * The school's training record (issue 9): who attended what and when, by area of need, for the last two years
 * (the window Kent's High Needs Funding asks about: "relevant staff have been trained in the last two years").
 * An attendance is a booking marked attended on an event that started within the window.
 */

export const RECORD_YEARS = 2;

/** The start of the window: the same moment `RECORD_YEARS` years before `now`. */
export function recordWindowStart(now: Date): Date {
  const start = new Date(now);
  start.setUTCFullYear(start.getUTCFullYear() - RECORD_YEARS);
  return start;
}

export async function trainingRecord(db: DB, actor: Actor, now = new Date()) {
  requirePermission(actor, "training:book");
  const from = recordWindowStart(now);
  const rows = await db
    .selectFrom("training_bookings")
    .innerJoin("training_events", "training_events.id", "training_bookings.event_id")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .innerJoin("training_programmes", "training_programmes.id", "training_courses.programme_id")
    .select([
      "training_bookings.id",
      "training_bookings.attendee_name",
      "training_bookings.attendee_role",
      "training_events.starts_at",
      "training_events.hours",
      "training_courses.title",
      "training_programmes.name as programme",
    ])
    .select(
      sql<string[] | null>`(select array_agg(a.need_area order by n.sort_order) from training_course_need_areas a join need_areas n on n.name = a.need_area where a.course_id = training_courses.id)`.as(
        "need_areas",
      ),
    )
    .where(trainingBookingInReach(actor))
    .where("training_bookings.status", "=", "booked")
    .where("training_bookings.attended", "=", true)
    .where("training_events.starts_at", ">=", from)
    .where("training_events.starts_at", "<=", now)
    .orderBy("training_events.starts_at", "desc")
    .orderBy("training_bookings.id")
    .execute();
  const attendances = rows.map((r) => ({ ...r, hours: Number(r.hours), needAreas: r.need_areas ?? [] }));
  const areas = await db.selectFrom("need_areas").select("name").where("course_area", "=", true).orderBy("sort_order").execute();
  const byArea = areas.map((a) => {
    const within = attendances.filter((r) => r.needAreas.includes(a.name));
    return { area: a.name, attendances: within.length, people: new Set(within.map((r) => r.attendee_name.toLowerCase())).size, hours: within.reduce((s, r) => s + r.hours, 0) };
  });
  return { from, to: now, attendances, byArea };
}

export async function trainingRecordCsv(db: DB, actor: Actor, requestId: string, now = new Date()) {
  const record = await trainingRecord(db, actor, now);
  const day = (d: Date | string) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(d));
  const csv = toCsv(
    ["date", "name", "role", "programme", "course", "need_areas", "hours"],
    record.attendances.map((r) => [day(r.starts_at), r.attendee_name, r.attendee_role, r.programme, r.title, r.needAreas.join("; "), r.hours]),
  );
  await recordAudit(db, { actor, action: "training_record.export", subjectType: "school", subjectId: actor.schoolIds[0] ?? "", requestId, detail: { rows: record.attendances.length } });
  return { filename: `training-record-${day(now)}.csv`, csv };
}
