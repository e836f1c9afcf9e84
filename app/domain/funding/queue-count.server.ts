import type { ExpressionBuilder } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { reachOf } from "../access/scopes.server.ts";
import { isFundingStatus } from "./funding.schema.ts";
import { DECIDABLE } from "./funding.workflow.ts";
import type { FundingSelection } from "./queue.server.ts";

/**
 * How many requests a list's filters select, read from the counts the database keeps per school, status and
 * whether the request has reached the council (funding_request_counts, ADR 56), instead of counting every request
 * the filters select. Those counts hold the filters by status and district and the two reaches a funding list is
 * read with (a school's own requests; the council's, every request sent to it), so for those the figure is a sum
 * of at most a few thousand rows. Any other filter (a scheme, an age, who has it, when it is due, a search) selects
 * fewer requests, and is counted the ordinary way: `undefined` here.
 */
export function keptFundingCount(actor: Actor, selection: FundingSelection) {
  const { filter } = selection;
  if (/^\d{1,9}$/.test(filter.scheme) || filter.age || filter.assigned || filter.due || filter.q) return undefined;
  const reach = reachOf(actor);
  if (reach !== "county" && reach !== "own_school") return undefined;
  return (eb: ExpressionBuilder<Database, never>) => {
    let counts = eb.selectFrom("funding_request_counts");
    // The same reach as fundingRequestInReach: the council's, every request that has reached it; a school's, its own.
    counts =
      reach === "county"
        ? counts.where("funding_request_counts.reached_council", "=", true)
        : counts.where("funding_request_counts.school_id", "in", actor.schoolIds.length > 0 ? actor.schoolIds : [-1]);
    // The same statuses as selectFundingRequests chose.
    if (filter.status === "awaiting_decision") counts = counts.where("funding_request_counts.status", "in", [...DECIDABLE]);
    else if (isFundingStatus(filter.status)) counts = counts.where("funding_request_counts.status", "=", filter.status);
    if (filter.district) {
      counts = counts.where("funding_request_counts.school_id", "in", (sub) =>
        sub.selectFrom("schools").innerJoin("districts", "districts.id", "schools.district_id").select("schools.id").where("districts.code", "=", filter.district),
      );
    }
    return counts.select((sum) => sum.fn.sum<number | string>("funding_request_counts.n").as("n"));
  };
}
