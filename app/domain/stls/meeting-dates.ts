/**
 * LIFT meetings' dates (ADR 42). Client-safe: the meeting form shows the default it will use. Dates are London
 * calendar days as ISO strings ("2027-01-20"); arithmetic is on UTC midnights, which have no clock changes.
 */

function toDay(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

function toIso(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** The day `days` after (or before, when negative) an ISO date. */
export function addDays(isoDate: string, days: number): string {
  return toIso(new Date(toDay(isoDate).getTime() + days * 86_400_000));
}

/** 0 Sunday to 6 Saturday. */
export function weekdayOf(isoDate: string): number {
  return toDay(isoDate).getUTCDay();
}

/**
 * The papers-due day a meeting on `meetingDate` has unless told otherwise: the Wednesday before it (as Kent's
 * published school pages put it), the last Wednesday strictly before the meeting's day, so a Wednesday meeting's
 * papers are due a week before and a Thursday's the day before.
 */
export function defaultPapersDueOn(meetingDate: string): string {
  const back = ((weekdayOf(meetingDate) - 3 + 7) % 7) || 7;
  return addDays(meetingDate, -back);
}

/** The most meetings a term's form adds at once. */
export const MAX_TERM_MEETINGS = 20;
