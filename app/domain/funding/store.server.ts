import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound } from "../access/access.server.ts";
import { fundingRequestInReach } from "../access/scopes.server.ts";
import { usersWithRole } from "../notifications/notify.server.ts";
import type { CaseStore } from "../workflow/engine.server.ts";
import { type Consent, isConsentMethod } from "./consent.ts";
import { type ChecklistItem, type PlanLine, completenessProblems } from "./funding.rules.ts";
import { FUNDING_STATUS_LABELS, type FundingStatus, isFundingStatus } from "./funding.schema.ts";
import { FUNDING_WORKFLOW, type FundingAudience, type FundingStep } from "./funding.workflow.ts";
import { PUPIL_LEFT, type PupilRule, isPupilRule, pupilRuleProblem } from "./pupil-rules.ts";
import { lastFundingChange } from "./resubmission.server.ts";
import { assigneeOf, officersToldOf } from "./casework/areas.server.ts";
import { appendToTimeline, timelineHas } from "../workflow/timeline.server.ts";

/**
 * How funding requests are stored, for the engine (app/domain/workflow/engine.server.ts) and the area's use-cases:
 * the request row with its scheme's rules, locked under the actor's reach; its plan lines; its timeline.
 */

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;

/** What the actor may reach of funding requests, in SQL: the one rule in app/domain/access/scopes.server.ts. */
export const visibleTo = fundingRequestInReach;

export function checklistOf(value: unknown): ChecklistItem[] {
  return Array.isArray(value)
    ? value.filter((i): i is ChecklistItem => typeof i?.key === "string" && typeof i?.label === "string")
    : [];
}

export function evidenceOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

/** A request row with its scheme's rules, as the queries below select them. */
export interface CompletenessRow {
  requires_pupil: boolean;
  pupil_rule: string;
  pupil_id: number | null;
  /** The named pupil's SEN provision (K, E), for the scheme's pupil rule. */
  pupil_provision: string | null;
  /** When the named pupil left the school, if they have: a request cannot be sent for them. */
  pupil_date_left?: string | null;
  period_start: string | null;
  period_end: string | null;
  amount_requested_pence: number | null;
  evidence: unknown;
  evidence_checklist: unknown;
  school_contribution_applies: boolean;
  school_contribution_pence: number;
  consent_given_by: string | null;
  consent_date: string | null;
  consent_method: string | null;
}

/** The parents' consent as stored (the column's CHECK allows only the methods of consent.ts). */
export function consentOf(row: Pick<CompletenessRow, "consent_given_by" | "consent_date" | "consent_method">): Consent {
  return { givenBy: row.consent_given_by, date: row.consent_date, method: isConsentMethod(row.consent_method) ? row.consent_method : null };
}

/** A scheme's pupil rule as stored (the column's CHECK allows only the rules). */
export function ruleOf(value: string): PupilRule {
  return isPupilRule(value) ? value : "any";
}

/** What still stops this request being sent (funding.rules.ts), from its row and plan lines. */
export function problemsOf(row: CompletenessRow, lines: PlanLine[]) {
  return completenessProblems({
    requiresPupil: row.requires_pupil,
    hasPupil: row.pupil_id !== null,
    pupilProblem: row.pupil_date_left ? PUPIL_LEFT : pupilRuleProblem(ruleOf(row.pupil_rule), row.pupil_provision),
    periodStart: row.period_start,
    periodEnd: row.period_end,
    amountRequestedPence: row.amount_requested_pence,
    lines,
    checklist: checklistOf(row.evidence_checklist),
    evidence: evidenceOf(row.evidence),
    contributionApplies: row.school_contribution_applies,
    contributionPence: row.school_contribution_pence,
    consent: consentOf(row),
  });
}

/** A request with its scheme's rules: what a transition checks and what the request page shows. */
export const REQUEST_WITH_RULES = [
  "funding_requests.id",
  "funding_requests.status",
  "funding_requests.version",
  "funding_requests.school_id",
  "funding_requests.scheme_id",
  "funding_requests.pupil_id",
  "funding_requests.amount_requested_pence",
  "funding_requests.period_start",
  "funding_requests.period_end",
  "funding_requests.evidence",
  "funding_requests.created_by",
  "funding_requests.submitted_at",
  "funding_requests.consent_given_by",
  "funding_requests.consent_date",
  "funding_requests.consent_method",
  "funding_requests.assigned_to",
  "funding_schemes.requires_pupil",
  "funding_schemes.pupil_rule",
  "pupils.sen_provision as pupil_provision",
  "pupils.date_left as pupil_date_left",
  "funding_schemes.school_contribution_applies",
  "funding_schemes.school_contribution_pence",
  "funding_schemes.evidence_checklist",
] as const;

