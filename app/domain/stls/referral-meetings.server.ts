import { londonToday } from "../financial-year.ts";
import { londonDateAndTime } from "../london-time.ts";
import type { DB } from "./referral-store.server.ts";
import { type MeetingClosed, type MeetingForRules, meetingRefusal } from "./referral.rules.ts";

/**
 * The meetings a school may refer to (ADR 44): those of the LIFT group serving it, scheduled, not yet held, whose
 * papers are not yet due; and how many of each one's cap the school has used (its referrals sent to it, those
 * with an outcome among them; drafts and withdrawn ones do not count).
 */

/** The referrals that use up a school's places at a meeting. */
export const COUNTED_STATUSES = ["sent", "outcome"] as const;

export interface MeetingOption extends MeetingForRules {
  endsAt: Date;
  venue: string | null;
  onlineUrl: string | null;
  groupName: string;
  /** How many of the cap the school has used. */
  used: number;
}

/** The LIFT group serving a school, if any. */
export async function groupOfSchool(db: DB, schoolId: number) {
  return db
    .selectFrom("lift_group_schools")
    .innerJoin("lift_groups", "lift_groups.id", "lift_group_schools.group_id")
    .select(["lift_groups.id", "lift_groups.name", "lift_groups.district_id"])
    .where("lift_group_schools.school_id", "=", schoolId)
    .executeTakeFirst();
}

/** How many referrals of the school each meeting holds (COUNTED_STATUSES), other than `except`: one grouped count. */
export async function placesUsedAt(db: DB, meetingIds: readonly number[], schoolId: number, except?: number): Promise<Map<number, number>> {
  if (meetingIds.length === 0) return new Map();
  let query = db
    .selectFrom("lift_referrals")
    .select((eb) => ["meeting_id", eb.fn.countAll<string>().as("n")])
    .where("meeting_id", "in", [...meetingIds])
    .where("school_id", "=", schoolId)
    .where("status", "in", [...COUNTED_STATUSES])
    .groupBy("meeting_id");
  if (except !== undefined) query = query.where("id", "<>", except);
  const used = new Map<number, number>();
  for (const row of await query.execute()) if (row.meeting_id !== null) used.set(row.meeting_id, Number(row.n));
  return used;
}

/** How many referrals of the school a meeting holds (COUNTED_STATUSES), other than `except`. */
export async function placesUsed(db: DB, meetingId: number, schoolId: number, except?: number): Promise<number> {
  return (await placesUsedAt(db, [meetingId], schoolId, except)).get(meetingId) ?? 0;
}

type MeetingRow = { id: number; starts_at: Date; ends_at: Date; papers_due_on: string; referral_cap: number; status: string; venue: string | null; online_url: string | null; group_name: string };

function toOption(row: MeetingRow, used: number): MeetingOption {
  return {
    id: row.id,
    date: londonDateAndTime(row.starts_at).date,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    papersDueOn: row.papers_due_on,
    cap: row.referral_cap,
    status: row.status,
    venue: row.venue,
    onlineUrl: row.online_url,
    groupName: row.group_name,
    used,
  };
}

function meetingRows(db: DB) {
  return db
    .selectFrom("lift_meetings")
    .innerJoin("lift_groups", "lift_groups.id", "lift_meetings.group_id")
    .select([
      "lift_meetings.id",
      "lift_meetings.starts_at",
      "lift_meetings.ends_at",
      "lift_meetings.papers_due_on",
      "lift_meetings.referral_cap",
      "lift_meetings.status",
      "lift_meetings.venue",
      "lift_meetings.online_url",
      "lift_groups.name as group_name",
    ]);
}

