import { financialYearLabel, financialYearOf } from "../financial-year.ts";
import { MAX_AMOUNT_PENCE, formatPence, parsePounds } from "../money.ts";
import { type Consent, consentProblems } from "./consent.ts";

/**
 * The funding rules that need no database: a plan's totals, whether a period fits one financial year, and
 * what a request still needs before it can be sent. Client-safe, so the check-answers page and the server
 * say the same thing.
 */

/** The most lines a provision plan may have. */
export const MAX_PLAN_LINES = 20;

/**
 * One line of a provision plan as stored. A draft keeps a line as far as it was typed, so any part may still be
 * empty (null); a request can be sent only when every line is whole (`completenessProblems`).
 */
export interface PlanLine {
  description: string | null;
  deliveredBy: string | null;
  hoursPerWeek: number | null;
  weeks: number | null;
  costPence: number | null;
}

/** A plan line as typed in the form's five boxes. */
export interface TypedPlanLine {
  description?: string;
  deliveredBy?: string;
  hoursPerWeek?: string;
  weeks?: string;
  cost?: string;
}

const HOURS = /^\d{1,2}(\.\d{1,2})?$/;
const WEEKS = /^\d{1,2}$/;

/**
 * Reads the typed plan: every line that has anything in it, each part that can be stored kept and each part that
 * cannot (hours of "lots", 60 weeks) left empty with an error by the form's name (`lines[1].weeks`). A line left
 * wholly blank is dropped: that is how a line is removed.
 */
export function readPlanLines(typed: TypedPlanLine[]): { lines: PlanLine[]; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const lines: PlanLine[] = [];
  typed.forEach((line, index) => {
    const text = (value: string | undefined) => value?.trim() ?? "";
    const [description, deliveredBy, hours, weeks, cost] = [line.description, line.deliveredBy, line.hoursPerWeek, line.weeks, line.cost].map(text) as [string, string, string, string, string];
    if (!description && !deliveredBy && !hours && !weeks && !cost) return;
    const fail = (field: keyof TypedPlanLine, message: string) => {
      errors[`lines[${index}].${field}`] = [`Line ${index + 1}: ${message}`];
      return null;
    };
    const length = (value: string, max: number, field: keyof TypedPlanLine, what: string) =>
      !value ? null : value.length > max ? fail(field, `${what} must be ${max} characters or fewer`) : value;
    const hoursValue = !hours ? null : HOURS.test(hours) && Number(hours) <= 60 ? Number(hours) : fail("hoursPerWeek", "hours per week must be a number from 0 to 60, like 2.5");
    const weeksValue = !weeks ? null : WEEKS.test(weeks) && Number(weeks) >= 1 && Number(weeks) <= 52 ? Number(weeks) : fail("weeks", "weeks must be a whole number from 1 to 52");
    let costValue: number | null = null;
    if (cost) {
      const pence = parsePounds(cost);
      if (pence === null || pence <= 0) fail("cost", "enter the cost in pounds, like 4200 or 4,200.50");
      else if (pence > MAX_AMOUNT_PENCE) fail("cost", "the cost must be £200,000 or less");
      else costValue = pence;
    }
    lines.push({
      description: length(description, 200, "description", "the description"),
      deliveredBy: length(deliveredBy, 120, "deliveredBy", "who delivers it"),
      hoursPerWeek: hoursValue,
      weeks: weeksValue,
      costPence: costValue,
    });
  });
  return { lines, errors };
}

/** What a stored line still lacks before the request can be sent, by the form's names. */
function lineProblems(line: PlanLine, index: number, add: (field: string, message: string) => void) {
  const name = (field: string) => `lines[${index}].${field}`;
  if (!line.description) add(name("description"), `Line ${index + 1}: say what the provision is`);
  if (!line.deliveredBy) add(name("deliveredBy"), `Line ${index + 1}: say who delivers it`);
  if (line.hoursPerWeek === null) add(name("hoursPerWeek"), `Line ${index + 1}: enter the hours a week, a number from 0 to 60, like 2.5`);
  if (line.weeks === null) add(name("weeks"), `Line ${index + 1}: enter the weeks, a whole number from 1 to 52`);
  if (line.costPence === null) add(name("cost"), `Line ${index + 1}: enter the cost in pounds, like 4200 or 4,200.50`);
}

export interface ChecklistItem {
  key: string;
  label: string;
}

export function planTotals(lines: PlanLine[]): { totalPence: number; totalHours: number } {
  return {
    totalPence: lines.reduce((sum, l) => sum + (l.costPence ?? 0), 0),
    // Hours are stored to the quarter hour or so; round the product to avoid 0.1 + 0.2 noise.
    totalHours: Math.round(lines.reduce((sum, l) => sum + (l.hoursPerWeek ?? 0) * (l.weeks ?? 0), 0) * 100) / 100,
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
  /** The parents' consent (a request for a named pupil cannot be sent without it). */
  consent: Consent;
}

/** What still stops a request being sent, by form field. Empty: it can go to the headteacher. */
export function completenessProblems(input: CompletenessInput): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (field: string, message: string) => (problems[field] ??= []).push(message);
  if (input.requiresPupil && !input.hasPupil) add("pupilId", "Select the pupil this request is for");
  else if (input.requiresPupil && input.pupilProblem) add("pupilId", input.pupilProblem);
  if (input.requiresPupil) for (const [field, message] of Object.entries(consentProblems(input.consent))) add(field, message);
  if (!input.periodStart) add("periodStart", "Enter the date the funding starts");
  if (!input.periodEnd) add("periodEnd", "Enter the date the funding ends");
  if (input.periodStart && input.periodEnd) {
    const problem = periodProblem(input.periodStart, input.periodEnd);
    if (problem) add("periodEnd", problem);
  }
  if (input.lines.length === 0) add("lines", "Add at least one costed line to the provision plan");
  input.lines.forEach((line, index) => lineProblems(line, index, add));
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
