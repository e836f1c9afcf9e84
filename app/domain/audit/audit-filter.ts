import { type DateParts, type DateRangeReading, readDateRange, setDateRange } from "../date-parts.ts";
import { AUDIT_ACTION_WORDS, AUDIT_SUBJECT_WORDS } from "./audit-words.ts";
import { ownEntry } from "../lookup.ts";

/** The admin's audit log filter, read from the query string. Zod-free: the page shares it. */
export interface AuditFilter {
  /** Part of a person's name or email. */
  person: string;
  action: string;
  subjectType: string;
  /** The record's number, or a funding request's reference. */
  subject: string;
  from: DateParts;
  to: DateParts;
  page: number;
}

export interface AuditFilterReading {
  filter: AuditFilter;
  /** The dates as ISO dates (from the start of `from` to the end of `to`, London days), when they are real. */
  fromIso: string | null;
  toIso: string | null;
  errors: DateRangeReading["errors"];
}

export function readAuditFilter(params: URLSearchParams): AuditFilterReading {
  const range = readDateRange(params);
  const text = (name: string, max: number) => (params.get(name) ?? "").trim().slice(0, max);
  const action = text("action", 80);
  const subjectType = text("subjectType", 40);
  const page = Number(params.get("page"));
  const filter: AuditFilter = {
    person: text("person", 120),
    action: ownEntry(AUDIT_ACTION_WORDS, action) ? action : "",
    subjectType: ownEntry(AUDIT_SUBJECT_WORDS, subjectType) ? subjectType : "",
    subject: text("subject", 40),
    from: range.from,
    to: range.to,
    page: Number.isSafeInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
  return { filter, fromIso: range.fromIso, toIso: range.toIso, errors: range.errors };
}

/** The query string for a page of the log under a filter: every filter kept, defaults left out. */
export function auditLogHref(filter: AuditFilter, page: number): string {
  const params = new URLSearchParams();
  const add = (name: string, value: string | undefined) => {
    if (value) params.set(name, value);
  };
  add("person", filter.person);
  add("action", filter.action);
  add("subjectType", filter.subjectType);
  add("subject", filter.subject);
  setDateRange(params, filter);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/admin/audit${query ? `?${query}` : ""}`;
}
