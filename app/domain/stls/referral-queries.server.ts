import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { ROLE_LABELS, isRole } from "../access/roles.ts";
import { liftMeetingInReach, liftReferralInReach, reachOf } from "../access/scopes.server.ts";
import { auditedRead } from "../audit/audited-read.server.ts";
import { londonToday } from "../financial-year.ts";
import { londonDateAndTime } from "../london-time.ts";
import { listDisciplines } from "./disciplines.server.ts";
import { type MeetingOption, openMeetings } from "./referral-meetings.server.ts";
import { REFERRAL_LIST_LIMIT, lockedForMeeting, referralProblems } from "./referral.rules.ts";
import { type DB, isReferralReference } from "./referral-store.server.ts";
import { REFERRAL_EVENT_LABELS, REFERRAL_STATUS_LABELS, type ReferralStatus, isReferralStatus, referralCan } from "./referrals.workflow.ts";
import { outcomeRows, toOutcomeView } from "./support-records.server.ts";

/**
 * Reading LIFT referrals (ADR 44), always under liftReferralInReach: a school's staff their school's in every
 * state; an STLS teacher their district's once sent (the only way they see a pupil); nobody else. A referral
 * someone may not see is the same 404 as one that does not exist.
 */

/** The reference in a URL (LIFT-2026-00042); anything else is not a referral: 404. */
export function referralParam(params: { ref?: string }): string {
  const ref = params.ref ?? "";
  if (!isReferralReference(ref)) notFound();
  return ref;
}

export interface ReferralListFilter {
  status?: string;
  meetingId?: number;
}

/** The referrals the actor reaches (a school's, or the district's sent ones), newest first, with the filters offered. */
export async function listReferrals(db: DB, actor: Actor, filter: ReferralListFilter) {
  requirePermission(actor, "lift:referrals");
  const fromSchool = reachOf(actor) === "own_school";
  const statuses = fromSchool ? Object.keys(REFERRAL_STATUS_LABELS) : Object.keys(REFERRAL_STATUS_LABELS).filter((s) => s !== "draft");
  let query = db
    .selectFrom("lift_referrals")
    .innerJoin("pupils", "pupils.id", "lift_referrals.pupil_id")
    .innerJoin("schools", "schools.id", "lift_referrals.school_id")
    .leftJoin("lift_meetings", "lift_meetings.id", "lift_referrals.meeting_id")
    .select([
      "lift_referrals.reference",
      "lift_referrals.status",
      "lift_referrals.discipline",
      "pupils.first_name",
      "pupils.last_name",
      "pupils.year_group",
      "schools.name as school_name",
      "lift_meetings.starts_at",
    ])
    .where(liftReferralInReach(actor));
  if (filter.status && isReferralStatus(filter.status)) query = query.where("lift_referrals.status", "=", filter.status);
  if (filter.meetingId) query = query.where("lift_referrals.meeting_id", "=", filter.meetingId);
  const [rows, meetings] = await Promise.all([
    query.orderBy("lift_referrals.id", "desc").limit(REFERRAL_LIST_LIMIT + 1).execute(),
    db
      .selectFrom("lift_meetings")
      .innerJoin("lift_groups", "lift_groups.id", "lift_meetings.group_id")
      .select(["lift_meetings.id", "lift_meetings.starts_at", "lift_groups.name as group_name"])
      .where(liftMeetingInReach(actor))
      .where("lift_meetings.starts_at", ">", new Date(Date.now() - 120 * 86_400_000))
      .orderBy("lift_meetings.starts_at")
      .limit(60)
      .execute(),
  ]);
  return {
    fromSchool,
    canRefer: referralCan(actor.role, "draft").saveDraft,
    more: rows.length > REFERRAL_LIST_LIMIT,
    referrals: rows.slice(0, REFERRAL_LIST_LIMIT).map((r) => ({
      reference: r.reference,
      status: r.status as ReferralStatus,
      statusLabel: isReferralStatus(r.status) ? REFERRAL_STATUS_LABELS[r.status] : r.status,
      pupil: `${r.first_name} ${r.last_name}`,
      yearGroup: r.year_group,
      school: r.school_name,
      meetingDate: r.starts_at ? londonDateAndTime(r.starts_at).date : null,
      discipline: r.discipline,
    })),
    statuses: statuses.map((s) => ({ value: s, label: REFERRAL_STATUS_LABELS[s as ReferralStatus] })),
    meetings: meetings.map((m) => ({ id: m.id, date: londonDateAndTime(m.starts_at).date, groupName: m.group_name })),
  };
}

async function readReferral(db: DB, actor: Actor, reference: string) {
  return db
    .selectFrom("lift_referrals")
    .innerJoin("pupils", "pupils.id", "lift_referrals.pupil_id")
    .innerJoin("schools", "schools.id", "lift_referrals.school_id")
    .leftJoin("lift_meetings", "lift_meetings.id", "lift_referrals.meeting_id")
    .leftJoin("lift_groups", "lift_groups.id", "lift_meetings.group_id")
    .select([
      "lift_referrals.id",
      "lift_referrals.reference",
      "lift_referrals.status",
      "lift_referrals.version",
      "lift_referrals.school_id",
      "lift_referrals.pupil_id",
      "lift_referrals.meeting_id",
      "lift_referrals.discipline",
      "lift_referrals.core_standards_tried",
      "lift_referrals.question",
      "lift_referrals.agreement_signed_by",
      "lift_referrals.agreement_signed_on",
      "lift_referrals.carried_count",
      "pupils.first_name",
      "pupils.last_name",
      "pupils.year_group",
      "pupils.primary_need",
      "pupils.secondary_need",
      "schools.name as school_name",
      "lift_meetings.starts_at",
      "lift_meetings.ends_at",
      "lift_meetings.venue",
      "lift_meetings.online_url",
      "lift_meetings.papers_due_on",
      "lift_meetings.referral_cap",
      "lift_meetings.status as meeting_status",
      "lift_groups.name as group_name",
    ])
    .where("lift_referrals.reference", "=", reference)
    .where(liftReferralInReach(actor))
    .executeTakeFirst();
}