/** One meeting with the school's places used there (any group: the caller checks it is the school's). */
export async function meetingFor(db: DB, meetingId: number, schoolId: number, except?: number): Promise<(MeetingOption & { groupId: number; districtId: number }) | undefined> {
  const row = await meetingRows(db)
    .select(["lift_meetings.group_id", "lift_groups.district_id"])
    .where("lift_meetings.id", "=", meetingId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...toOption(row, await placesUsed(db, row.id, schoolId, except)), groupId: row.group_id, districtId: row.district_id };
}

/** The coming meetings of a group whose papers are not yet due, soonest first, with the school's places used at each. */
async function meetingsOpenTo(db: DB, groupId: number, schoolId: number, now: Date, except?: number): Promise<MeetingOption[]> {
  const rows = await meetingRows(db)
    .where("lift_meetings.group_id", "=", groupId)
    .where("lift_meetings.status", "=", "scheduled")
    .where("lift_meetings.starts_at", ">", now)
    .where("lift_meetings.papers_due_on", ">=", londonToday(now))
    .orderBy("lift_meetings.starts_at")
    .orderBy("lift_meetings.id")
    .limit(20)
    .execute();
  const used = await placesUsedAt(db, rows.map((row) => row.id), schoolId, except);
  return rows.map((row) => toOption(row, used.get(row.id) ?? 0));
}

/**
 * The coming meetings of the school's group whose papers are not yet due, soonest first, with the places the
 * school has used at each (`except`: the referral being edited, which does not count against itself).
 */
export async function openMeetings(db: DB, schoolId: number, now: Date = new Date(), except?: number): Promise<MeetingOption[]> {
  const group = await groupOfSchool(db, schoolId);
  return group ? meetingsOpenTo(db, group.id, schoolId, now, except) : [];
}

/**
 * The first open meeting of the school's group (`groupId`, already found) after `after` (another than it) with a
 * place left for the school. Not meeting-queries.server.ts's nextOpenMeeting, which ignores the school's places.
 */
export async function nextMeetingWithPlace(db: DB, groupId: number, schoolId: number, after: { id: number; startsAt: Date } | undefined, now: Date = new Date(), except?: number) {
  const options = await meetingsOpenTo(db, groupId, schoolId, now, except);
  return options.find((m) => m.id !== after?.id && (!after || m.startsAt >= after.startsAt) && m.used < m.cap) ?? options.find((m) => m.id !== after?.id && m.used < m.cap);
}

/**
 * The refusal (meetingRefusal) for a meeting already loaded, in words: a closed one's name the next meeting of the
 * school's group with a place for it, looked up only then. Undefined if the meeting can take the referral.
 */
export async function meetingRefused(
  db: DB,
  input: { group: { id: number; name: string } | undefined; meeting: (MeetingForRules & { groupId: number }) | undefined; schoolId: number; schoolName: string; used: number; referralId?: number },
  now: Date,
): Promise<{ why: MeetingClosed | "other_group"; message: string } | undefined> {
  const refusal = meetingRefusal(input.group, input.meeting, { schoolName: input.schoolName, used: input.used, now });
  if (!refusal || refusal.why === "other_group") return refusal;
  const next = await nextMeetingWithPlace(db, refusal.groupId, input.schoolId, refusal.meeting, now, input.referralId);
  return { why: refusal.why, message: refusal.closed(next) };
}

/**
 * Whether a meeting can take this school's referral now: of the school's group, scheduled, not yet held, papers
 * not yet due, a place left. The refusal's words name the next meeting open.
 */
export async function meetingProblem(
  db: DB,
  input: { meetingId: number; schoolId: number; schoolName: string; referralId?: number },
  now: Date = new Date(),
): Promise<{ why: MeetingClosed | "other_group"; message: string } | undefined> {
  const group = await groupOfSchool(db, input.schoolId);
  const meeting = group ? await meetingFor(db, input.meetingId, input.schoolId, input.referralId) : undefined;
  return meetingRefused(db, { group, meeting, schoolId: input.schoolId, schoolName: input.schoolName, used: meeting?.used ?? 0, referralId: input.referralId }, now);
}
