import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { fundingRequestInReach, liftReferralInReach, stlsVisitInReach } from "../access/scopes.server.ts";
import { auditedRead } from "../audit/audited-read.server.ts";
import { FUNDING_STATUS_LABELS, type FundingStatus, isFundingStatus } from "../funding/funding.schema.ts";
import { yearGroupLabel } from "../pupils/pupil-codes.ts";
import { findPupil } from "../pupils/register.server.ts";
import { REFERRAL_STATUS_LABELS, type ReferralStatus, isReferralStatus } from "./referrals.workflow.ts";
import { type LiftOutcomeView, type StlsVisitView, outcomeRows, toOutcomeView, toVisitView, visitRows } from "./support-records.server.ts";

type DB = Kysely<Database>;

/**
 * A pupil's support timeline (issue 10, ADR 46): the graduated approach told in order, oldest first. Every LIFT
 * referral of the pupil (drafts marked as drafts, withdrawn ones as withdrawn) with its meeting and LIFT's
 * outcomes, every specialist visit or clinic booking about the pupil, and every funding request about the pupil
 * with its decision. Nothing about staff (their training is the school's record, not the pupil's). For the school's
 * own staff only (pupils:view, pupilInReach): STLS teachers see a pupil through a referral, the council through a
 * funding request, never here. Five queries whatever the number of entries, and one audit row.
 */

export interface ReferralEntry {
  kind: "referral";
  at: Date;
  reference: string;
  status: ReferralStatus;
  statusLabel: string;
  discipline: string | null;
  question: string | null;
  meeting: { startsAt: Date; group: string } | null;
  sentAt: Date | null;
  withdrawnAt: Date | null;
  /** LIFT's outcomes, meeting by meeting, each with the visits booked against it (an involvement's). */
  outcomes: (LiftOutcomeView & { visits: { id: number; startsAt: Date; statusLabel: string }[] })[];
}

export interface VisitEntry extends StlsVisitView {
  kind: "visit";
  at: Date;
}

export interface FundingEntry {
  kind: "funding";
  at: Date;
  reference: string;
  scheme: string;
  status: FundingStatus;
  statusLabel: string;
  requestedPence: number | null;
  awardedPence: number | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
}

export type SupportEntry = ReferralEntry | VisitEntry | FundingEntry;

export interface SupportTimeline {
  pupil: { id: number; name: string; yearGroup: string };
  entries: SupportEntry[];
}

/** The order of the timeline: by date, then by kind (a referral before the visits it led to), then by id. */
const KIND_ORDER = { referral: 0, visit: 1, funding: 2 } as const;

function compareEntries(a: SupportEntry, b: SupportEntry): number {
  const byDate = new Date(a.at).getTime() - new Date(b.at).getTime();
  if (byDate !== 0) return byDate;
  const byKind = KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (byKind !== 0) return byKind;
  const key = (e: SupportEntry) => (e.kind === "visit" ? String(e.id).padStart(12, "0") : e.reference);
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

export async function supportTimeline(db: DB, actor: Actor, pupilId: number, requestId: string): Promise<SupportTimeline> {
  requirePermission(actor, "pupils:view");
  const pupil = await auditedRead(
    db,
    (db) => findPupil(db, actor, pupilId),
    (row) => [{ actor, action: "pupil.view", subjectType: "pupil", subjectId: row.id, requestId, detail: { via: "support timeline" } }],
  );
  const [referrals, outcomes, visits, requests] = await Promise.all([
    db
      .selectFrom("lift_referrals")
      .leftJoin("lift_meetings", "lift_meetings.id", "lift_referrals.meeting_id")
      .leftJoin("lift_groups", "lift_groups.id", "lift_meetings.group_id")
      .select([
        "lift_referrals.id",
        "lift_referrals.reference",
        "lift_referrals.status",
        "lift_referrals.discipline",
        "lift_referrals.question",
        "lift_referrals.created_at",
        "lift_referrals.sent_at",
        "lift_referrals.withdrawn_at",
        "lift_meetings.starts_at as meeting_at",
        "lift_groups.name as group_name",
      ])
      .where("lift_referrals.pupil_id", "=", pupil.id)
      .where(liftReferralInReach(actor))
      .execute(),
    outcomeRows(db)
      .where("lift_referrals.pupil_id", "=", pupil.id)
      .where(liftReferralInReach(actor))
      .orderBy("lift_meetings.starts_at")
      .orderBy("lift_outcomes.id")
      .execute(),
    visitRows(db)
      .where((eb) => eb.or([eb("stls_visits.pupil_id", "=", pupil.id), eb("involved_referral.pupil_id", "=", pupil.id)]))
      .where(stlsVisitInReach(actor))
      .orderBy("stls_slots.starts_at")
      .orderBy("stls_visits.id")
      .execute(),
    db
      .selectFrom("funding_requests")
      .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
      .select([
        "funding_requests.reference",
        "funding_requests.status",
        "funding_requests.amount_requested_pence",
        "funding_requests.awarded_pence",
        "funding_requests.created_at",
        "funding_requests.submitted_at",
        "funding_requests.decided_at",
        "funding_schemes.name as scheme",
      ])
      .where("funding_requests.pupil_id", "=", pupil.id)
      .where(fundingRequestInReach(actor))
      .execute(),
  ]);

  const visitViews = visits.map(toVisitView);
  const visitsOf = (outcomeId: number) =>
    visitViews.filter((v) => v.involvementId === outcomeId).map((v) => ({ id: v.id, startsAt: v.startsAt, statusLabel: v.statusLabel }));
  const outcomesOf = (referralId: number) =>
    outcomes.filter((o) => o.lift_referral_id === referralId).map((o) => ({ ...toOutcomeView(o), visits: visitsOf(o.id) }));

  const entries: SupportEntry[] = [
    ...referrals.map((r): ReferralEntry => {
      const status: ReferralStatus = isReferralStatus(r.status) ? r.status : "draft";
      return {
        kind: "referral",
        // A referral stands where it was sent (a draft, or one withdrawn before sending, where it was started).
        at: r.sent_at ?? r.created_at,
        reference: r.reference,
        status,
        statusLabel: REFERRAL_STATUS_LABELS[status],
        discipline: r.discipline,
        question: r.question,
        meeting: r.meeting_at && r.group_name ? { startsAt: r.meeting_at, group: r.group_name } : null,
        sentAt: r.sent_at,
        withdrawnAt: r.withdrawn_at,
        outcomes: outcomesOf(r.id),
      };
    }),
    ...visitViews.map((v): VisitEntry => ({ ...v, kind: "visit", at: v.startsAt })),
    ...requests.map((f): FundingEntry => {
      const status: FundingStatus = isFundingStatus(f.status) ? f.status : "draft";
      return {
        kind: "funding",
        // A request stands where it reached the council (signed off); a draft where it was started.
        at: f.submitted_at ?? f.created_at,
        reference: f.reference,
        scheme: f.scheme,
        status,
        statusLabel: FUNDING_STATUS_LABELS[status],
        requestedPence: f.amount_requested_pence,
        awardedPence: f.awarded_pence,
        submittedAt: f.submitted_at,
        decidedAt: f.decided_at,
      };
    }),
  ];
  entries.sort(compareEntries);
  return {
    pupil: { id: pupil.id, name: `${pupil.first_name} ${pupil.last_name}`, yearGroup: yearGroupLabel(pupil.year_group) },
    entries,
  };
}
