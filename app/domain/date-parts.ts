/**
 * Dates as people type them into the GOV.UK date input: three boxes, day, month and year, in UK order. The one
 * reader of such dates, for forms and filters alike; zod-free, so pages can share it. Messages follow the
 * GOV.UK Design System ("Start date must include a month", "Start date must be a real date").
 */
export interface DateParts {
  day?: string;
  month?: string;
  year?: string;
}

export type DatePart = "day" | "month" | "year";

export type DateReading =
  | { ok: true; iso: string | null }
  | { ok: false; message: string; parts: DatePart[] };

const PARTS: DatePart[] = ["day", "month", "year"];

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "2026-09-01" for a real date, null when every box is empty and the date is optional, else what is wrong. */
export function readDateParts(parts: DateParts | undefined, label: string, options: { required: boolean }): DateReading {
  const typed = { day: parts?.day?.trim() ?? "", month: parts?.month?.trim() ?? "", year: parts?.year?.trim() ?? "" };
  const missing = PARTS.filter((p) => typed[p] === "");
  const name = capitalise(label);
  if (missing.length === 3) return options.required ? { ok: false, message: `Enter ${label}`, parts: PARTS } : { ok: true, iso: null };
  if (missing.length > 0) {
    const words = missing.length === 2 ? `a ${missing[0]} and ${missing[1]}` : `a ${missing[0]}`;
    return { ok: false, message: `${name} must include ${words}`, parts: missing };
  }
  const bad = PARTS.filter((p) => !/^\d+$/.test(typed[p]));
  if (bad.length > 0) return { ok: false, message: `${name} must be a real date`, parts: bad };
  if (!/^\d{4}$/.test(typed.year)) return { ok: false, message: "Year must include 4 numbers", parts: ["year"] };
  const [day, month, year] = [Number(typed.day), Number(typed.month), Number(typed.year)];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || day < 1 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) {
    return { ok: false, message: `${name} must be a real date`, parts: month < 1 || month > 12 ? ["month"] : ["day"] };
  }
  return { ok: true, iso: `${typed.year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` };
}

/** A stored ISO date ("2026-09-01") as the three boxes show it: "1", "9", "2026". */
export function isoToDateParts(iso: string | null | undefined): DateParts {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!match) return {};
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] };
}

/** The three boxes of `name` in a query string or form (`from.day`, `from.month`, `from.year`). */
export function datePartsFrom(params: URLSearchParams, name: string): DateParts {
  return { day: params.get(`${name}.day`) ?? "", month: params.get(`${name}.month`) ?? "", year: params.get(`${name}.year`) ?? "" };
}

/** A list filter's "from" and "to" dates, read from the query string's boxes (`from.day`, ..., `to.year`). */
export interface DateRangeReading {
  from: DateParts;
  to: DateParts;
  /** Each date as an ISO date when it is real, null when empty or wrong. */
  fromIso: string | null;
  toIso: string | null;
  /** What is wrong, by box: a date that is not one, or a "to" before the "from". */
  errors: { field: "from" | "to"; message: string; parts: DatePart[] }[];
}

/** Reads a filter's optional date range; both dates optional, the "to" no earlier than the "from". */
export function readDateRange(params: URLSearchParams): DateRangeReading {
  const range = { from: datePartsFrom(params, "from"), to: datePartsFrom(params, "to") };
  const errors: DateRangeReading["errors"] = [];
  const from = readDateParts(range.from, "the date from", { required: false });
  const to = readDateParts(range.to, "the date to", { required: false });
  if (!from.ok) errors.push({ field: "from", message: from.message, parts: from.parts });
  if (!to.ok) errors.push({ field: "to", message: to.message, parts: to.parts });
  const fromIso = from.ok ? from.iso : null;
  const toIso = to.ok ? to.iso : null;
  if (fromIso && toIso && toIso < fromIso) errors.push({ field: "to", message: "The date to must be the same as or after the date from", parts: [] });
  return { ...range, fromIso, toIso, errors };
}

/** Writes the date range's boxes into a filter's query string, leaving empty boxes out. */
export function setDateRange(params: URLSearchParams, range: { from: DateParts; to: DateParts }): void {
  for (const [name, parts] of [["from", range.from], ["to", range.to]] as const) {
    for (const part of PARTS) if (parts[part]) params.set(`${name}.${part}`, parts[part]);
  }
}
