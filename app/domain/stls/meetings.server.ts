import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { formatDate, formatLondonDay } from "../../components/format.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { liftGroupInReach, liftMeetingInReach } from "../access/scopes.server.ts";
import { lastChangeOf, recordAudit } from "../audit/audit.server.ts";
import { type Result, refuse } from "../result.ts";
import { answerOldVersion, changedMeanwhile } from "../workflow/resubmission.server.ts";
import { carryFromMeeting } from "./carry.server.ts";
import type { MeetingInput, TermInput } from "./meeting.schema.ts";

/**
 * Keeping LIFT meetings (ADR 43): STLS teachers for their district's groups, council officers for any. One meeting
 * added or changed (versioned: a stale form is refused saying what changed), a term's meetings added in one go (all
 * or nothing), a meeting cancelled with a reason (its sent referrals carried to the group's next meeting at once).
 * Each in one transaction with its audit row.
 */

type DB = Kysely<Database>;
type Trx = Transaction<Database>;

const GROUP = "Select the LIFT group the meeting is for";
const PAST = "The meeting must start in the future: check the date and start time";
const MEETING_CHANGES = ["lift_meeting.created", "lift_meeting.changed", "lift_meeting.cancelled"];

async function groupInReach(db: DB | Trx, actor: Actor, groupId: number) {
  return db.selectFrom("lift_groups").select(["id", "name", "district_id"]).where("id", "=", groupId).where(liftGroupInReach(actor)).executeTakeFirst();
}

function columns(input: { startsAt: Date; endsAt: Date; papersDueOn: string }, place: { venue: string | null; onlineUrl: string | null; cap: number }) {
  return {
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    papers_due_on: input.papersDueOn,
    venue: place.venue,
    online_url: place.onlineUrl,
    referral_cap: place.cap,
  };
}

type Stored = { starts_at: Date | string; ends_at: Date | string; papers_due_on: string; venue: string | null; online_url: string | null; referral_cap: number };

const sameMinute = (a: Date | string, b: Date) => Math.floor(new Date(a).getTime() / 60_000) === Math.floor(b.getTime() / 60_000);

function sameAs(row: Stored, set: ReturnType<typeof columns>): boolean {
  return (
    sameMinute(row.starts_at, set.starts_at) &&
    sameMinute(row.ends_at, set.ends_at) &&
    row.papers_due_on === set.papers_due_on &&
    row.venue === set.venue &&
    row.online_url === set.online_url &&
    row.referral_cap === set.referral_cap
  );
}

/** Serialises a person's additions to one group, so a double click finds the first click's meeting. */
async function lockGroupForAdding(trx: Trx, groupId: number) {
  await sql`select pg_advisory_xact_lock(hashtext(${`lift_meetings.add:${groupId}`}))`.execute(trx);
}

async function meetingsAt(trx: Trx, groupId: number, starts: Date[]) {
  if (starts.length === 0) return [];
  return trx
    .selectFrom("lift_meetings")
    .select(["id", "starts_at", "ends_at", "papers_due_on", "venue", "online_url", "referral_cap"])
    .where("group_id", "=", groupId)
    .where("status", "=", "scheduled")
    .where("starts_at", "in", starts)
    .execute();
}

/** Adds one meeting. The same form sent twice adds it once; another meeting of the group at that time is refused. */
export async function createMeeting(db: DB, actor: Actor, input: MeetingInput, requestId: string, now = new Date()): Promise<Result<{ meetingId: number }>> {
  requirePermission(actor, "lift:meetings");
  const group = await groupInReach(db, actor, input.groupId);
  if (!group) return refuse("groupId", GROUP);
  if (input.startsAt <= now) return refuse("startTime", PAST);
  const set = columns(input, input);
  return db.transaction().execute(async (trx) => {
    await lockGroupForAdding(trx, group.id);
    const [existing] = await meetingsAt(trx, group.id, [input.startsAt]);
    if (existing) {
      if (sameAs(existing, set)) return { ok: true as const, meetingId: existing.id };
      return refuse("date", `${group.name} already has a meeting at that time on ${formatDate(input.date)}: change that meeting instead`);
    }
    const row = await trx
      .insertInto("lift_meetings")
      .values({ group_id: group.id, ...set, created_by: actor.userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor, action: "lift_meeting.created", subjectType: "lift_meeting", subjectId: row.id, requestId, detail: { groupId: group.id } });
    return { ok: true as const, meetingId: row.id };
  });
}

