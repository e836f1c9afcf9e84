import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, can } from "../access/access.server.ts";
import { fundingRequestInReach, reachesFromOutsideSchools } from "../access/scopes.server.ts";
import { FUNDING_STATUS_LABELS, type FundingStatus } from "./funding.schema.ts";
import { DECIDABLE } from "./funding.workflow.ts";
import { knownList } from "../plan-constants.server.ts";

type DB = Kysely<Database>;

/** A school's requests that are still moving, in the order they move. */
const OPEN_STATUSES = ["draft", "awaiting_headteacher", "submitted", "in_review", "more_information_needed"] as const satisfies FundingStatus[];

/** The funding area's part of the home page: a school's requests that need someone, or what waits for the council. */
export type FundingSummary =
  | { kind: "school"; funding: { status: string; label: string; count: number }[] }
  | { kind: "council"; queue: { waiting: number; oldestDays: number | null } }
  | null;

export async function fundingSummary(db: DB, actor: Actor, now = Date.now()): Promise<FundingSummary> {
  if (!can(actor, "funding:view")) return null;
  if (reachesFromOutsideSchools(actor)) {
    const queue = await db
      .selectFrom("funding_requests")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("submitted_at").as("oldest")])
      .where(fundingRequestInReach(actor))
      .where("status", "in", knownList(DECIDABLE))
      .executeTakeFirstOrThrow();
    return {
      kind: "council",
      queue: { waiting: Number(queue.n), oldestDays: queue.oldest ? Math.floor((now - new Date(queue.oldest).getTime()) / 86_400_000) : null },
    };
  }
  const counts = await db
    .selectFrom("funding_requests")
    .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
    .where(fundingRequestInReach(actor))
    .where("status", "in", knownList(OPEN_STATUSES))
    .groupBy("status")
    .execute();
  return {
    kind: "school",
    funding: OPEN_STATUSES.map((status) => ({ status, label: FUNDING_STATUS_LABELS[status], count: Number(counts.find((c) => c.status === status)?.n ?? 0) })),
  };
}
