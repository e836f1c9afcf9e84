import { LIFT_CITATIONS } from "../stls/funding-evidence.server.ts";
import { TRAINING_CITATIONS } from "../training/funding-evidence.server.ts";
import { type CitationKind, carryCitations } from "./evidence-citations.server.ts";
import type { CitingRequest } from "./evidence-citations.server.ts";
import type { Trx } from "./store.server.ts";

/** Every kind of record a funding request's evidence cites (ADR 41: staff training; ADR 46: LIFT and STLS). */
export const EVIDENCE_CITATIONS: readonly CitationKind[] = [TRAINING_CITATIONS, LIFT_CITATIONS];

/** "Apply again": every kind's citations that still count are carried to the new draft. */
export async function carryEvidenceCitations(trx: Trx, from: CitingRequest, toId: number, now: Date = new Date()): Promise<void> {
  for (const kind of EVIDENCE_CITATIONS) await carryCitations(trx, kind, from, toId, now);
}
