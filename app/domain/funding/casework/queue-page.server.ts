import { type AliasableExpression, type ExpressionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "../../../../db/types.ts";
import { FUNDING_STATUSES } from "../funding.schema.ts";
import type { CaseworkFilter } from "./queue-casework.server.ts";
import type { DB } from "../store.server.ts";
import type { QueueSort, SortDirection } from "./queue-options.ts";
import { known, pageSlice, rowsToRead } from "../../plan-constants.server.ts";

/**
 * The ids of one page of the council's queue (ADR 34), found from the indexes that lead with the status.
 *
 * A queue of several statuses (the default "waiting", "any status") in the order of a column the table holds
 * (due date, waiting time, reference, amount, status) is read as one branch per status: each takes the first
 * `offset + limit` of its status in order from an index on (status, column), and only those few rows are
 * sorted together for the page. Read as one query, PostgreSQL either sorted every request the officer reaches
 * (49,311 at Kent's size, 43 ms) or, given an index on the column alone, walked it for the waiting requests too,
 * which are the last due (140 ms): bench/README.md. A descending branch reads its empty values apart (an index
 * walked backwards gives them first, the queue shows them last). A sort by a name held in another table ran a
 * subquery for every request (60-190 ms): the school's is now a join the planner can walk in name order (an
 * index on schools (name, id)), a district's or scheme's is read one entry at a time, and the assigned
 * officer's joins the few requests someone has, then nobody's one status at a time.
 */

type Selected = SelectQueryBuilder<Database, "funding_requests", any>;
/** How many rows a part of the page reads (rowsToRead). */
type Rows = ReturnType<typeof rowsToRead>;
type Eb = ExpressionBuilder<Database, "funding_requests">;

interface IndexedSort {
  /** The column as the index holds it after the status (the status sort: none, its branches are in id order). */
  key: ((eb: Eb) => AliasableExpression<unknown>) | null;
  /** Whether the column may be empty for a request the council reaches. */
  nullable: boolean;
}

/** The sorts with an index on (status, column, ...) (db/migrations: the queue's indexes). */
const INDEXED: Partial<Record<QueueSort, IndexedSort>> = {
  due: { key: (eb) => eb.ref("funding_requests.due_on"), nullable: true },
  // The council reaches only requests sent to it (fundingRequestInReach): submitted_at is set.
  waiting: { key: (eb) => eb.ref("funding_requests.submitted_at"), nullable: false },
  reference: { key: (eb) => eb.ref("funding_requests.reference"), nullable: false },
  requested: { key: (eb) => eb.ref("funding_requests.amount_requested_pence"), nullable: true },
  status: { key: null, nullable: false },
};

/**
 * The page's ids, in order, as a subquery: `selected` (the filters) in the chosen order, past `offset`.
 * `statuses`: what the filters allow.
 */
export function queuePageIds(
  db: DB,
  selected: Selected,
  ordered: <Q extends Selected>(q: Q) => Q,
  casework: Pick<CaseworkFilter, "sort" | "dir">,
  statuses: readonly string[],
  offset: number,
  limit: number,
  /** How many requests the filters select: a page past the middle is read from the end. */
  total: number,
): SelectQueryBuilder<any, any, { id: number }> {
  const { sort, dir } = casework;
  // How many of each part the page reads (the first `offset + limit`), in the text on the first page.
  const first = rowsToRead(offset + limit, offset);
  // No status allowed (a decided status and the "due" filter): nothing to read one status at a time.
  if (statuses.length === 0) return pageSlice(ordered(selected.select("funding_requests.id")), limit, offset);
  const indexed = INDEXED[sort];
  // One status in the index's own order (ascending, or a column never empty): the single query walks the index
  // past the offset, as it always did; sorting the branch's rows again would cost more on a deep page.
  if (indexed && statuses.length === 1 && (dir === "asc" || !indexed.nullable) && indexed.key) {
    const ofStatus = selected.where("funding_requests.status", "=", known(statuses[0]!)).select("funding_requests.id");
    // Past the middle, the page is read from the other end: the last page of 28,000 approved requests is the first
    // 50 walked backwards, not 27,950 walked past. Only the set of ids matters here (the rows are put in order when
    // they are read), and the reverse of ascending with empty values last is descending with them first: the
    // index walked backwards.
    const fromEnd = total - offset - limit;
    if (offset > 0 && fromEnd < offset) {
      const key = indexed.key;
      const back = dir === "asc" ? "desc" : "asc";
      return pageSlice(
        ofStatus.orderBy((eb) => key(eb) as any, (ob) => (back === "desc" ? ob.desc().nullsFirst() : ob.asc())).orderBy("funding_requests.id", back),
        Math.max(0, Math.min(limit, total - offset)),
        Math.max(0, fromEnd),
      );
    }
    return pageSlice(ordered(ofStatus), limit, offset);
  }
  if (indexed) return pageOf(db, statusBranches(selected, indexed, statuses, dir, first), dir, offset, limit);
  switch (sort) {
    case "school":
      // Schools walked in name order (an index on (name, id)) and their requests, or, for a short queue, every
      // request joined to its school and sorted: the planner chooses, and both are right for it.
      return pageSlice(
        selected
          .innerJoin("schools as by_school", "by_school.id", "funding_requests.school_id")
          .select("funding_requests.id")
          .orderBy("by_school.name", dir)
          .orderBy("funding_requests.id", dir),
        limit,
        offset,
      );
    case "district":
      return lookupMajor(db, "districts", (d) => sql`funding_requests.school_id IN (SELECT schools.id FROM schools WHERE schools.district_id = ${d}.id)`, selected, dir, first, offset, limit);
    case "scheme":
      return lookupMajor(db, "funding_schemes", (s) => sql`funding_requests.scheme_id = ${s}.id`, selected, dir, first, offset, limit);
    case "assigned": {
      // The requests someone has (few at a time), by the officer's name; then nobody's, one status at a time.
      const taken = selected
        .innerJoin("users as by_assignee", "by_assignee.id", "funding_requests.assigned_to")
        .select(["funding_requests.id", "by_assignee.display_name as k"])
        .orderBy("by_assignee.display_name", dir)
        .orderBy("funding_requests.id", dir)
        .limit(first);
      const nobody = statusBranches(selected.where("funding_requests.assigned_to", "is", null), { key: null, nullable: false }, statuses, dir, first, sql`NULL::text`);
      return pageOf(db, [taken, ...nobody], dir, offset, limit);
    }
    default:
      return pageSlice(ordered(selected.select("funding_requests.id")), limit, offset);
  }
}

/** One branch per status, each the first `first` of its status in the sort's order (from its index). */
function statusBranches(selected: Selected, indexed: IndexedSort, statuses: readonly string[], dir: SortDirection, first: Rows, constant?: RawBuilder<unknown>) {
  return statuses.flatMap((status) => {
    const ofStatus = selected.where("funding_requests.status", "=", known(status));
    const { key } = indexed;
    if (!key) {
      // The status order: a status's requests in id order (an index on (status, id)), ranked as the workflow is.
      const rank = constant ?? known(FUNDING_STATUSES.indexOf(status as (typeof FUNDING_STATUSES)[number]) + 1);
      return [ofStatus.select(["funding_requests.id", rank.as("k")]).orderBy("funding_requests.id", dir).limit(first)];
    }
    const inOrder = (q: Selected) =>
      q
        .select((eb) => ["funding_requests.id", key(eb).as("k")])
        .orderBy((eb) => key(eb) as any, dir)
        .orderBy("funding_requests.id", dir)
        .limit(first);
    if (!indexed.nullable) return [inOrder(ofStatus)];
    // The empty ones in the index's order too (the column is empty throughout, so it is the ids' order):
    // ordered by id alone, the planner may walk the primary key for the few there are.
    return [inOrder(ofStatus.where((eb) => eb(key(eb) as any, "is not", null))), inOrder(ofStatus.where((eb) => eb(key(eb) as any, "is", null)))];
  });
}

/** The branches' rows sorted together (empty values last either way, then by id), the page's slice of them. */
function pageOf(db: DB, branches: SelectQueryBuilder<any, any, any>[], dir: SortDirection, offset: number, limit: number) {
  const union = sql.join(
    branches.map((b) => sql`(${b})`),
    sql` UNION ALL `,
  );
  const direction = dir === "desc" ? sql`DESC` : sql`ASC`;
  return pageSlice(
    db
      .selectFrom(sql<{ id: number; k: unknown }>`(${union})`.as("page"))
      .select(sql<number>`page.id`.as("id"))
      .orderBy(sql`page.k ${direction} NULLS LAST`)
      .orderBy(sql`page.id ${direction}`),
    limit,
    offset,
  );
}

/**
 * A sort by the name of a short list (districts, schemes; names unique): each entry in name order, and its
 * first `first` requests by id, until the page is full. Every request joined and sorted instead took 25-190 ms.
 */
function lookupMajor(
  db: DB,
  table: "districts" | "funding_schemes",
  belongs: (lookup: RawBuilder<unknown>) => RawBuilder<unknown>,
  selected: Selected,
  dir: SortDirection,
  first: Rows,
  offset: number,
  limit: number,
) {
  const own = selected
    .where(() => belongs(sql.table("by_lookup")) as any)
    .select("funding_requests.id")
    .orderBy("funding_requests.id", dir)
    .limit(first);
  return pageSlice(
    (db as unknown as Kysely<any>)
      .selectFrom(`${table} as by_lookup`)
      .innerJoinLateral(own.as("page"), (join) => join.onTrue())
      .select("page.id")
      .orderBy("by_lookup.name", dir)
      .orderBy("page.id", dir),
    limit,
    offset,
  );
}
