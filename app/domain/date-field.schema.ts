import { z } from "zod";
import { isIsoDate } from "./financial-year.ts";
import { type DatePart, type DateParts, readDateParts } from "./date-parts.ts";

/**
 * A form's date, entered in the GOV.UK date input (`name.day`, `name.month`, `name.year`), read by the one
 * reader (`readDateParts`) and turned into an ISO date ("2026-09-01"). Client-safe.
 *
 * A whole date in one piece is read too: in the field itself (`name=2026-09-01`, as forms drawn before the
 * date input, API clients and tests send it) or pasted into the Day box with Month and Year left empty
 * ("14/03/2019" copied from the school's MIS). Such a date is kept exactly as typed when the form is refused.
 */

/** What was sent for a date field: the three boxes, or a whole date in one piece. */
export function sentDateParts(value: unknown): DateParts {
  if (typeof value === "string") return { day: value };
  if (value && typeof value === "object") {
    const { day, month, year } = value as Record<string, unknown>;
    const text = (part: unknown) => (typeof part === "string" ? part : undefined);
    return { day: text(day), month: text(month), year: text(year) };
  }
  return {};
}

/** "2026-09-01" or "1/9/2026" (the UK order): the ISO date, or null when it is not a whole real date. */
export function readWholeDate(value: string): string | null {
  const text = value.trim();
  if (isIsoDate(text)) return text;
  const parts = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!parts) return null;
  const iso = `${parts[3]}-${parts[2]!.padStart(2, "0")}-${parts[1]!.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/** What a form sends for a date field. */
export type DateFieldInput = string | DateParts | undefined;

export type DateFieldReading = { ok: true; iso: string | null } | { ok: false; message: string; parts: DatePart[] };

/**
 * Reads a date field as sent. `label` is how messages name it ("date of birth": "Date of birth must include a
 * month"); `missing` is the message when every box is empty and the date is required.
 */
export function readDateField(value: unknown, label: string, options: { required: boolean; missing: string }): DateFieldReading {
  const parts = sentDateParts(value);
  const day = parts.day?.trim() ?? "";
  const rest = `${parts.month ?? ""}${parts.year ?? ""}`.trim();
  if (day === "" && rest === "") return options.required ? { ok: false, message: options.missing, parts: ["day", "month", "year"] } : { ok: true, iso: null };
  // A whole date in the Day box (or in the field itself).
  if (rest === "" && /\D/.test(day)) {
    const iso = readWholeDate(day);
    if (iso) return { ok: true, iso };
    return { ok: false, message: `${label.charAt(0).toUpperCase()}${label.slice(1)} must be a real date`, parts: ["day"] };
  }
  return readDateParts(parts, label, { required: options.required });
}

/**
 * The zod field for a date entered in the GOV.UK date input: the ISO date, or undefined when optional and empty.
 * Issues are raised on the field itself, so the error summary links to its Day box (whose id is the field's).
 */
export function dateField(label: string, missing: string): z.ZodType<string, DateFieldInput>;
export function dateField(label: string, missing: string, options: { optional: true }): z.ZodType<string | undefined, DateFieldInput>;
export function dateField(label: string, missing: string, options?: { optional: true }): z.ZodType<string | undefined, DateFieldInput> {
  return z.custom<DateFieldInput>(() => true).optional().transform((value, ctx) => {
    const reading = readDateField(value, label, { required: !options?.optional, missing });
    if (!reading.ok) {
      ctx.addIssue({ code: "custom", message: reading.message });
      return z.NEVER;
    }
    return reading.iso ?? undefined;
  });
}