/** What a term's form will make, for its check-answers step: the dates, refusing any the group already meets on. */
export async function checkTerm(db: DB, actor: Actor, input: TermInput, now = new Date()): Promise<Result<{ groupName: string; meetings: TermInput["meetings"] }>> {
  requirePermission(actor, "lift:meetings");
  const group = await groupInReach(db, actor, input.groupId);
  if (!group) return refuse("groupId", "Select the LIFT group the meetings are for");
  const field = input.meetings.length > 0 && input.meetings[0]!.startsAt <= now ? "firstDate" : null;
  if (field) return refuse("firstDate", "Every meeting must start in the future: check the first date and the start time");
  return { ok: true, groupName: group.name, meetings: input.meetings };
}

/**
 * Adds a term's meetings, all or none: refused if any of them is at a time the group already meets. Sent twice
 * (a double click on "Create"), the second finds every meeting made and changes nothing.
 */
export async function createTerm(db: DB, actor: Actor, input: TermInput, requestId: string, now = new Date()): Promise<Result<{ meetingIds: number[]; groupId: number }>> {
  const checked = await checkTerm(db, actor, input, now);
  if (!checked.ok) return checked;
  const place = { venue: input.venue, onlineUrl: input.onlineUrl, cap: input.cap };
  return db.transaction().execute(async (trx) => {
    await lockGroupForAdding(trx, input.groupId);
    const existing = await meetingsAt(trx, input.groupId, input.meetings.map((m) => m.startsAt));
    if (existing.length > 0) {
      const all = input.meetings.every((m) => existing.some((e) => sameMinute(e.starts_at, m.startsAt) && sameAs(e, columns(m, place))));
      if (all && existing.length === input.meetings.length) return { ok: true as const, meetingIds: existing.map((e) => e.id), groupId: input.groupId };
      const days = existing.map((e) => formatLondonDay(e.starts_at)).join(", ");
      return { ok: false as const, formError: `${checked.groupName} already meets at that time on ${days}: no meetings were made. Take those dates out and try again.` };
    }
    const rows = await trx
      .insertInto("lift_meetings")
      .values(input.meetings.map((m) => ({ group_id: input.groupId, ...columns(m, place), created_by: actor.userId })))
      .returning("id")
      .execute();
    for (const row of rows) {
      await recordAudit(trx, { actor, action: "lift_meeting.created", subjectType: "lift_meeting", subjectId: row.id, requestId, detail: { groupId: input.groupId, term: true } });
    }
    return { ok: true as const, meetingIds: rows.map((r) => r.id), groupId: input.groupId };
  });
}

async function lockMeetingInReach(trx: Trx, actor: Actor, meetingId: number) {
  const row = await trx
    .selectFrom("lift_meetings")
    .select(["id", "group_id", "starts_at", "ends_at", "papers_due_on", "venue", "online_url", "referral_cap", "status", "version"])
    .where("id", "=", meetingId)
    .where(liftMeetingInReach(actor))
    .forUpdate()
    .executeTakeFirst();
  if (!row) notFound();
  return row;
}

const LABELS = { starts_at: "date or start time", ends_at: "end time", papers_due_on: "papers-due date", venue: "venue", online_url: "online link", referral_cap: "cap on referrals" };

