import { formatLondonSpan } from "../../components/format.ts";
import { REFERRAL_STATUS_LABELS, type ReferralStatus } from "./referrals.workflow.ts";

/** How LIFT meetings are put in words on every page (ADR 43). Client-safe. */

/** "19 January 2027, 9:30 am to 12:00 pm". */
export function meetingWhen(startsAt: string | Date, endsAt: string | Date): string {
  return formatLondonSpan(startsAt, endsAt);
}

/** "Maidstone STLS base", "Online", or "Maidstone STLS base and online". */
export function meetingWhere(venue: string | null, online: boolean | string | null): string {
  return [venue, online ? "online" : null].filter(Boolean).join(" and ").replace(/^online$/, "Online") || "To be confirmed";
}

/** "2 sent to LIFT, 1 outcome recorded" (drafts are the school's own and never counted here). */
export function countsWords(counts: Record<ReferralStatus, number>): string {
  const parts = (["sent", "outcome", "withdrawn"] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${REFERRAL_STATUS_LABELS[s].toLowerCase()}`);
  return parts.length > 0 ? parts.join(", ") : "No referrals";
}
