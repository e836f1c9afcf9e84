import type { Role } from "../access/roles.ts";
import { canFlags, declareWorkflow } from "../workflow/workflow.ts";

/**
 * Inclusion Champion visits as cases (issue 11, ADR 52). Client-safe: the pages' flags come from here.
 *
 * A champion visit: a draft the champion keeps saving (a versioned change, not a step), then `publish`, which the
 * school's SENCOs and headteachers are told of. Only the champion who wrote it may save or publish it; once
 * published, the report is the school's to read and its text stays as published.
 *
 * An agreed action: its own case, from the visit's publication on (a draft's actions are seen by nobody else):
 * - complete: the school marks one of its own actions done, with a note (the visit's champion is told);
 * - close: the champion closes an action (done or not: agreed no longer needed, or done and checked);
 * - carryForward: the champion moves an open action's due date on; the timeline keeps each move.
 * Audiences: `school` (the school's SENCOs and headteachers), `champion` (the visit's champion).
 */

export const CHAMPION_VISIT_STATUSES = ["draft", "published"] as const;
export type ChampionVisitStatus = (typeof CHAMPION_VISIT_STATUSES)[number];
export const CHAMPION_VISIT_STATUS_LABELS: Record<ChampionVisitStatus, string> = { draft: "Draft", published: "Published" };

export function isChampionVisitStatus(value: string): value is ChampionVisitStatus {
  return (CHAMPION_VISIT_STATUSES as readonly string[]).includes(value);
}

export const CHAMPION_VISIT_WORKFLOW = declareWorkflow({
  name: "champion_visit",
  states: CHAMPION_VISIT_STATUSES,
  steps: {
    publish: { from: ["draft"], to: "published", permission: "visits:log", event: "published", tell: ["school"], intent: "publish" },
  },
});

export type ChampionVisitStep = keyof typeof CHAMPION_VISIT_WORKFLOW.steps;
export type ChampionVisitAudience = (typeof CHAMPION_VISIT_WORKFLOW.steps)[ChampionVisitStep]["tell"][number];

export const CHAMPION_VISIT_EVENT_LABELS: Record<string, string> = {
  started: "Started",
  draft_saved: "Saved as a draft",
  published: "Published to the school",
};

export const AGREED_ACTION_STATUSES = ["open", "done", "closed"] as const;
export type AgreedActionStatus = (typeof AGREED_ACTION_STATUSES)[number];
export const AGREED_ACTION_STATUS_LABELS: Record<AgreedActionStatus, string> = { open: "Open", done: "Done", closed: "Closed" };

export function isAgreedActionStatus(value: string): value is AgreedActionStatus {
  return (AGREED_ACTION_STATUSES as readonly string[]).includes(value);
}

export const AGREED_ACTION_WORKFLOW = declareWorkflow({
  name: "agreed_action",
  states: AGREED_ACTION_STATUSES,
  steps: {
    complete: { from: ["open"], to: "done", permission: "visits:actions", event: "done", tell: ["champion"], intent: "complete" },
    close: { from: ["open", "done"], to: "closed", permission: "visits:log", event: "closed", tell: [], intent: "close" },
    carryForward: { from: ["open"], to: "open", permission: "visits:log", event: "carried_forward", tell: ["school"], intent: "carry" },
  },
});

export type AgreedActionStep = keyof typeof AGREED_ACTION_WORKFLOW.steps;
export type AgreedActionAudience = (typeof AGREED_ACTION_WORKFLOW.steps)[AgreedActionStep]["tell"][number];

export const AGREED_ACTION_EVENT_LABELS: Record<string, string> = {
  agreed: "Agreed at the visit",
  done: "Marked done",
  closed: "Closed",
  carried_forward: "Carried forward",
};

export function agreedActionCan(role: Role, status: AgreedActionStatus) {
  return canFlags(AGREED_ACTION_WORKFLOW, role, status);
}

export function championVisitCan(role: Role, status: ChampionVisitStatus) {
  return canFlags(CHAMPION_VISIT_WORKFLOW, role, status);
}

/** How a visit was held, and whose an action is: codes kept here, with their words. */
export const VISIT_FORMATS = ["in_person", "online"] as const;
export type VisitFormat = (typeof VISIT_FORMATS)[number];
export const VISIT_FORMAT_LABELS: Record<VisitFormat, string> = { in_person: "In person", online: "Online" };

export const ACTION_OWNERS = ["school", "champion", "council"] as const;
export type ActionOwner = (typeof ACTION_OWNERS)[number];
export const ACTION_OWNER_LABELS: Record<ActionOwner, string> = { school: "The school", champion: "The Inclusion Champion", council: "The council" };

/** The most agreed actions one visit keeps. */
export const MAX_AGREED_ACTIONS = 20;