/** Changes a meeting at the version the person saw. A cancelled meeting stays as it is. */
export async function changeMeeting(db: DB, actor: Actor, meetingId: number, input: MeetingInput & { version: number }, requestId: string, now = new Date()): Promise<Result<object>> {
  requirePermission(actor, "lift:meetings");
  const set = columns(input, input);
  return db.transaction().execute(async (trx) => {
    const row = await lockMeetingInReach(trx, actor, meetingId);
    if (row.version !== input.version) {
      const answer = await answerOldVersion(trx, actor, {
        submitted: { ...set, starts_at: set.starts_at.toISOString(), ends_at: set.ends_at.toISOString() },
        recorded: { ...row, starts_at: new Date(row.starts_at).toISOString(), ends_at: new Date(row.ends_at).toISOString() },
        labels: LABELS,
        changed: await lastChangeOf(trx, { type: "lift_meeting", id: meetingId }, MEETING_CHANGES),
      });
      return answer.ok ? { ok: true as const } : answer;
    }
    if (row.status === "cancelled") return { ok: false as const, formError: "This meeting has been cancelled, so it cannot be changed. Add a new meeting instead." };
    if (input.groupId !== row.group_id) return refuse("groupId", "A meeting cannot move to another group: cancel it and add a meeting of the other group");
    if (!sameMinute(row.starts_at, set.starts_at) && set.starts_at <= now) return refuse("startTime", PAST);
    if (sameAs(row, set)) return { ok: true as const };
    await trx
      .updateTable("lift_meetings")
      .set((eb) => ({ ...set, updated_at: now, version: eb("version", "+", 1) }))
      .where("id", "=", meetingId)
      .execute();
    await recordAudit(trx, { actor, action: "lift_meeting.changed", subjectType: "lift_meeting", subjectId: meetingId, requestId, detail: { version: input.version + 1 } });
    return { ok: true as const };
  });
}

/**
 * Cancels a meeting with a reason; its sent referrals without an outcome move to the group's next scheduled
 * meeting in the same transaction (locked first, as the lock order says), each school told.
 */
export async function cancelMeeting(
  db: DB,
  actor: Actor,
  meetingId: number,
  input: { version: number; reason: string },
  requestId: string,
  now = new Date(),
): Promise<Result<{ carried: number; stayed: boolean }>> {
  requirePermission(actor, "lift:meetings");
  return db.transaction().execute(async (trx) => {
    // The referrals it will move first, then the meeting (referral-store.server.ts's lock order).
    const scoped = await trx.selectFrom("lift_meetings").select("id").where("id", "=", meetingId).where(liftMeetingInReach(actor)).executeTakeFirst();
    if (!scoped) notFound();
    await trx.selectFrom("lift_referrals").select("id").where("meeting_id", "=", meetingId).where("status", "=", "sent").orderBy("id").forUpdate().execute();
    const row = await lockMeetingInReach(trx, actor, meetingId);
    if (row.version !== input.version) {
      if (row.status === "cancelled") return { ok: true as const, carried: 0, stayed: false };
      return changedMeanwhile(trx, actor, { changed: await lastChangeOf(trx, { type: "lift_meeting", id: meetingId }, MEETING_CHANGES), did: "the meeting was changed" });
    }
    if (row.status === "cancelled") return { ok: true as const, carried: 0, stayed: false };
    await trx
      .updateTable("lift_meetings")
      .set((eb) => ({ status: "cancelled", cancelled_reason: input.reason, updated_at: now, version: eb("version", "+", 1) }))
      .where("id", "=", meetingId)
      .execute();
    await recordAudit(trx, { actor, action: "lift_meeting.cancelled", subjectType: "lift_meeting", subjectId: meetingId, requestId, detail: { version: input.version + 1 } });
    const carried = await carryFromMeeting(trx, { ...row, status: "cancelled" }, now, requestId);
    return { ok: true as const, carried: carried.moved, stayed: carried.to === null };
  });
}