export async function linesOf(db: DB, requestId: number): Promise<PlanLine[]> {
  const rows = await db
    .selectFrom("funding_request_lines")
    .select(["description", "delivered_by", "hours_per_week", "weeks", "cost_pence"])
    .where("funding_request_id", "=", requestId)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({ description: r.description, deliveredBy: r.delivered_by, hoursPerWeek: Number(r.hours_per_week), weeks: r.weeks, costPence: r.cost_pence }));
}

/** A plan's lines as the table stores them, in order. */
export function planLineRows(requestId: number, lines: PlanLine[]) {
  return lines.map((l, position) => ({
    funding_request_id: requestId,
    position,
    description: l.description,
    delivered_by: l.deliveredBy,
    hours_per_week: l.hoursPerWeek,
    weeks: l.weeks,
    cost_pence: l.costPence,
  }));
}

/** The request row with its scheme's rules, under the actor's reach, locked for a change. */
async function lockRequest(trx: Trx, actor: Actor, reference: string) {
  const row = await trx
    .selectFrom("funding_requests")
    .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
    .leftJoin("pupils", "pupils.id", "funding_requests.pupil_id")
    .select(REQUEST_WITH_RULES)
    .where("funding_requests.reference", "=", reference)
    .where(visibleTo(actor))
    .forUpdate("funding_requests")
    .executeTakeFirst();
  if (!row) return undefined;
  if (!isFundingStatus(row.status)) notFound();
  return { ...row, status: row.status as FundingStatus };
}

export type LockedRequest = NonNullable<Awaited<ReturnType<typeof lockRequest>>>;

/** Bumps the request's version with the change (a new state, a saved draft's columns). */
export async function bump(trx: Trx, id: number, set: Record<string, unknown> = {}) {
  await trx
    .updateTable("funding_requests")
    .set((eb) => ({ ...set, version: eb("version", "+", 1), updated_at: new Date() }))
    .where("id", "=", id)
    .execute();
}

const REQUEST_TIMELINE = { table: "funding_request_events", caseColumn: "funding_request_id" };

/** Appends one event to a request's timeline (append-only: a trigger refuses UPDATE and DELETE). */
export async function addEvent(
  trx: Trx,
  actor: Actor,
  requestId: number,
  event: { action: string; from: FundingStatus | null; to: FundingStatus; comment?: string | null; digest?: string | null },
) {
  await appendToTimeline(trx, REQUEST_TIMELINE, requestId, actor, event);
}

/** The school's SENCOs (with whoever started the request) and headteachers: who is told of the school's side. */
export async function schoolStaff(trx: Trx, schoolId: number, createdBy: number) {
  const [sencos, heads] = await Promise.all([usersWithRole(trx, "senco", schoolId), usersWithRole(trx, "headteacher", schoolId)]);
  return { sencos: [...new Set([createdBy, ...sencos])], heads };
}

/** Funding requests for the workflow engine. */
export const FUNDING_STORE: CaseStore<FundingStatus, FundingStep, FundingAudience, LockedRequest> = {
  workflow: FUNDING_WORKFLOW,
  noun: "request",
  lock: lockRequest,
  stateLabel: (status) => FUNDING_STATUS_LABELS[status],
  save: (trx, row, set) => bump(trx, row.id, set),
  addEvent: (trx, actor, row, event) => addEvent(trx, actor, row.id, event),
  eventRecorded: (trx, actor, row, digest) => timelineHas(trx, REQUEST_TIMELINE, row.id, actor.userId, digest),
  lastChange: (trx, row) => lastFundingChange(trx, row.id, row.status),
  async audience(trx, row, audience) {
    // The officers of the school's area (ADR 30); the officer a request is assigned to, as it is now.
    if (audience === "officers") return officersToldOf(trx, row.school_id);
    if (audience === "assignee") return assigneeOf(trx, row.id);
    const staff = await schoolStaff(trx, row.school_id, row.created_by);
    if (audience === "headteachers") return staff.heads;
    if (audience === "sencos") return staff.sencos;
    return [...staff.sencos, ...staff.heads];
  },
  auditDetail: (_row, reference) => ({ reference }),
};
