import { type Actor, requirePermission } from "../access/access.server.ts";
import { fundingRequestInReach } from "../access/scopes.server.ts";
import { auditedRead } from "../audit/audited-read.server.ts";
import type { CitationKind, CitingRequest } from "../funding/evidence-citations.server.ts";
import { checklistOf } from "../funding/store.server.ts";
import { type LiftCitationStatus, type LiftCitedKind, asksForLift, liftCitationKey, readLiftCitationKey } from "./funding-evidence.ts";
import { type DB, type LiftOutcomeView, type StlsVisitView, outcomeRows, toOutcomeView, toVisitView, visitRows } from "./support-records.server.ts";

/**
 * A funding request about a pupil, and what LIFT and the STLS did for them (issue 10, ADR 46): the outcomes of the
 * pupil's LIFT referrals (by the request's school) and the specialist visits done, with their notes. The officer
 * deciding reads them on the request; the SENCO cites them in the evidence about LIFT; the headteacher and officer
 * see each cited record with whether it is still the pupil's. Everything is read through the funding request: the
 * council reaches the pupil only through a request that reached it (fundingRequestInReach), never the referrals.
 */

export interface LiftRecords {
  outcomes: LiftOutcomeView[];
  /** Visits and clinic bookings done (the specialist's note written). */
  visits: StlsVisitView[];
}

const NONE: LiftRecords = { outcomes: [], visits: [] };

/**
 * The records of the request's pupil at the request's school that the request may cite (and the officer reads):
 * outcomes of the pupil's sent referrals, visits done with a note. `only`: just these keys. The request is one the
 * caller reached already (the evidence page's draft, a locked row, a request read under fundingRequestInReach).
 */
export async function liftRecordsOf(db: DB, request: CitingRequest, only?: string[]): Promise<LiftRecords> {
  if (request.pupilId === null || only?.length === 0) return NONE;
  const wanted = only?.map(readLiftCitationKey).filter((k) => k !== null);
  const ids = (kind: LiftCitedKind) => wanted?.filter((k) => k.kind === kind).map((k) => k.id);
  const outcomeIds = ids("outcome");
  const visitIds = ids("visit");
  const pupilId = request.pupilId;
  const [outcomes, visits] = await Promise.all([
    outcomeIds?.length === 0
      ? []
      : outcomeRows(db)
          .where("lift_referrals.pupil_id", "=", pupilId)
          .where("lift_referrals.school_id", "=", request.schoolId)
          .where("lift_referrals.status", "in", ["sent", "outcome"])
          .$if(outcomeIds !== undefined, (q) => q.where("lift_outcomes.id", "in", outcomeIds!))
          .orderBy("lift_meetings.starts_at")
          .orderBy("lift_outcomes.id")
          .limit(100)
          .execute(),
    visitIds?.length === 0
      ? []
      : visitRows(db)
          .where((eb) => eb.or([eb("stls_visits.pupil_id", "=", pupilId), eb("involved_referral.pupil_id", "=", pupilId)]))
          .where("stls_visits.school_id", "=", request.schoolId)
          .where("stls_visits.status", "=", "done")
          .$if(visitIds !== undefined, (q) => q.where("stls_visits.id", "in", visitIds!))
          .orderBy("stls_slots.starts_at")
          .orderBy("stls_visits.id")
          .limit(100)
          .execute(),
  ]);
  return { outcomes: outcomes.map(toOutcomeView), visits: visits.map(toVisitView) };
}

const keysOf = (records: LiftRecords) => [
  ...records.outcomes.map((o) => liftCitationKey("outcome", o.id)),
  ...records.visits.map((v) => liftCitationKey("visit", v.id)),
];

async function citedKeys(db: DB, fundingRequestId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("funding_request_lift_citations")
    .select(["lift_outcome_id", "stls_visit_id"])
    .where("funding_request_id", "=", fundingRequestId)
    .orderBy("id")
    .execute();
  return rows.map((r) => (r.lift_outcome_id !== null ? liftCitationKey("outcome", r.lift_outcome_id) : liftCitationKey("visit", r.stls_visit_id!)));
}

