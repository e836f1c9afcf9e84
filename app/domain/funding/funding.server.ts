/**
 * The funding area's use-cases, as routes and the benchmark call them (ADR 20): each module does one thing.
 * - requests.server.ts: the schemes to choose from, starting a request, its draft;
 * - transitions.server.ts: the steps of funding.workflow.ts, run by the workflow engine;
 * - queries.server.ts: one request as the actor may see it (audited);
 * - queue.server.ts: a school's list and the council's queue;
 * - renewal.server.ts: "Apply again", a new draft pre-filled from an award; duplicates.server.ts: one pupil, one
 *   request under a scheme for any stretch of time;
 * - store.server.ts: how a request is stored, for the engine and the modules above;
 * - decision-check.server.ts: a decision's check page and its confirmation; letters.server.ts, letter-pdf.server.ts:
 *   decision letters; reviews.server.ts, reviews-list.server.ts: an award's reviews.
 */
export { type SchemeOption, getDraft, listActiveSchemes, referenceParam, saveDraft, startRequest } from "./requests.server.ts";
export { newIdempotencyKey } from "../references.server.ts";
export { type DecisionForm, askForInformation, decide, getDecisionForm, returnToSenco, sendToHeadteacher, signOff, startReview, withdraw } from "./transitions.server.ts";
export { type FundingRequestDetail, getFundingRequest } from "./queries.server.ts";
export { type FundingList, type FundingListFilter, type FundingListRow, listFundingRequests } from "./queue.server.ts";
export { type RenewalPage, getRenewal, renewRequest } from "./renewal.server.ts";
export { type DecisionCheck, type DecisionMade, checkDecision, getDecisionMade } from "./decision-check.server.ts";
export { type DecisionLetter, getDecisionLetter } from "./letters.server.ts";
export { letterPdf } from "./letter-pdf.server.ts";
export { recordReview } from "./reviews.server.ts";
export { type ReviewDetail, type ReviewListRow, getReview, listReviews } from "./reviews-list.server.ts";
