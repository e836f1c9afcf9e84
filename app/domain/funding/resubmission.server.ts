import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { lastChangeOf } from "../audit/audit.server.ts";
import { formatPence } from "../money.ts";
import type { ChangeDescription } from "../workflow/resubmission.server.ts";
import { FUNDING_STATUS_LABELS, type FundingStatus } from "./funding.schema.ts";

/**
 * The resubmission rule (app/domain/workflow/resubmission.server.ts) for funding requests: what happened to a
 * request meanwhile, in the words of its timeline. (A step's digest and its match are the engine's.)
 */

type DB = Kysely<Database>;

/** What each change on a request's audit trail did, from the request's side. */
const DID: Record<string, string> = {
  "funding_request.create": "the draft was started",
  "funding_request.update": "the draft was saved",
  "funding_request.sent_to_headteacher": "it was sent to the headteacher for sign-off",
  "funding_request.returned": "it was returned to the SENCO",
  "funding_request.signed_off": "it was signed off and sent to the council",
  "funding_request.review_started": "its review was started",
  "funding_request.information_requested": "more information was asked of the school",
  "funding_request.withdrawn": "it was withdrawn",
};
const DECIDED = ["funding_request.decided", "funding_request.corrected"];

const OUTCOMES: Record<string, string> = { approved: "approved", partly_approved: "partly approved", declined: "declined" };

/** The decision a request has now, e.g. "partly approved for £3,000.00" or "declined". */
async function decisionNow(db: DB, fundingRequestId: number): Promise<string> {
  const decision = await db
    .selectFrom("funding_decisions")
    .select(["outcome", "awarded_pence"])
    .where("funding_request_id", "=", fundingRequestId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!decision) return "decided";
  const outcome = OUTCOMES[decision.outcome] ?? decision.outcome;
  return decision.outcome === "declined" ? outcome : `${outcome} for ${formatPence(decision.awarded_pence)}`;
}

/**
 * The last change to a request, for the refusal of a form sent against an old version: "it was partly approved
 * for £3,000.00", "the draft was saved", with who did it and when.
 */
export async function lastFundingChange(db: DB, fundingRequestId: number, status: FundingStatus): Promise<ChangeDescription> {
  const last = await lastChangeOf(db, { type: "funding_request", id: fundingRequestId }, [...Object.keys(DID), ...DECIDED]);
  if (!last) return { did: `it is now ${FUNDING_STATUS_LABELS[status].toLowerCase()}` };
  let did = DID[last.action];
  if (last.action === "funding_request.decided") did = `it was ${await decisionNow(db, fundingRequestId)}`;
  if (last.action === "funding_request.corrected") did = `its decision was corrected to ${await decisionNow(db, fundingRequestId)}`;
  return { did: did ?? "it was changed", changed: { userId: last.userId, at: last.at } };
}
