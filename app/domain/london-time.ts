/**
 * Times of day in London (training events, LIFT meetings, specialist teachers' slots): typed as a London date (the
 * GOV.UK date input) and a time of day, stored as UTC instants. Client-safe: the forms show a stored instant back
 * as the date and time London saw.
 */

const LONDON = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function londonFields(at: Date) {
  const parts = Object.fromEntries(LONDON.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** How far London is ahead of UTC at this instant, in milliseconds (0 in winter, an hour in summer). */
function londonOffset(at: Date): number {
  const f = londonFields(at);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute);
  return asUtc - Math.floor(at.getTime() / 60_000) * 60_000;
}

/**
 * The instant London's clocks show `time` ("14:30") on `isoDate` ("2027-01-20"). In the hour the clocks go
 * forward (a time that does not exist) it is the instant an hour on; in the hour they go back, the first one.
 */
export function londonInstant(isoDate: string, time: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const first = naive - londonOffset(new Date(naive));
  return new Date(naive - londonOffset(new Date(first)));
}

/** A stored instant as London's date ("2027-01-20") and time ("14:30"): what the event form shows. */
export function londonDateAndTime(at: Date | string): { date: string; time: string } {
  const f = londonFields(new Date(at));
  const two = (n: number) => String(n).padStart(2, "0");
  return { date: `${f.year}-${two(f.month)}-${two(f.day)}`, time: `${two(f.hour)}:${two(f.minute)}` };
}

/**
 * A time of day as people type it: "9:30", "09.30", "14:00", "2pm", "2:30 pm", "12 noon". "HH:MM" on the
 * 24-hour clock, or null when it is not a time.
 */
export function readTime(text: string): string | null {
  const cleaned = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (cleaned === "noon" || cleaned === "12 noon" || cleaned === "midday") return "12:00";
  const match = /^(\d{1,2})(?:[:.](\d{2}))? ?(am|pm|a\.m\.|p\.m\.)?$/.exec(cleaned);
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const half = match[3]?.replace(/\./g, "");
  if (minute > 59) return null;
  if (half) {
    if (hour < 1 || hour > 12) return null;
    if (half === "am" && hour === 12) hour = 0;
    if (half === "pm" && hour < 12) hour += 12;
  } else {
    // Without am or pm a time needs its minutes ("9" alone could be morning or evening).
    if (match[2] === undefined || hour > 23) return null;
  }
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}
