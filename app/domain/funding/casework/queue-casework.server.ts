import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "../../../../db/types.ts";
import type { Actor } from "../../access/access.server.ts";
import { londonToday } from "../../financial-year.ts";
import { FUNDING_STATUSES } from "../funding.schema.ts";
import { DECIDABLE } from "../funding.workflow.ts";
import type { DB } from "../store.server.ts";
import { holidaysAndAreas } from "./areas.server.ts";
import { DEFAULT_QUEUE_SORT, type QueueSort, type SortDirection } from "./queue-options.ts";
import { dueSoonLimit } from "./service-level.ts";

/**
 * The council queue's casework (ADR 30) in SQL: the "assigned" and "due" filters, the search by reference,
 * school name or URN, and the order by any column. queue.server.ts applies them to the requests the actor reaches.
 */

type Selected = SelectQueryBuilder<Database, "funding_requests", any>;

export interface CaseworkFilter {
  assigned: "" | "me" | "none";
  due: "" | "overdue" | "soon";
  q: string;
  sort: QueueSort;
  dir: SortDirection;
}

/** What the queue's tags and filters are read against: today, the last "due soon" day, the officer's areas. */
export interface CaseworkContext {
  today: string;
  soonLimit: string;
  areas: string[];
}

export async function caseworkContext(db: DB, actor: Actor, now: Date): Promise<CaseworkContext> {
  const today = londonToday(now);
  const { holidays, areas } = await holidaysAndAreas(db, actor.userId);
  return { today, soonLimit: dueSoonLimit(today, holidays), areas };
}

/** `%`, `_` and `\` typed in a search are matched as themselves. */
function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function filterCasework<Q extends Selected>(selected: Q, actor: Actor, filter: CaseworkFilter, context: CaseworkContext): Q {
  let q: Selected = selected;
  if (filter.assigned === "me") q = q.where("funding_requests.assigned_to", "=", actor.userId);
  else if (filter.assigned === "none") q = q.where("funding_requests.assigned_to", "is", null);
  if (filter.due) {
    q = q.where("funding_requests.status", "in", [...DECIDABLE]);
    if (filter.due === "overdue") q = q.where("funding_requests.due_on", "<", context.today);
    else q = q.where("funding_requests.due_on", ">=", context.today).where("funding_requests.due_on", "<=", context.soonLimit);
  }
  if (filter.q) {
    const text = filter.q;
    q = q.where((eb) =>
      eb.or([
        eb("funding_requests.reference", "like", `${likeEscaped(text.toUpperCase())}%`),
        eb(
          "funding_requests.school_id",
          "in",
          eb
            .selectFrom("schools")
            .select("schools.id")
            .where((s) => s.or([s("schools.name", "ilike", `%${likeEscaped(text)}%`), s("schools.urn", "=", text)])),
        ),
      ]),
    );
  }
  return q as Q;
}

/** The expression a column sorts by. Names come from the row's school, district, scheme and assigned officer. */
function sortExpression(eb: ExpressionBuilder<Database, "funding_requests">, sort: QueueSort): Expression<unknown> {
  switch (sort) {
    case "reference":
      return eb.ref("funding_requests.reference");
    case "school":
      return eb.selectFrom("schools").select("schools.name").whereRef("schools.id", "=", "funding_requests.school_id");
    case "district":
      return eb
        .selectFrom("schools")
        .innerJoin("districts", "districts.id", "schools.district_id")
        .select("districts.name")
        .whereRef("schools.id", "=", "funding_requests.school_id");
    case "scheme":
      return eb.selectFrom("funding_schemes").select("funding_schemes.name").whereRef("funding_schemes.id", "=", "funding_requests.scheme_id");
    case "requested":
      return eb.ref("funding_requests.amount_requested_pence");
    case "status":
      // In the workflow's order (draft ... withdrawn), not the alphabet's.
      return sql`array_position(${sql.val([...FUNDING_STATUSES])}::text[], ${eb.ref("funding_requests.status")})`;
    case "due":
      return eb.ref("funding_requests.due_on");
    case "assigned":
      return eb.selectFrom("users").select("users.display_name").whereRef("users.id", "=", "funding_requests.assigned_to");
    case "waiting":
      return eb.ref("funding_requests.submitted_at");
  }
}

/** The queue in the chosen order (empty values last either way), then by id, so pages never overlap. */
export function orderCasework<Q extends Selected>(q: Q, filter: Pick<CaseworkFilter, "sort" | "dir">): Q {
  const { sort, dir } = filter;
  return (q as Selected)
    .orderBy((eb) => sortExpression(eb as ExpressionBuilder<Database, "funding_requests">, sort) as any, (ob) => (dir === "desc" ? ob.desc().nullsLast() : ob.asc().nullsLast()))
    .orderBy("funding_requests.id", dir) as Q;
}

/** The casework fields as the queue reads them from its filter (unknown values already dropped by the schema). */
export function caseworkFilterOf(filter: { assigned?: string; due?: string; q?: string; sort?: QueueSort; dir?: SortDirection }): CaseworkFilter {
  const sort = filter.sort ?? DEFAULT_QUEUE_SORT.sort;
  return {
    assigned: filter.assigned === "me" || filter.assigned === "none" ? filter.assigned : "",
    due: filter.due === "overdue" || filter.due === "soon" ? filter.due : "",
    q: filter.q ?? "",
    sort,
    dir: filter.dir ?? (filter.sort ? "asc" : DEFAULT_QUEUE_SORT.dir),
  };
}
