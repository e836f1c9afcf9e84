import type { FundingStatus } from "./funding.schema.ts";

/**
 * Renewal (issue 8; Kent's HNF rules: an award lasts a year and the school re-applies annually). Near an award's end
 * the school can "Apply again": a new draft, with its own reference, pre-filled from the request it renews. Client-
 * safe: the request page's link and the renewal page say the same as the server that refuses.
 */

/** How long before an award ends the school may apply again. */
export const RENEWAL_WINDOW_MONTHS = 3;

/** The first day the school may apply again for an award ending on `awardEnd` (ISO dates). */
export function renewableFrom(awardEnd: string): string {
  const [y, m, d] = awardEnd.split("-").map(Number) as [number, number, number];
  const month = m - RENEWAL_WINDOW_MONTHS;
  const date = new Date(Date.UTC(y, month - 1, 1));
  // The same day of the month, or the month's last day when it has fewer (31 May -> 28 or 29 February).
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(d, last));
  return date.toISOString().slice(0, 10);
}

export interface RenewalFacts {
  status: FundingStatus;
  awardEnd: string | null;
  /** The request that renews it already, if any. */
  renewedBy: string | null;
}

/** Why this request cannot be renewed today; null when it can. */
export function renewalRefusal(request: RenewalFacts, today: string, formatDate: (iso: string) => string): string | null {
  if (request.status === "declined") return "This request was declined, so it cannot be renewed: start a new request instead";
  if (request.status === "withdrawn") return "This request was withdrawn, so it cannot be renewed: start a new request instead";
  if (request.status !== "approved" && request.status !== "partly_approved") return "Only an award can be renewed: this request has not been approved";
  if (request.renewedBy) return `This award has already been renewed: the new request is ${request.renewedBy}`;
  if (!request.awardEnd) return "This award has no end date, so it cannot be renewed";
  const from = renewableFrom(request.awardEnd);
  if (today < from) return `You can apply again from ${formatDate(from)}, ${RENEWAL_WINDOW_MONTHS} months before the award ends on ${formatDate(request.awardEnd)}`;
  return null;
}
