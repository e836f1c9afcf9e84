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
