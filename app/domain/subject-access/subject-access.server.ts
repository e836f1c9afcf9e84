import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { schoolInReach } from "../access/scopes.server.ts";
import { auditedRead } from "../audit/audited-read.server.ts";
import { auditActionWords } from "../audit/audit-words.ts";

/**
 * Subject access (issue 12, ADR 63): everything the portal holds about one pupil, for the council officer who
 * answers a parent's or pupil's request (`pupils:subject_access`). The pupil's school must be in the officer's
 * reach (schoolInReach: the county for officers); from there every record naming the pupil is read whatever its
 * state (drafts, withdrawn documents), because the request is for all of it. Each query names the pupil by id, so
 * nothing of another pupil can be read into the bundle.
 */

type DB = Kysely<Database>;

/** The pupil's row with its school, if the officer may answer for them; 404 otherwise. */
async function pupilFor(db: DB, actor: Actor, pupilId: number) {
  const row = await db
    .selectFrom("pupils")
    .innerJoin("schools", "schools.id", "pupils.school_id")
    .innerJoin("sen_need_types as primary", "primary.code", "pupils.primary_need")
    .leftJoin("sen_need_types as secondary", "secondary.code", "pupils.secondary_need")
    .selectAll("pupils")
    .select(["schools.name as school_name", "schools.urn as school_urn", "primary.name as primary_need_name", "secondary.name as secondary_need_name"])
    .where("pupils.id", "=", pupilId)
    .where(schoolInReach<"pupils">(actor, "pupils.school_id"))
    .executeTakeFirst();
  if (!row) notFound();
  return row;
}

const iso = (value: Date | string | null) => (value === null ? null : value instanceof Date ? value.toISOString() : value);