/** Citing the pupil's LIFT outcomes and visits (the shared machinery: funding/evidence-citations.server.ts). */
export const LIFT_CITATIONS: CitationKind = {
  field: "liftCitations",
  shownField: "liftCitationsShown",
  max: 50,
  asks: asksForLift,
  wellFormed: (key) => readLiftCitationKey(key) !== null,
  saved: citedKeys,
  async citable(db, request, keys) {
    return keysOf(await liftRecordsOf(db, request, keys));
  },
  async replace(trx, fundingRequestId, keys) {
    await trx.deleteFrom("funding_request_lift_citations").where("funding_request_id", "=", fundingRequestId).execute();
    const rows = keys.map(readLiftCitationKey).filter((k) => k !== null);
    if (rows.length === 0) return;
    await trx
      .insertInto("funding_request_lift_citations")
      .values(
        rows.map((k) => ({
          funding_request_id: fundingRequestId,
          lift_outcome_id: k.kind === "outcome" ? k.id : null,
          stls_visit_id: k.kind === "visit" ? k.id : null,
        })),
      )
      .execute();
  },
  messages: {
    tooMany: "Cite 50 LIFT outcomes and visits or fewer",
    notFromList: "Select LIFT outcomes and visits from the list",
    refused: "Only this pupil's LIFT outcomes and specialist visits done can be cited: select them from the list",
    changed: "The request changed while you were working on it: tick the LIFT outcomes and visits again",
  },
  audit: { action: "funding_request.lift_cited", detail: (keys) => ({ evidence: "lift", records: keys }) },
};

/**
 * The evidence section's LIFT records, for a draft the SENCO has already been shown (its id from their reach): the
 * pupil's outcomes and visits done, and which of them are cited now.
 */
export async function liftRecordsFor(db: DB, fundingRequestId: number): Promise<LiftRecords & { cited: string[]; pupilChosen: boolean }> {
  const row = await db.selectFrom("funding_requests").select(["school_id", "pupil_id"]).where("id", "=", fundingRequestId).executeTakeFirstOrThrow();
  const request: CitingRequest = { id: fundingRequestId, schoolId: row.school_id, pupilId: row.pupil_id };
  const [records, cited] = await Promise.all([liftRecordsOf(db, request), citedKeys(db, fundingRequestId)]);
  return { ...records, cited, pupilChosen: row.pupil_id !== null };
}
export type LiftRecordsForm = Awaited<ReturnType<typeof liftRecordsFor>>;

export interface CitedLiftRecord {
  key: string;
  kind: LiftCitedKind;
  status: LiftCitationStatus;
  /** The record, when it is still the pupil's: anything else is never shown. */
  outcome: LiftOutcomeView | null;
  visit: StlsVisitView | null;
}

export interface LiftSupportOfRequest extends LiftRecords {
  /** The records the request cites, with whether each still counts; null when its scheme does not ask about LIFT. */
  cited: CitedLiftRecord[] | null;
}

/**
 * A request's LIFT support for its pages (request, decision, check answers), read through the request under the
 * actor's reach (fundingRequestInReach): the pupil's outcomes and visits done, and the citations. Null for a
 * request about no pupil. Reading it is reading the pupil's record: audited, naming the request it came through.
 */
export async function liftSupportOfFundingRequest(db: DB, actor: Actor, reference: string, requestId: string): Promise<LiftSupportOfRequest | null> {
  requirePermission(actor, "funding:view");
  const request = await db
    .selectFrom("funding_requests")
    .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
    .select(["funding_requests.id", "funding_requests.school_id", "funding_requests.pupil_id", "funding_schemes.evidence_checklist"])
    .where("funding_requests.reference", "=", reference)
    .where(fundingRequestInReach(actor))
    .executeTakeFirst();
  if (!request || request.pupil_id === null) return null;
  const citing: CitingRequest = { id: request.id, schoolId: request.school_id, pupilId: request.pupil_id };
  const asks = asksForLift(checklistOf(request.evidence_checklist));
  const [records, cited] = await auditedRead(
    db,
    (db) => Promise.all([liftRecordsOf(db, citing), asks ? citedKeys(db, request.id) : Promise.resolve(null)]),
    () => [{ actor, action: "pupil.view", subjectType: "pupil", subjectId: request.pupil_id!, requestId, detail: { via: reference, records: "lift_support" } }],
  );
  const outcomes = new Map(records.outcomes.map((o) => [liftCitationKey("outcome", o.id), o]));
  const visits = new Map(records.visits.map((v) => [liftCitationKey("visit", v.id), v]));
  return {
    ...records,
    cited:
      cited?.map((key): CitedLiftRecord => {
        const outcome = outcomes.get(key) ?? null;
        const visit = visits.get(key) ?? null;
        return { key, kind: key.startsWith("outcome-") ? "outcome" : "visit", status: outcome || visit ? "confirmed" : "not_found", outcome, visit };
      }) ?? null,
  };
}
