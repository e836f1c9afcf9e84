/**
 * Service levels (ADR 30): each scheme has a target in working days from submission to decision. Working days
 * skip Saturdays, Sundays and the bank holidays the council keeps as data (the bank_holidays table, England and
 * Wales). The one rule, client-safe: the due date stored at sign-off, the queue's tags and its "due soon" limit all
 * come from here. Dates are ISO strings (YYYY-MM-DD), days in Europe/London.
 */

/** How near its due date a request waiting for the council is "due soon": this many working days or fewer. */
export const DUE_SOON_WORKING_DAYS = 5;

/** A scheme's target, in working days from sign-off to decision, as the settings' scheme form takes it. */
export const TARGET_WORKING_DAYS = { min: 1, max: 100 } as const;

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Whether a day is a working day: not a Saturday or Sunday, not a bank holiday. */
export function isWorkingDay(iso: string, bankHolidays: ReadonlySet<string>): boolean {
  const weekday = new Date(dayNumber(iso) * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !bankHolidays.has(iso);
}

/**
 * The day `days` working days after `fromIso`; the day itself never counts, the first working day after it is
 * day 1. 20 working days from Good Friday, 3 April 2026: day 1 is Tuesday 7 April (after Easter Monday), and day
 * 20 is Tuesday 5 May (after the early May bank holiday). `days` is a whole number, 0 or more (0: the day itself).
 */
export function addWorkingDays(fromIso: string, days: number, bankHolidays: ReadonlySet<string>): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`addWorkingDays: ${days} is not a whole number of days`);
  let day = dayNumber(fromIso);
  if (Number.isNaN(day)) throw new RangeError(`addWorkingDays: ${fromIso} is not a date`);
  for (let left = days; left > 0; ) {
    day += 1;
    if (isWorkingDay(isoOf(day), bankHolidays)) left -= 1;
  }
  return isoOf(day);
}

/** Working days after `fromIso` up to and including `toIso` (0 when `toIso` is not after `fromIso`). */
export function workingDaysBetween(fromIso: string, toIso: string, bankHolidays: ReadonlySet<string>): number {
  let count = 0;
  for (let day = dayNumber(fromIso) + 1, end = dayNumber(toIso); day <= end; day += 1) {
    if (isWorkingDay(isoOf(day), bankHolidays)) count += 1;
  }
  return count;
}

export type ServiceLevel = "on_time" | "due_soon" | "overdue" | "decided_on_time" | "decided_late";

export const SERVICE_LEVEL_LABELS: Record<ServiceLevel, string> = {
  on_time: "On time",
  due_soon: "Due soon",
  overdue: "Overdue",
  decided_on_time: "Decided on time",
  decided_late: "Decided late",
};

/**
 * Where a request stands against its due date. `waiting`: it waits for the council (submitted, in review);
 * `decidedOn`: the London day it was decided, for a decided request; `soonLimit`: the last day counted as
 * "due soon" (`dueSoonLimit(today)`). Null when it has no due date or is neither waiting nor decided (with the
 * school, withdrawn): the council's clock is not running on it.
 */
export function serviceLevel(
  request: { dueOn: string | null; waiting: boolean; decidedOn: string | null },
  today: string,
  soonLimit: string,
): ServiceLevel | null {
  const { dueOn } = request;
  if (!dueOn) return null;
  if (request.decidedOn) return request.decidedOn <= dueOn ? "decided_on_time" : "decided_late";
  if (!request.waiting) return null;
  if (dueOn < today) return "overdue";
  return dueOn <= soonLimit ? "due_soon" : "on_time";
}

/** The last day a request due then is "due soon" rather than "on time", seen from `today`. */
export function dueSoonLimit(today: string, bankHolidays: ReadonlySet<string>): string {
  return addWorkingDays(today, DUE_SOON_WORKING_DAYS, bankHolidays);
}