/**
 * One referral as its page shows it: the pupil (name, year group, needs), the meeting, the request, the Agreement to
 * Engage and its document, the timeline, LIFT's outcomes; for the SENCO's draft, what still stops sending and the
 * meetings open to it. Audited, with a view of the pupil, before anything is returned.
 */
export async function getReferral(db: DB, actor: Actor, reference: string, requestId: string) {
  requirePermission(actor, "lift:referrals");
  const row = await auditedRead(
    db,
    async (db) => (await readReferral(db, actor, reference)) ?? notFound(),
    (r) => [
      { actor, action: "lift_referral.view", subjectType: "lift_referral", subjectId: r.id, requestId, detail: { reference } },
      { actor, action: "pupil.view", subjectType: "pupil", subjectId: r.pupil_id, requestId, detail: { via: reference } },
    ],
  );
  if (!isReferralStatus(row.status)) notFound();
  const status = row.status;
  const [documents, timeline, outcomes] = await Promise.all([
    db
      .selectFrom("lift_referral_documents as d")
      .innerJoin("users as u", "u.id", "d.uploaded_by")
      .select(["d.id", "d.kind", "d.title", "d.file_name", "d.byte_size", "d.uploaded_at", "u.display_name as uploaded_by"])
      .where("d.lift_referral_id", "=", row.id)
      .where("d.withdrawn_at", "is", null)
      .orderBy("d.id")
      .execute(),
    db
      .selectFrom("lift_referral_events as e")
      .leftJoin("users as u", "u.id", "e.actor_user_id")
      .select(["e.id", "e.action", "e.to_status", "e.occurred_at", "e.actor_role", "e.comment", "u.display_name"])
      .where("e.lift_referral_id", "=", row.id)
      .orderBy("e.id")
      .execute(),
    outcomeRows(db).where("lift_outcomes.lift_referral_id", "=", row.id).orderBy("lift_outcomes.id").execute(),
  ]);
  const agreement = documents.find((d) => d.kind === "agreement_to_engage") ?? null;
  const saved = {
    meetingId: row.meeting_id,
    discipline: row.discipline,
    coreStandardsTried: row.core_standards_tried,
    question: row.question,
    agreementSignedBy: row.agreement_signed_by,
    agreementSignedOn: row.agreement_signed_on,
    agreementDocument: agreement !== null,
  };
  const can = referralCan(actor.role, status);
  const editing = can.saveDraft && status === "draft";
  const today = londonToday();
  const meetingDate = row.starts_at ? londonDateAndTime(row.starts_at).date : null;
  const locked = lockedForMeeting(status, row.papers_due_on, today);
  let meetings: MeetingOption[] = [];
  const problems = editing ? referralProblems(saved) : {};
  if (editing) {
    meetings = await openMeetings(db, row.school_id, new Date(), row.id);
    // A meeting chosen before that is no longer open (its papers now due, cancelled): choose another.
    if (row.meeting_id !== null && !meetings.some((m) => m.id === row.meeting_id)) {
      problems.meetingId = ["The meeting chosen is no longer open for referrals: select another"];
    }
  }
  return {
    id: row.id,
    reference: row.reference,
    status,
    statusLabel: REFERRAL_STATUS_LABELS[status],
    version: row.version,
    school: row.school_name,
    pupil: { name: `${row.first_name} ${row.last_name}`, yearGroup: row.year_group, primaryNeed: row.primary_need, secondaryNeed: row.secondary_need },
    meeting: row.meeting_id && row.starts_at && row.ends_at && row.papers_due_on
      ? { id: row.meeting_id, date: meetingDate!, startsAt: row.starts_at, endsAt: row.ends_at, venue: row.venue, onlineUrl: row.online_url, papersDueOn: row.papers_due_on, cap: row.referral_cap!, cancelled: row.meeting_status === "cancelled", groupName: row.group_name! }
      : null,
    carriedCount: row.carried_count,
    saved,
    agreement: agreement ? { id: agreement.id, fileName: agreement.file_name, bytes: agreement.byte_size, uploadedAt: agreement.uploaded_at, uploadedBy: agreement.uploaded_by } : null,
    timeline: timeline.map((e) => ({
      id: String(e.id),
      label: REFERRAL_EVENT_LABELS[e.action] ?? e.action,
      who: e.display_name ?? "The portal",
      role: e.actor_role && isRole(e.actor_role) ? ROLE_LABELS[e.actor_role] : null,
      at: e.occurred_at,
      statusLabel: isReferralStatus(e.to_status) ? REFERRAL_STATUS_LABELS[e.to_status] : e.to_status,
      comment: e.comment,
    })),
    outcomes: outcomes.map(toOutcomeView),
    problems,
    meetings,
    disciplines: editing ? await listDisciplines(db) : [],
    locked,
    can: {
      edit: editing,
      send: can.send,
      withdraw: can.withdraw && !locked,
      recordOutcome: can.recordOutcome,
    },
  };
}

export type ReferralDetail = Awaited<ReturnType<typeof getReferral>>;
