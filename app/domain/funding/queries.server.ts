import type { Actor } from "../access/access.server.ts";
import { can as actorCan, notFound, requirePermission } from "../access/access.server.ts";
import { formatDate } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";
import { renewalRefusal } from "./renewal.ts";
import { ROLE_LABELS, isRole } from "../access/roles.ts";
import { auditedRead } from "../audit/audited-read.server.ts";
import { pupilOfFundingRequest } from "../pupils/pupils.server.ts";
import { type ChecklistItem, type PlanLine, largestRequest, planTotals } from "./funding.rules.ts";
import { type DecisionOutcome, FUNDING_STATUS_LABELS, type FundingStatus, isFundingStatus } from "./funding.schema.ts";
import { DECIDED, type FundingStep, fundingCan } from "./funding.workflow.ts";
import { CONSENT_METHOD_LABELS, type Consent } from "./consent.ts";
import type { PupilRule } from "./pupil-rules.ts";
import { type FundingDocument, documentsOf } from "./documents.server.ts";
import { renewalLinks } from "./renewal-links.server.ts";
import { type DB, REQUEST_WITH_RULES, checklistOf, consentOf, evidenceOf, linesOf, problemsOf, ruleOf, visibleTo } from "./store.server.ts";

/** Reading one funding request, as the actor may see it: its page, its check-answers page, its decision form. */

const ACTION_LABELS: Record<string, string> = {
  created: "Draft started",
  sent_to_headteacher: "Sent to the headteacher for sign-off",
  returned: "Returned to the SENCO by the headteacher",
  signed_off: "Signed off by the headteacher and sent to the council",
  review_started: "Review started",
  information_requested: "More information requested from the school",
  decided: "Decision recorded",
  corrected: "Decision corrected",
  withdrawn: "Withdrawn by the school",
  assigned: "Assigned to a council officer",
  renewal_started: "Draft started as a renewal (Apply again)",
};

export interface FundingRequestDetail {
  id: number;
  reference: string;
  status: FundingStatus;
  statusLabel: string;
  version: number;
  school: { name: string; urn: string; district: string };
  scheme: { id: number; name: string; requiresPupil: boolean; pupilRule: PupilRule; contributionApplies: boolean; contributionPence: number; checklist: ChecklistItem[] };
  pupil: {
    id: number;
    name: string;
    upn: string | null;
    dateOfBirth: string;
    yearGroup: string;
    provision: string;
    primaryNeed: string;
    secondaryNeed: string | null;
  } | null;
  amountRequestedPence: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  lines: PlanLine[];
  totalPence: number;
  totalHours: number;
  largestRequestPence: number;
  evidence: Record<string, string>;
  /** Its evidence documents (documents.server.ts), withdrawn ones included. */
  documents: FundingDocument[];
  /** The parents' consent as recorded (any part may be missing in a draft), with how it was given in words. */
  consent: Consent & { methodLabel: string | null };
  award: { outcome: DecisionOutcome; outcomeLabel: string; awardedPence: number; start: string | null; end: string | null } | null;
  decisions: {
    id: number;
    outcomeLabel: string;
    awardedPence: number;
    start: string | null;
    end: string | null;
    reason: string | null;
    reasonText: string | null;
    decidedBy: string;
    decidedAt: Date;
    correction: boolean;
  }[];
  timeline: { at: Date; who: string; role: string; label: string; statusLabel: string; comment: string | null }[];
  submittedAt: Date | null;
  /** What still stops it being sent (for the SENCO's check-answers page). */
  problems: Record<string, string[]>;
  /** The request this one renews ("Apply again"), and the one that renews it, by reference. */
  renewal: { renews: string | null; renewedBy: string | null; open: boolean };
  /** The words the headteacher confirmed when signing it off, once signed off. */
  signOffDeclaration: string | null;
  /** What the actor may do with it now, step by step (funding.workflow.ts). */
  can: Record<FundingStep, boolean>;
}


async function loadRequest(db: DB, actor: Actor, reference: string) {
  const row = await db
    .selectFrom("funding_requests")
    .innerJoin("schools", "schools.id", "funding_requests.school_id")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
    .leftJoin("pupils", "pupils.id", "funding_requests.pupil_id")
    .select([
      ...REQUEST_WITH_RULES,
      "funding_requests.reference",
      "funding_requests.awarded_pence",
      "funding_requests.award_start",
      "funding_requests.award_end",
      "funding_requests.renews_request_id",
      "funding_requests.sign_off_declaration",
      "schools.name as school_name",
      "schools.urn",
      "districts.name as district_name",
      "funding_schemes.name as scheme_name",
    ])
    .where("funding_requests.reference", "=", reference)
    .where(visibleTo(actor))
    .executeTakeFirst();
  if (!row || !isFundingStatus(row.status)) notFound();
  return { ...row, status: row.status as FundingStatus };
}

export const OUTCOME_LABELS: Record<DecisionOutcome, string> = { approved: "Approved", partly_approved: "Partly approved", declined: "Declined" };

/**
 * One request as the actor may see it, with its plan, decisions and timeline. Viewing a request about a
 * pupil is a view of that pupil's record: both are audited.
 */
