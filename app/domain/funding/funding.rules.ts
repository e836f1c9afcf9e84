import { financialYearLabel, financialYearOf } from "../financial-year.ts";
import { formatPence } from "../money.ts";

/**
 * The funding rules that need no database: a plan's totals, whether a period fits one financial year, and
 * what a request still needs before it can be sent. Client-safe, so the check-answers page and the server
 * say the same thing.
 */

/** The most lines a provision plan may have. */
export const MAX_PLAN_LINES = 20;

export interface PlanLine {
  description: string;
  deliveredBy: string;
  hoursPerWeek: number;
  weeks: number;
  costPence: number;
}

export interface ChecklistItem {
  key: string;
  label: string;
}

export function planTotals(lines: PlanLine[]): { totalPence: number; totalHours: number } {
  return {
    totalPence: lines.reduce((sum, l) => sum + l.costPence, 0),
    // Hours are stored to the quarter hour or so; round the product to avoid 0.1 + 0.2 noise.
    totalHours: Math.round(lines.reduce((sum, l) => sum + l.hoursPerWeek * l.weeks, 0) * 100) / 100,
  };
}

/** A message when the period is the wrong way round or crosses 31 March; null when it is fine. */
export function periodProblem(start: string, end: string): string | null {
  if (end < start) return "The end date must be the same as or after the start date";
  const year = financialYearOf(start);
  if (financialYearOf(end) !== year) {
    return `The period must be within one financial year (1 April to 31 March): ${financialYearLabel(year)} ends on 31 March ${year + 1}`;
  }
  return null;
}

/** What the largest request may be for this plan, and why; null when there is no plan yet. */
export function largestRequest(totalPence: number, contribution: { applies: boolean; pence: number }): number {
  return contribution.applies ? Math.max(0, totalPence - contribution.pence) : totalPence;
}

export interface CompletenessInput {
  requiresPupil: boolean;
  hasPupil: boolean;
  /** Why the pupil named does not fit the scheme's pupil rule (pupil-rules.ts), if they do not. */
  pupilProblem?: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  amountRequestedPence: number | null;
  lines: PlanLine[];
  checklist: ChecklistItem[];
  evidence: Record<string, string>;
  contributionApplies: boolean;
  contributionPence: number;
}

/** What still stops a request being sent, by form field. Empty: it can go to the headteacher. */
export function completenessProblems(input: CompletenessInput): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (field: string, message: string) => (problems[field] ??= []).push(message);
  if (input.requiresPupil && !input.hasPupil) add("pupilId", "Select the pupil this request is for");
  else if (input.requiresPupil && input.pupilProblem) add("pupilId", input.pupilProblem);
  if (!input.periodStart) add("periodStart", "Enter the date the funding starts");
  if (!input.periodEnd) add("periodEnd", "Enter the date the funding ends");
  if (input.periodStart && input.periodEnd) {
    const problem = periodProblem(input.periodStart, input.periodEnd);
    if (problem) add("periodEnd", problem);
  }
  if (input.lines.length === 0) add("lines", "Add at least one costed line to the provision plan");
  const { totalPence } = planTotals(input.lines);
  if (input.amountRequestedPence === null) add("amountRequested", "Enter the amount requested");
  else if (input.lines.length > 0) {
    const contribution = { applies: input.contributionApplies, pence: input.contributionPence };
    const largest = largestRequest(totalPence, contribution);
    if (contribution.applies && totalPence <= contribution.pence) {
      add(
        "amountRequested",
        `The plan costs ${formatPence(totalPence)}. The school meets the first ${formatPence(contribution.pence, { whole: true })} itself, so this scheme is for plans that cost more than that`,
      );
    } else if (input.amountRequestedPence > largest) {
      add(
        "amountRequested",
        contribution.applies
          ? `You can request up to ${formatPence(largest)}: the plan costs ${formatPence(totalPence)} and the school meets the first ${formatPence(contribution.pence, { whole: true })}`
          : `You can request up to ${formatPence(largest)}, the plan's total cost`,
      );
    }
  }
  for (const item of input.checklist) {
    if (!input.evidence[item.key]?.trim()) add(`evidence.${item.key}`, `Say how the request meets this: ${item.label}`);
  }
  return problems;
}
