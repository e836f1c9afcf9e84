// Dates are stored UTC and shown in Europe/London, in one format each, everywhere. The formatters are made
// once: building an Intl.DateTimeFormat costs far more than using one, and the footer formats on every page.

const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h12",
});

// hourCycle "h12", not hour12: with en-GB, Node's ICU reads hour12 as a 0-11 clock ("0:18 am", "0:05 pm") while
// browsers show 12:18 am: the server's and the browser's renders then differed for two hours a day, and React threw
// the server's page away and rendered it again (losing anything typed before the script ran).
const TIME = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "numeric", minute: "2-digit", hourCycle: "h12" });

/** e.g. "29 November 2026 at 5:04 pm". */
export function formatDateTime(value: string | Date) {
  return DATE_TIME.format(new Date(value));
}

/** e.g. "5:04 pm". */
export function formatTime(value: string | Date) {
  return TIME.format(new Date(value));
}

const LONDON_DAY = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });

/** A stored instant as London's day, e.g. "12 January 2027" (a visit at 00:30 BST is that day, not the day before). */
export function formatLondonDay(value: string | Date) {
  return LONDON_DAY.format(new Date(value));
}

/** A stored span of one London day, e.g. "19 January 2027, 9:30 am to 12:00 pm" (a meeting, a slot). */
export function formatLondonSpan(startsAt: string | Date, endsAt: string | Date) {
  return `${formatLondonDay(startsAt)}, ${formatTime(startsAt)} to ${formatTime(endsAt)}`;
}

const DATE = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/** A calendar date stored as `date` (an ISO string such as "2026-09-01"), e.g. "1 September 2026". */
export function formatDate(isoDate: string) {
  return DATE.format(new Date(`${isoDate}T00:00:00Z`));
}

/** A scheme's service level in words: "20 working days", "1 working day". */
export function formatWorkingDays(days: number) {
  return `${days} working ${days === 1 ? "day" : "days"}`;
}
