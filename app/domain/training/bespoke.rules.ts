import type { Role } from "../access/roles.ts";
import { canFlags, declareWorkflow, intentsOf } from "../workflow/workflow.ts";

/**
 * Bespoke (whole-school) training (issue 9), client-safe and without zod (the forms' schemas are in
 * bespoke.schema.ts): its states and steps. A school asks (submitted); it may withdraw while the council has not decided; an
 * officer accepts it, making a private event for the school, or declines it with a reason.
 * Audiences: `officers` (the council's officers of the school's area, as for a funding request), `school` (its
 * SENCOs, with whoever asked, and headteachers).
 */

export const BESPOKE_STATUSES = ["submitted", "accepted", "declined", "withdrawn"] as const;
export type BespokeStatus = (typeof BESPOKE_STATUSES)[number];

export const BESPOKE_STATUS_LABELS: Record<BespokeStatus, string> = {
  submitted: "Waiting for the council",
  accepted: "Accepted",
  declined: "Declined",
  withdrawn: "Withdrawn",
};

export function isBespokeStatus(value: unknown): value is BespokeStatus {
  return typeof value === "string" && (BESPOKE_STATUSES as readonly string[]).includes(value);
}

export const BESPOKE_WORKFLOW = declareWorkflow({
  name: "training_bespoke_request",
  states: BESPOKE_STATUSES,
  steps: {
    withdraw: { from: ["submitted"], to: "withdrawn", permission: "training:bespoke", event: "withdrawn", tell: ["officers"], intent: "withdraw" },
    accept: { from: ["submitted"], to: "accepted", permission: "training:manage", event: "accepted", tell: ["school"] },
    decline: { from: ["submitted"], to: "declined", permission: "training:manage", event: "declined", tell: ["school"] },
  },
});

export type BespokeStep = keyof typeof BESPOKE_WORKFLOW.steps;
export type BespokeAudience = (typeof BESPOKE_WORKFLOW.steps)[BespokeStep]["tell"][number];

export function bespokeCan(role: Role, status: BespokeStatus) {
  return canFlags(BESPOKE_WORKFLOW, role, status);
}

export const BESPOKE_PAGE_INTENTS = intentsOf(BESPOKE_WORKFLOW);


/** "09:30" as written in the 24-hour clock, with a leading zero. */
export function normaliseTime(hhmm: string): string {
  const [h, m] = hhmm.split(":");
  return `${h!.padStart(2, "0")}:${m}`;
}

const LONDON_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** A wall-clock time in London on an ISO date, as the instant it is (British Summer Time or not). */
export function londonInstant(isoDate: string, hhmm: string): Date {
  const guess = new Date(`${isoDate}T${normaliseTime(hhmm)}:00Z`);
  const offset = (at: Date) => {
    const parts = LONDON_PARTS.formatToParts(at)
      .reduce<Record<string, string>>((all, p) => ({ ...all, [p.type]: p.value }), {});
    const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    return local - at.getTime();
  };
  const first = new Date(guess.getTime() - offset(guess));
  return new Date(guess.getTime() - offset(first));
}

/** The reference in a URL (TRN-2026-00001); anything else is not a request: 404 (the caller says so). */
export function isBespokeReference(value: string | undefined): value is string {
  return typeof value === "string" && /^TRN-\d{4}-\d{5,9}$/.test(value);
}