/** Every user named by the records, by id: their name (the bundle says who did what). */
async function userNames(db: DB, ids: (number | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom("users").select(["id", "display_name"]).where("id", "in", wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** What the subject access bundle holds: the JSON file is this, the HTML summary says the same in words. */
export type SubjectAccessData = Awaited<ReturnType<typeof collectSubjectAccess>>;

/** Everything the portal holds about the pupil (see the module's comment), read for the bundle. Not audited itself. */
export async function collectSubjectAccess(db: DB, actor: Actor, pupilId: number, now = new Date()) {
  requirePermission(actor, "pupils:subject_access");
  const pupil = await pupilFor(db, actor, pupilId);

  const requests = await db
    .selectFrom("funding_requests as r")
    .innerJoin("funding_schemes as s", "s.id", "r.scheme_id")
    .innerJoin("schools", "schools.id", "r.school_id")
    .selectAll("r")
    .select(["s.name as scheme_name", "schools.name as school_name"])
    .where("r.pupil_id", "=", pupilId)
    .orderBy("r.id")
    .execute();
  const requestIds = requests.map((r) => r.id);
  const some = requestIds.length > 0;
  const [requestEvents, lines, decisions, reviews, reviewEvents, requestDocuments, caseNotes] = some
    ? await Promise.all([
        db.selectFrom("funding_request_events").selectAll().where("funding_request_id", "in", requestIds).orderBy("id").execute(),
        db.selectFrom("funding_request_lines").selectAll().where("funding_request_id", "in", requestIds).orderBy("funding_request_id").orderBy("position").execute(),
        db
          .selectFrom("funding_decisions as d")
          .leftJoin("decision_reasons as reason", "reason.id", "d.reason_id")
          .selectAll("d")
          .select("reason.label as reason_label")
          .where("d.funding_request_id", "in", requestIds)
          .orderBy("d.id")
          .execute(),
        db.selectFrom("funding_reviews").selectAll().where("funding_request_id", "in", requestIds).orderBy("id").execute(),
        db
          .selectFrom("funding_review_events as e")
          .innerJoin("funding_reviews as v", "v.id", "e.funding_review_id")
          .selectAll("e")
          .where("v.funding_request_id", "in", requestIds)
          .orderBy("e.id")
          .execute(),
        db.selectFrom("funding_request_documents").selectAll().where("funding_request_id", "in", requestIds).orderBy("id").execute(),
        db.selectFrom("funding_case_notes").selectAll().where("funding_request_id", "in", requestIds).orderBy("id").execute(),
      ])
    : [[], [], [], [], [], [], []];

  const referrals = await db
    .selectFrom("lift_referrals as l")
    .innerJoin("schools", "schools.id", "l.school_id")
    .leftJoin("lift_meetings as m", "m.id", "l.meeting_id")
    .selectAll("l")
    .select(["schools.name as school_name", "m.starts_at as meeting_starts_at"])
    .where("l.pupil_id", "=", pupilId)
    .orderBy("l.id")
    .execute();
  const referralIds = referrals.map((r) => r.id);
  const [referralEvents, outcomes, referralDocuments] =
    referralIds.length > 0
      ? await Promise.all([
          db.selectFrom("lift_referral_events").selectAll().where("lift_referral_id", "in", referralIds).orderBy("id").execute(),
          db.selectFrom("lift_outcomes").selectAll().where("lift_referral_id", "in", referralIds).orderBy("id").execute(),
          db.selectFrom("lift_referral_documents").selectAll().where("lift_referral_id", "in", referralIds).orderBy("id").execute(),
        ])
      : [[], [], []];
  const outcomeIds = outcomes.map((o) => o.id);

  // Specialist visits booked for the pupil, or against LIFT's involvement for them (as the retention job reads them).
  const visits = await db
    .selectFrom("stls_visits as v")
    .innerJoin("stls_slots as slot", "slot.id", "v.slot_id")
    .selectAll("v")
    .select(["slot.kind as slot_kind", "slot.starts_at", "slot.ends_at", "slot.place", "slot.teacher_user_id"])
    .where((eb) => eb.or([eb("v.pupil_id", "=", pupilId), ...(outcomeIds.length > 0 ? [eb("v.involvement_id", "in", outcomeIds)] : [])]))
    .orderBy("v.id")
    .execute();
  const visitIds = visits.map((v) => v.id);
  const visitEvents = visitIds.length > 0 ? await db.selectFrom("stls_visit_events").selectAll().where("stls_visit_id", "in", visitIds).orderBy("id").execute() : [];

  // Champion visits are about a school (no pupil column): their agreed actions are included when their words name
  // the pupil (first and last name) at the pupil's school. An anonymised pupil has no name left to find.
  const fullName = `${pupil.first_name} ${pupil.last_name}`.toLowerCase();
  const actions =
    pupil.anonymised_at === null
      ? await db
          .selectFrom("agreed_actions as a")
          .innerJoin("champion_visits as c", "c.id", "a.champion_visit_id")
          .select(["a.id", "a.description", "a.owner", "a.due_on", "a.status", "a.done_note", "a.done_at", "c.visited_on", "c.id as visit_id"])
          .where("c.school_id", "=", pupil.school_id)
          .where((eb) =>
            eb.or([
              eb(sql<number>`strpos(lower(coalesce(a.description, '')), ${fullName})`, ">", 0),
              eb(sql<number>`strpos(lower(coalesce(a.done_note, '')), ${fullName})`, ">", 0),
            ]),
          )
          .orderBy("a.id")
          .execute()
      : [];

  // Who did what to, or saw, the pupil's records: the audit log's rows about the pupil and each of those records.
  const subjects: [string, number[]][] = [
    ["pupil", [pupilId]],
    ["funding_request", requestIds],
    ["funding_request_document", requestDocuments.map((d) => d.id)],
    ["funding_review", reviews.map((r) => r.id)],
    ["funding_decision", decisions.map((d) => d.id)],
    ["lift_referral", referralIds],
    ["lift_referral_document", referralDocuments.map((d) => d.id)],
    ["stls_visit", visitIds],
  ];
  const audit = await db
    .selectFrom("audit_events")
    .select(["id", "occurred_at", "actor_user_id", "actor_role", "actor_org", "action", "subject_type", "subject_id", "detail"])
    .where((eb) =>
      eb.or(
        subjects
          .filter(([, ids]) => ids.length > 0)
          .map(([type, ids]) => eb.and([eb("subject_type", "=", type), eb("subject_id", "in", ids.map(String))])),
      ),
    )
    .orderBy("occurred_at")
    .orderBy("id")
    .execute();

  const names = await userNames(db, [
    ...requests.map((r) => r.created_by),
    ...requests.map((r) => r.assigned_to),
    ...requestEvents.map((e) => e.actor_user_id),
    ...decisions.map((d) => d.decided_by),
    ...reviews.map((r) => r.recorded_by),
    ...reviewEvents.map((e) => e.actor_user_id),
    ...requestDocuments.map((d) => d.uploaded_by),
    ...caseNotes.map((n) => n.author_user_id),
    ...referrals.map((r) => r.created_by),
    ...referralEvents.map((e) => e.actor_user_id),
    ...outcomes.map((o) => o.recorded_by),
    ...visits.map((v) => v.teacher_user_id),
    ...visits.map((v) => v.booked_by),
    ...visitEvents.map((e) => e.actor_user_id),
    ...audit.map((a) => a.actor_user_id),
  ]);
  const who = (id: number | null) => (id === null ? null : (names.get(id) ?? `User ${id}`));
  const timeline = (e: { occurred_at: Date; actor_user_id: number | null; actor_role: string | null; action: string; from_status: string | null; to_status: string; comment: string | null }) => ({
    at: iso(e.occurred_at),
    by: who(e.actor_user_id),
    role: e.actor_role,
    action: e.action,
    from: e.from_status,
    to: e.to_status,
    comment: e.comment,
  });
  const document = (d: { id: number; title: string; file_name: string; media_type: string; byte_size: number; sha256: string; uploaded_by: number; uploaded_at: Date; withdrawn_at: Date | null }, folder: string) => ({
    id: d.id,
    title: d.title,
    fileName: d.file_name,
    mediaType: d.media_type,
    bytes: d.byte_size,
    sha256: d.sha256,
    uploadedBy: who(d.uploaded_by),
    uploadedAt: iso(d.uploaded_at),
    withdrawnAt: iso(d.withdrawn_at),
    /** Where the file is in the bundle. */
    path: `documents/${folder}/${d.id}-${safeFileName(d.file_name)}`,
  });

  return {
    producedAt: now.toISOString(),
    producedBy: actor.name,
    pupil: {
      id: pupil.id,
      anonymisedAt: iso(pupil.anonymised_at),
      firstName: pupil.first_name,
      lastName: pupil.last_name,
      dateOfBirth: pupil.date_of_birth,
      upn: pupil.upn,
      school: { name: pupil.school_name, urn: pupil.school_urn },
      yearGroup: pupil.year_group,
      senProvision: pupil.sen_provision,
      primaryNeed: `${pupil.primary_need_name} (${pupil.primary_need})`,
      secondaryNeed: pupil.secondary_need === null ? null : `${pupil.secondary_need_name ?? pupil.secondary_need} (${pupil.secondary_need})`,
      dateAdded: pupil.date_added,
      dateLeft: pupil.date_left,
      createdAt: iso(pupil.created_at),
      updatedAt: iso(pupil.updated_at),
    },
    registerHistory: audit
      .filter((a) => a.subject_type === "pupil" && a.action !== "pupil.view" && a.action !== "pupil.subject_access_export")
      .map((a) => ({ at: iso(a.occurred_at), by: who(a.actor_user_id), role: a.actor_role, action: a.action, what: auditActionWords(a.action), detail: a.detail })),
    fundingRequests: requests.map((r) => ({
      reference: r.reference,
      scheme: r.scheme_name,
      school: r.school_name,
      status: r.status,
      amountRequestedPence: r.amount_requested_pence,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      awardedPence: r.awarded_pence,
      awardStart: r.award_start,
      awardEnd: r.award_end,
      evidence: r.evidence,
      consentGivenBy: r.consent_given_by,
      consentDate: r.consent_date,
      consentMethod: r.consent_method,
      signOffDeclaration: r.sign_off_declaration,
      createdBy: who(r.created_by),
      createdAt: iso(r.created_at),
      submittedAt: iso(r.submitted_at),
      decidedAt: iso(r.decided_at),
      assignedTo: who(r.assigned_to),
      plan: lines
        .filter((l) => l.funding_request_id === r.id)
        .map((l) => ({ description: l.description, deliveredBy: l.delivered_by, hoursPerWeek: l.hours_per_week, weeks: l.weeks, costPence: l.cost_pence })),
      timeline: requestEvents.filter((e) => e.funding_request_id === r.id).map(timeline),
      decisions: decisions
        .filter((d) => d.funding_request_id === r.id)
        .map((d) => ({
          outcome: d.outcome,
          awardedPence: d.awarded_pence,
          awardStart: d.award_start,
          awardEnd: d.award_end,
          reason: d.reason_label,
          reasonText: d.reason_text,
          periodReason: d.period_reason,
          corrects: d.corrects_decision_id !== null,
          decidedBy: who(d.decided_by),
          decidedAt: iso(d.decided_at),
        })),
      reviews: reviews
        .filter((v) => v.funding_request_id === r.id)
        .map((v) => ({
          number: v.number,
          dueOn: v.due_on,
          status: v.status,
          progress: v.progress,
          provisionContinues: v.provision_continues,
          changes: v.changes,
          recordedBy: who(v.recorded_by),
          recordedAt: iso(v.recorded_at),
          timeline: reviewEvents.filter((e) => e.funding_review_id === v.id).map(timeline),
        })),
      caseNotes: caseNotes.filter((n) => n.funding_request_id === r.id).map((n) => ({ by: who(n.author_user_id), at: iso(n.created_at), body: n.body })),
      documents: requestDocuments.filter((d) => d.funding_request_id === r.id).map((d) => document(d, safeFileName(r.reference))),
    })),
    liftReferrals: referrals.map((l) => ({
      reference: l.reference,
      school: l.school_name,
      status: l.status,
      discipline: l.discipline,
      meeting: iso(l.meeting_starts_at),
      coreStandardsTried: l.core_standards_tried,
      question: l.question,
      agreementSignedBy: l.agreement_signed_by,
      agreementSignedOn: l.agreement_signed_on,
      createdBy: who(l.created_by),
      createdAt: iso(l.created_at),
      sentAt: iso(l.sent_at),
      withdrawnAt: iso(l.withdrawn_at),
      timeline: referralEvents.filter((e) => e.lift_referral_id === l.id).map(timeline),
      outcomes: outcomes
        .filter((o) => o.lift_referral_id === l.id)
        .map((o) => ({ kind: o.kind, advice: o.advice, visitsAllocated: o.visits_allocated, recordedBy: who(o.recorded_by), recordedAt: iso(o.recorded_at) })),
      documents: referralDocuments.filter((d) => d.lift_referral_id === l.id).map((d) => document(d, safeFileName(l.reference))),
    })),
    specialistVisits: visits.map((v) => ({
      kind: v.slot_kind,
      startsAt: iso(v.starts_at),
      endsAt: iso(v.ends_at),
      place: v.place,
      teacher: who(v.teacher_user_id),
      topic: v.topic,
      status: v.status,
      bookedBy: who(v.booked_by),
      bookedAt: iso(v.booked_at),
      cancelledAt: iso(v.cancelled_at),
      cancelledReason: v.cancelled_reason,
      outcomeNote: v.outcome_note,
      timeline: visitEvents.filter((e) => e.stls_visit_id === v.id).map(timeline),
    })),
    championVisitActions: actions.map((a) => ({
      visitedOn: a.visited_on,
      description: a.description,
      owner: a.owner,
      dueOn: a.due_on,
      status: a.status,
      doneNote: a.done_note,
      doneAt: iso(a.done_at),
    })),
    accessLog: audit.map((a) => ({
      at: iso(a.occurred_at),
      by: who(a.actor_user_id),
      role: a.actor_role,
      organisation: a.actor_org,
      action: a.action,
      what: auditActionWords(a.action),
      record: `${a.subject_type} ${a.subject_id}`,
    })),
  };
}

/** The files to put in the bundle: each document's stored file under its path. */
export function bundleFiles(data: SubjectAccessData) {
  return [...data.fundingRequests.flatMap((r) => r.documents), ...data.liftReferrals.flatMap((l) => l.documents)];
}

/**
 * A file name safe in a ZIP entry on any system: no folders, no control or reserved characters, no leading dots,
 * at most 100 characters (its extension kept).
 */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize("NFC")
    // Control characters (below U+0020, and U+007F) and the characters Windows reserves.
    .replace(/[<>:"/\\|?*]/g, "_")
    .replace(/\p{Cc}/gu, "_")
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "")
    .trim();
  if (cleaned === "") return "file";
  if (cleaned.length <= 100) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
  return cleaned.slice(0, 100 - extension.length) + extension;
}

/** The officer's page for one pupil: who they are and how much the bundle would hold. Audited as a view of the pupil. */
export async function subjectAccessPupil(db: DB, actor: Actor, pupilId: number, requestId: string) {
  requirePermission(actor, "pupils:subject_access");
  const data = await auditedRead(
    db,
    (db) => collectSubjectAccess(db, actor, pupilId),
    (found) => [{ actor, action: "pupil.view", subjectType: "pupil", subjectId: found.pupil.id, requestId, detail: { via: "subject access" } }],
  );
  return {
    pupil: data.pupil,
    counts: {
      registerHistory: data.registerHistory.length,
      fundingRequests: data.fundingRequests.length,
      liftReferrals: data.liftReferrals.length,
      specialistVisits: data.specialistVisits.length,
      championVisitActions: data.championVisitActions.length,
      documents: bundleFiles(data).length,
      accessLog: data.accessLog.length,
    },
  };
}
