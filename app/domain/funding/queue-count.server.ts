import type { Actor } from "../access/access.server.ts";
import { fundingRequestCountInReach } from "../access/scopes.server.ts";
import { isFundingStatus } from "./funding.schema.ts";
import { DECIDABLE } from "./funding.workflow.ts";
import type { FundingSelection } from "./queue.server.ts";
import type { DB } from "./store.server.ts";

/**
 * How many requests a list's filters select, read from the counts the database keeps per school, status and
 * whether the request has reached the council (funding_request_counts, ADR 56), instead of counting every request
 * the filters select. Those counts hold the filters by status and district, under the actor's reach
 * (fundingRequestCountInReach), so for those the figure is a sum of at most a few thousand rows. Any other filter (a scheme, an age, who has it, when it is due, a search) selects
 * fewer requests, and is counted the ordinary way: `undefined` here.
 */
export function keptFundingCount(db: DB, actor: Actor, selection: FundingSelection) {
  const { filter, schemeId } = selection;
  if (schemeId !== undefined || filter.age || filter.assigned || filter.due || filter.q) return undefined;
  let counts = db.selectFrom("funding_request_counts").where(fundingRequestCountInReach(actor));
  // The same statuses and district as selectFundingRequests chose.
  if (filter.status === "awaiting_decision") counts = counts.where("funding_request_counts.status", "in", [...DECIDABLE]);
  else if (isFundingStatus(filter.status)) counts = counts.where("funding_request_counts.status", "=", filter.status);
  if (filter.district) counts = counts.where("funding_request_counts.school_id", "in", schoolsOfDistrict(db, filter.district));
  return counts.select((sum) => sum.fn.sum<number | string>("funding_request_counts.n").as("n"));
}
/** The ids of a district's schools, by the district's code: the queue's district filter, on requests or on their counts. */
export function schoolsOfDistrict(db: DB, code: string) {
  return db.selectFrom("schools").innerJoin("districts", "districts.id", "schools.district_id").select("schools.id").where("districts.code", "=", code);
}
