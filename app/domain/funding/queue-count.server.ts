import type { Actor } from "../access/access.server.ts";
import { fundingRequestCountInReach } from "../access/scopes.server.ts";
import { isFundingStatus } from "./funding.schema.ts";
import { DECIDABLE, WITHDRAWABLE } from "./funding.workflow.ts";
import type { FundingSelection } from "./queue.server.ts";
import type { DB } from "./store.server.ts";
import { known, knownList } from "../plan-constants.server.ts";

/**
 * How many requests a list's filters select, read from the counts the database keeps per school, status and
 * whether the request has reached the council (funding_request_counts, ADR 56), instead of counting every request
 * the filters select. Those counts hold the filters by status and district, under the actor's reach
 * (fundingRequestCountInReach), so for those the figure is a sum of at most a few thousand rows. Any other filter (a scheme, an age, who has it, when it is due, a search) selects
 * fewer requests, and is counted the ordinary way: `undefined` here. So are requests still moving (a draft, with the
 * headteacher, waiting for the council, back with the school: the statuses a request can still be withdrawn from):
 * they are the few hundred of today's work, counted from the queue's index (0.15 ms at Kent's size) faster than
 * their counts are summed from a table every change rewrites (0.7-1.3 ms, bench/README.md, ADR 66).
 */
export function keptFundingCount(db: DB, actor: Actor, selection: FundingSelection) {
  const { filter, schemeId, statuses } = selection;
  if (schemeId !== undefined || filter.age || filter.assigned || filter.due || filter.q) return undefined;
  if (statuses.every((s) => STILL_MOVING.includes(s))) return undefined;
  let counts = db.selectFrom("funding_request_counts").where(fundingRequestCountInReach(actor));
  // The same statuses and district as selectFundingRequests chose.
  if (filter.status === "awaiting_decision") counts = counts.where("funding_request_counts.status", "in", knownList(DECIDABLE));
  else if (isFundingStatus(filter.status)) counts = counts.where("funding_request_counts.status", "=", known(filter.status));
  if (filter.district) counts = counts.where("funding_request_counts.school_id", "in", schoolsOfDistrict(db, filter.district));
  return counts.select((sum) => sum.fn.sum<number | string>("funding_request_counts.n").as("n"));
}
/** The statuses a request can still leave: today's work, not the history. */
const STILL_MOVING: readonly string[] = WITHDRAWABLE;

/** The ids of a district's schools, by the district's code: the queue's district filter, on requests or on their counts. */
export function schoolsOfDistrict(db: DB, code: string) {
  return db.selectFrom("schools").innerJoin("districts", "districts.id", "schools.district_id").select("schools.id").where("districts.code", "=", code);
}