export async function getFundingRequest(db: DB, actor: Actor, reference: string, requestId: string): Promise<FundingRequestDetail> {
  requirePermission(actor, "funding:view");
  const { row, lines, pupil, decisions, events, documents, renewal } = await auditedRead(
    db,
    async (db) => {
      const row = await loadRequest(db, actor, reference);
      const [lines, pupil, decisions, events, documents, renewal] = await Promise.all([
        linesOf(db, row.id),
        row.pupil_id === null ? Promise.resolve(undefined) : pupilOfFundingRequest(db, actor, row.id),
        db
          .selectFrom("funding_decisions")
          .innerJoin("users", "users.id", "funding_decisions.decided_by")
          .leftJoin("decision_reasons", "decision_reasons.id", "funding_decisions.reason_id")
          .select([
            "funding_decisions.id",
            "funding_decisions.outcome",
            "funding_decisions.awarded_pence",
            "funding_decisions.award_start",
            "funding_decisions.award_end",
            "funding_decisions.reason_text",
            "funding_decisions.corrects_decision_id",
            "funding_decisions.decided_at",
            "users.display_name",
            "decision_reasons.label as reason",
          ])
          .where("funding_decisions.funding_request_id", "=", row.id)
          .orderBy("funding_decisions.id")
          .execute(),
        db
          .selectFrom("funding_request_events")
          .innerJoin("users", "users.id", "funding_request_events.actor_user_id")
          .select([
            "funding_request_events.occurred_at",
            "funding_request_events.action",
            "funding_request_events.actor_role",
            "funding_request_events.to_status",
            "funding_request_events.comment",
            "users.display_name",
          ])
          .where("funding_request_events.funding_request_id", "=", row.id)
          .orderBy("funding_request_events.id")
          .execute(),
        documentsOf(db, actor, row.id, checklistOf(row.evidence_checklist)),
        renewalLinks(db, actor, { id: row.id, renewsId: row.renews_request_id }),
      ]);
      return { row, lines, pupil, decisions, events, documents, renewal };
    },
    // Viewing a request about a pupil is a view of that pupil's record: both are audited.
    ({ row }) => [
      { actor, action: "funding_request.view", subjectType: "funding_request", subjectId: row.id, requestId, detail: { reference } },
      ...(row.pupil_id === null ? [] : [{ actor, action: "pupil.view", subjectType: "pupil", subjectId: row.pupil_id, requestId, detail: { via: reference } }]),
    ],
  );

  const checklist = checklistOf(row.evidence_checklist);
  const evidence = evidenceOf(row.evidence);
  const { totalPence, totalHours } = planTotals(lines);
  const contribution = { applies: row.school_contribution_applies, pence: row.school_contribution_pence };
  const status = row.status;
  const latest = decisions.at(-1);
  return {
    id: row.id,
    reference: row.reference,
    status,
    statusLabel: FUNDING_STATUS_LABELS[status],
    version: row.version,
    school: { name: row.school_name, urn: row.urn, district: row.district_name },
    scheme: {
      id: row.scheme_id,
      name: row.scheme_name,
      requiresPupil: row.requires_pupil,
      pupilRule: ruleOf(row.pupil_rule),
      contributionApplies: contribution.applies,
      contributionPence: contribution.pence,
      checklist,
    },
    pupil: pupil
      ? {
          id: pupil.id,
          name: `${pupil.firstName} ${pupil.lastName}`,
          upn: pupil.upn,
          dateOfBirth: pupil.dateOfBirth,
          yearGroup: pupil.yearGroupLabel,
          provision: pupil.provisionLabel,
          primaryNeed: `${pupil.primaryNeedName} (${pupil.primaryNeed})`,
          secondaryNeed: pupil.secondaryNeed ? `${pupil.secondaryNeedName} (${pupil.secondaryNeed})` : null,
        }
      : null,
    amountRequestedPence: row.amount_requested_pence,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    lines,
    totalPence,
    totalHours,
    largestRequestPence: largestRequest(totalPence, contribution),
    evidence,
    documents,
    consent: (({ method, ...rest }) => ({ ...rest, method, methodLabel: method ? CONSENT_METHOD_LABELS[method] : null }))(consentOf(row)),
    award:
      latest && (DECIDED as readonly FundingStatus[]).includes(status)
        ? {
            outcome: latest.outcome as DecisionOutcome,
            outcomeLabel: OUTCOME_LABELS[latest.outcome as DecisionOutcome],
            awardedPence: latest.awarded_pence,
            start: latest.award_start,
            end: latest.award_end,
          }
        : null,
    decisions: decisions.map((d) => ({
      id: d.id,
      outcomeLabel: OUTCOME_LABELS[d.outcome as DecisionOutcome] ?? d.outcome,
      awardedPence: d.awarded_pence,
      start: d.award_start,
      end: d.award_end,
      reason: d.reason,
      reasonText: d.reason_text,
      decidedBy: d.display_name,
      decidedAt: d.decided_at,
      correction: d.corrects_decision_id !== null,
    })),
    timeline: events.map((e) => ({
      at: e.occurred_at,
      who: e.display_name,
      role: isRole(e.actor_role) ? ROLE_LABELS[e.actor_role] : e.actor_role,
      label: ACTION_LABELS[e.action] ?? e.action,
      statusLabel: isFundingStatus(e.to_status) ? FUNDING_STATUS_LABELS[e.to_status] : e.to_status,
      comment: e.comment,
    })),
    submittedAt: row.submitted_at,
    problems: problemsOf(row, lines),
    renewal: {
      ...renewal,
      // "Apply again" is offered to whoever may draft, for an award near its end not renewed yet (renewal.ts).
      open:
        actorCan(actor, "funding:draft") &&
        renewalRefusal({ status, awardEnd: row.award_end, renewedBy: renewal.renewedBy }, londonToday(), formatDate) === null,
    },
    signOffDeclaration: row.sign_off_declaration,
    can: fundingCan(actor.role, status),
  };
}
