/**
 * Financial years run 1 April to 31 March. A year is named by the calendar year it starts in:
 * 2026 is 1 April 2026 to 31 March 2027, shown as "2026-27". Dates are ISO strings (YYYY-MM-DD). Client-safe.
 */

export function financialYearOf(isoDate: string): number {
  const [year, month] = isoDate.split("-").map(Number) as [number, number];
  return month >= 4 ? year : year - 1;
}

export function financialYearLabel(year: number): string {
  return `${year}-${String((year + 1) % 100).padStart(2, "0")}`;
}

// Made once: building an Intl.DateTimeFormat costs far more than using one (about 0.1 ms here, and the
// tracker asks for today three times a request).
const LONDON_DATE = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's date in Europe/London as YYYY-MM-DD. */
export function londonToday(now: Date = new Date()): string {
  return LONDON_DATE.format(now);
}

export function currentFinancialYear(now: Date = new Date()): number {
  return financialYearOf(londonToday(now));
}

/** Calendar months a period touches, counting both ends: 1 Sep 2026 - 31 Mar 2027 is 7. Awards are paid monthly. */
export function monthsInPeriod(startIso: string, endIso: string): number {
  const [sy, sm] = startIso.split("-").map(Number) as [number, number];
  const [ey, em] = endIso.split("-").map(Number) as [number, number];
  return ey * 12 + em - (sy * 12 + sm) + 1;
}

/** Whether a string is a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
