/**
 * LIFT and STLS as a funding request's evidence (issue 10, ADR 46), client-safe: which checklist items are about
 * LIFT, how a cited record is named in the form, and how it stands when shown.
 */

/**
 * A checklist item about LIFT: its key is "lift" or starts "lift-" (the High Needs Funding scheme's "lift-advice"
 * and "lift-recommendations"; an item a council adds, "LIFT advice has been sought", is keyed
 * "lift-advice-has-been-sought" by schemes.server.ts's slugKey, and is about LIFT too).
 */
export function isLiftEvidenceKey(key: string): boolean {
  return key === "lift" || key.startsWith("lift-");
}

export function asksForLift(checklist: { key: string }[]): boolean {
  return checklist.some((item) => isLiftEvidenceKey(item.key));
}

export type LiftCitedKind = "outcome" | "visit";

/** A cited record as the form names it: "outcome-12", "visit-34". */
export function liftCitationKey(kind: LiftCitedKind, id: number): string {
  return `${kind}-${id}`;
}

/** The record a form value names, or null when it is not one's shape. */
export function readLiftCitationKey(key: string): { kind: LiftCitedKind; id: number } | null {
  const match = /^(outcome|visit)-([1-9]\d{0,8})$/.exec(key);
  return match ? { kind: match[1] as LiftCitedKind, id: Number(match[2]) } : null;
}

/** A cited record: it is the pupil's (an outcome of their referral, a visit done); or not found as such today. */
export type LiftCitationStatus = "confirmed" | "not_found";

export const LIFT_CITATION_STATUS_LABELS: Record<LiftCitationStatus, string> = {
  confirmed: "Confirmed",
  not_found: "Not found: no longer recorded for this pupil",
};
