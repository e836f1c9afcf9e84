/**
 * The funding evidence link (issue 9), client-safe: the checklist item about staff training, how far back a
 * record counts, and how a cited record stands.
 */

/** The evidence checklist's item about staff training (db/migrations/2026-11-29T2000_funding.ts). */
export const TRAINING_EVIDENCE_KEY = "staff-training";

/** "Relevant staff have been trained in the last two years." */
export const TRAINING_RECORD_YEARS = 2;

/** A cited record: it counts (attended, this school, within two years); no such attendance; attended too long ago. */
export type CitationStatus = "confirmed" | "not_found" | "too_old";

export const CITATION_STATUS_LABELS: Record<CitationStatus, string> = {
  confirmed: "Confirmed",
  not_found: "Not found: attendance not recorded",
  too_old: "Not confirmed: more than two years ago",
};
