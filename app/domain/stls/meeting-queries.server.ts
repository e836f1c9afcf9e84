import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound } from "../access/access.server.ts";
import { liftGroupInReach, liftMeetingInReach, liftReferralFiguresInReach, reachOf } from "../access/scopes.server.ts";
import { londonToday } from "../financial-year.ts";
import { londonDateAndTime } from "../london-time.ts";
import { REFERRAL_STATUSES, type ReferralStatus } from "./referrals.workflow.ts";

/**
 * Reading LIFT meetings (ADR 43): the group's next meeting a referral can move to, one meeting as the actor may
 * see it, the meetings of the actor's reach with their figures, and the groups a form offers.
 */

type DB = Kysely<Database> | Transaction<Database>;

/**
 * The group's first scheduled meeting starting strictly after both `now` and the meeting's own start: where a
 * referral of that meeting not reached (or deferred, or whose meeting was cancelled) moves to. Undefined when the
 * group has none.
 */
export async function nextOpenMeeting(db: DB, meeting: { groupId: number; startsAt: Date | string }, now: Date) {
  const after = new Date(Math.max(now.getTime(), new Date(meeting.startsAt).getTime()));
  return db
    .selectFrom("lift_meetings")
    .select(["id", "starts_at", "ends_at", "papers_due_on", "referral_cap"])
    .where("group_id", "=", meeting.groupId)
    .where("status", "=", "scheduled")
    .where("starts_at", ">", after)
    .orderBy("starts_at")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}

/** A meeting as pages show it. */
export interface MeetingView {
  id: number;
  groupId: number;
  groupName: string;
  districtId: number;
  districtName: string;
  date: string;
  startsAt: string;
  endsAt: string;
  startTime: string;
  endTime: string;
  venue: string | null;
  onlineUrl: string | null;
  papersDueOn: string;
  cap: number;
  status: "scheduled" | "cancelled";
  cancelledReason: string | null;
  version: number;
}

function meetingQuery(db: DB) {
  return db
    .selectFrom("lift_meetings")
    .innerJoin("lift_groups", "lift_groups.id", "lift_meetings.group_id")
    .innerJoin("districts", "districts.id", "lift_groups.district_id")
    .select([
      "lift_meetings.id",
      "lift_meetings.group_id",
      "lift_groups.name as group_name",
      "lift_groups.district_id",
      "districts.name as district_name",
      "lift_meetings.starts_at",
      "lift_meetings.ends_at",
      "lift_meetings.venue",
      "lift_meetings.online_url",
      "lift_meetings.papers_due_on",
      "lift_meetings.referral_cap",
      "lift_meetings.status",
      "lift_meetings.cancelled_reason",
      "lift_meetings.version",
    ]);
}

type MeetingRow = Awaited<ReturnType<ReturnType<typeof meetingQuery>["executeTakeFirstOrThrow"]>>;

function toView(row: MeetingRow): MeetingView {
  const starts = londonDateAndTime(row.starts_at);
  return {
    id: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    districtId: row.district_id,
    districtName: row.district_name,
    date: starts.date,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    startTime: starts.time,
    endTime: londonDateAndTime(row.ends_at).time,
    venue: row.venue,
    onlineUrl: row.online_url,
    papersDueOn: String(row.papers_due_on).slice(0, 10),
    cap: row.referral_cap,
    status: row.status === "cancelled" ? "cancelled" : "scheduled",
    cancelledReason: row.cancelled_reason,
    version: row.version,
  };
}

/** One meeting the actor may see; anything else is the 404 of one that does not exist. */
export async function getMeeting(db: DB, actor: Actor, meetingId: number): Promise<MeetingView> {
  const row = await meetingQuery(db).where("lift_meetings.id", "=", meetingId).where(liftMeetingInReach(actor)).executeTakeFirst();
  if (!row) notFound();
  return toView(row);
}

export type StateCounts = Record<ReferralStatus, number>;

const noCounts = (): StateCounts => Object.fromEntries(REFERRAL_STATUSES.map((s) => [s, 0])) as StateCounts;

/** Counts of the meetings' referrals by state, as figures under liftReferralFiguresInReach (never a pupil). */
async function figuresByMeeting(db: DB, actor: Actor, meetingIds: number[]): Promise<Map<number, StateCounts>> {
  const figures = new Map<number, StateCounts>();
  if (meetingIds.length === 0) return figures;
  const rows = await db
    .selectFrom("lift_referrals")
    .select(["lift_referrals.meeting_id", "lift_referrals.status", (eb) => eb.fn.countAll<string>().as("n")])
    .where("lift_referrals.meeting_id", "in", meetingIds)
    .where(liftReferralFiguresInReach(actor))
    .groupBy(["lift_referrals.meeting_id", "lift_referrals.status"])
    .execute();
  for (const row of rows) {
    if (row.meeting_id === null) continue;
    const counts = figures.get(row.meeting_id) ?? noCounts();
    if ((REFERRAL_STATUSES as readonly string[]).includes(row.status)) counts[row.status as ReferralStatus] = Number(row.n);
    figures.set(row.meeting_id, counts);
  }
  return figures;
}

export const MEETINGS_SHOWN = 40;

/**
 * The meetings of the actor's reach (an officer may narrow to a district), coming ones first (soonest first), then
 * those held (latest first), each with its referrals counted by state.
 */
export async function meetingsOfReach(db: DB, actor: Actor, options: { districtId?: number | null; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const today = londonToday(now);
  const base = () => {
    let query = meetingQuery(db).where(liftMeetingInReach(actor));
    if (options.districtId) query = query.where("lift_groups.district_id", "=", options.districtId);
    return query;
  };
  const [coming, held] = await Promise.all([
    base().where("lift_meetings.ends_at", ">", now).orderBy("lift_meetings.starts_at").orderBy("lift_meetings.id").limit(MEETINGS_SHOWN).execute(),
    base().where("lift_meetings.ends_at", "<=", now).orderBy("lift_meetings.starts_at", "desc").orderBy("lift_meetings.id", "desc").limit(MEETINGS_SHOWN / 2).execute(),
  ]);
  const figures = await figuresByMeeting(db, actor, [...coming, ...held].map((m) => m.id));
  const withFigures = (row: MeetingRow) => ({ ...toView(row), counts: figures.get(row.id) ?? noCounts(), papersDue: String(row.papers_due_on).slice(0, 10) < today });
  return { coming: coming.map(withFigures), held: held.map(withFigures) };
}

/** The groups the actor keeps meetings for, for a form's choice ("Maidstone North LIFT (Maidstone)"). */
export async function groupChoices(db: DB, actor: Actor) {
  const rows = await db
    .selectFrom("lift_groups")
    .innerJoin("districts", "districts.id", "lift_groups.district_id")
    .select(["lift_groups.id", "lift_groups.name", "districts.name as district_name"])
    .where(liftGroupInReach(actor))
    .orderBy("districts.name")
    .orderBy("lift_groups.name")
    .execute();
  return rows.map((g) => ({ value: String(g.id), label: reachOf(actor) === "county" ? `${g.name} (${g.district_name})` : g.name }));
}

/** The districts an officer can filter by (an STLS teacher keeps their own only). */
export async function districtChoices(db: DB, actor: Actor) {
  if (reachOf(actor) !== "county") return [];
  const rows = await db.selectFrom("districts").select(["id", "name"]).orderBy("name").execute();
  return rows.map((d) => ({ value: String(d.id), label: d.name }));
}
