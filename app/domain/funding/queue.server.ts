import { type SelectQueryBuilder, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { requirePermission } from "../access/access.server.ts";
import { reachesFromOutsideSchools } from "../access/scopes.server.ts";
import { FUNDING_STATUSES, FUNDING_STATUS_LABELS, type FundingStatus, isFundingStatus } from "./funding.schema.ts";
import { ASSIGNABLE, DECIDABLE, DECIDED } from "./funding.workflow.ts";
import { type DB, visibleTo } from "./store.server.ts";
import { type CaseworkContext, type CaseworkFilter, caseworkContext, caseworkFilterOf, filterCasework, orderCasework } from "./casework/queue-casework.server.ts";
import type { QueueSort, SortDirection } from "./casework/queue-options.ts";
import { queuePageIds } from "./casework/queue-page.server.ts";
import { keptFundingCount, schoolsOfDistrict } from "./queue-count.server.ts";
import { type ServiceLevel, serviceLevel } from "./casework/service-level.ts";
import { londonToday } from "../financial-year.ts";
import { known, knownList, pageSlice } from "../plan-constants.server.ts";

/** Lists of funding requests: a school's own, and the council's queue. */

const stillWaiting = (status: string) => (DECIDABLE as readonly string[]).includes(status);
const isDecided = (status: string) => (DECIDED as readonly string[]).includes(status);
const isAssignable = (status: string) => (ASSIGNABLE as readonly string[]).includes(status);

export interface FundingListFilter {
  status?: string;
  district?: string;
  scheme?: string;
  age?: string;
  page?: number;
  /** The council's casework (ADR 30): assigned to me or nobody, overdue or due soon, a search, the order. */
  assigned?: string;
  due?: string;
  q?: string;
  sort?: QueueSort;
  dir?: SortDirection;
}

export interface FundingListRow {
  reference: string;
  school: string;
  district: string;
  scheme: string;
  /** The school's own list names the pupil; the council's queue does not. */
  pupil: string | null;
  amountRequestedPence: number | null;
  status: FundingStatus;
  statusLabel: string;
  submittedAt: Date | null;
  updatedAt: Date;
  /** Days since it reached the council, only while it still waits for the council (submitted, in review). */
  waitingDays: number | null;
  /** When it was decided (or its decision last corrected), for a decided request. */
  decidedAt: Date | null;
  /** The council's casework (ADR 30): the version ("Assign to me" posts it), the school's URN and area, who has it. */
  version: number;
  urn: string;
  area: string;
  assignedTo: string | null;
  assignedToMe: boolean;
  /** Whether the officer may take it: open with the council, from one of their areas, not theirs already. */
  mayAssignToMe: boolean;
  dueOn: string | null;
  serviceLevel: ServiceLevel | null;
}

type ChosenFilter = { status: string; district: string; scheme: string; age: string } & CaseworkFilter;

export interface FundingList {
  queue: boolean;
  rows: FundingListRow[];
  total: number;
  page: number;
  pages: number;
  filter: ChosenFilter;
  options: { statuses: { value: string; label: string }[]; districts: { value: string; label: string }[]; schemes: { value: string; label: string }[] };
}

const PAGE_SIZE = 50;
/** The council's default view: what is waiting for it. */
const AWAITING_DECISION = "awaiting_decision";
/**
 * "Any status", chosen: a value of its own, not an empty one, because the council's queue shows only what is
 * waiting when no status is given. An empty status (an older link) is read as this choice too. A search with no
 * status looks through every status: the officer is looking for one request, wherever it is.
 */
const ANY_STATUS = "any";

type Selected = SelectQueryBuilder<Database, "funding_requests", Record<never, never>>;

/**
 * The requests the filters select, joined to nothing the filters do not need: the count and the page's ids come
 * from the queue's indexes ((status, submitted_at, id), (status, due_on, id)) alone when only the status filters.
 * The list and the queue's CSV (casework/queue-csv.server.ts) both read through this.
 */
export async function selectFundingRequests(db: DB, actor: Actor, filter: FundingListFilter, now: Date) {
  const queue = reachesFromOutsideSchools(actor);
  const casework = queue ? caseworkFilterOf(filter) : caseworkFilterOf({});
  const chosen = filter.status ?? (queue && !casework.q ? AWAITING_DECISION : ANY_STATUS);
  // The status as the page's links carry it on: a known one, else "any" (an empty or unknown one selects nothing).
  const status = chosen === AWAITING_DECISION || isFundingStatus(chosen) ? chosen : ANY_STATUS;
  const district = queue ? (filter.district ?? "") : "";
  const scheme = filter.scheme ?? "";
  const age = queue && ["7", "14", "28"].includes(filter.age ?? "") ? filter.age! : "";
  const context: CaseworkContext = queue ? await caseworkContext(db, actor, now) : { today: londonToday(now), soonLimit: londonToday(now), areas: [] };

  let selected: Selected = db.selectFrom("funding_requests").where(visibleTo(actor));
  if (status === AWAITING_DECISION) selected = selected.where("funding_requests.status", "in", knownList(DECIDABLE));
  // A known status (checked against the workflow's list), so the code's own value: in the text (ADR 66).
  else if (isFundingStatus(status)) selected = selected.where("funding_requests.status", "=", known(status));
  if (district) selected = selected.where("funding_requests.school_id", "in", schoolsOfDistrict(db, district));
  const schemeId = /^\d{1,9}$/.test(scheme) ? Number(scheme) : undefined;
  if (schemeId !== undefined) selected = selected.where("funding_requests.scheme_id", "=", schemeId);
  if (age) selected = selected.where("funding_requests.submitted_at", "<", new Date(now.getTime() - Number(age) * 86_400_000));
  if (queue) selected = filterCasework(selected, actor, casework, context);

  const ordered = <Q extends SelectQueryBuilder<Database, "funding_requests", any>>(q: Q) =>
    (queue ? orderCasework(q, casework) : q.orderBy("funding_requests.updated_at", "desc").orderBy("funding_requests.id", "desc")) as Q;
  const filterChosen: ChosenFilter = { status, district, scheme, age, ...casework };
  // The statuses the filters allow (the "due" filter keeps those waiting): the page is read one status at a time
  // (casework/queue-page.server.ts).
  const allowed: readonly string[] = status === AWAITING_DECISION ? DECIDABLE : isFundingStatus(status) ? [status] : FUNDING_STATUSES;
  const statuses = casework.due ? allowed.filter(stillWaiting) : allowed;
  return { queue, selected, ordered, filter: filterChosen, schemeId, context, statuses };
}

export type FundingSelection = Awaited<ReturnType<typeof selectFundingRequests>>;

/** The requests whose ids `ids` selects, in the selection's order, as the list's rows. */
export async function fundingListRows(
  db: DB,
  actor: Actor,
  selection: FundingSelection,
  ids: SelectQueryBuilder<any, any, { id: number }>,
  now: Date,
): Promise<FundingListRow[]> {
  const { queue, ordered, context } = selection;
  const rows = await ordered(
    db
      .selectFrom("funding_requests")
      .innerJoin("schools", "schools.id", "funding_requests.school_id")
      .innerJoin("districts", "districts.id", "schools.district_id")
      .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
      .leftJoin("pupils", (join) => (queue ? join.on(sql<boolean>`false`) : join.onRef("pupils.id", "=", "funding_requests.pupil_id")))
      .leftJoin("users as assignee", "assignee.id", "funding_requests.assigned_to")
      .select([
        "funding_requests.reference",
        "funding_requests.status",
        "funding_requests.version",
        "funding_requests.amount_requested_pence",
        "funding_requests.submitted_at",
        "funding_requests.updated_at",
        "funding_requests.decided_at",
        "funding_requests.due_on",
        "funding_requests.assigned_to",
        "schools.name as school_name",
        "schools.urn",
        "districts.name as district_name",
        "districts.area",
        "funding_schemes.name as scheme_name",
        "pupils.first_name",
        "pupils.last_name",
        "assignee.display_name as assignee_name",
      ])
      .where("funding_requests.id", "in", ids),
  ).execute();
  return rows.map((r) => {
    const decided = isDecided(r.status) ? r.decided_at : null;
    return {
      reference: r.reference,
      school: r.school_name,
      district: r.district_name,
      scheme: r.scheme_name,
      pupil: r.first_name ? `${r.first_name} ${r.last_name}` : null,
      amountRequestedPence: r.amount_requested_pence,
      status: r.status as FundingStatus,
      statusLabel: isFundingStatus(r.status) ? FUNDING_STATUS_LABELS[r.status] : r.status,
      submittedAt: r.submitted_at,
      updatedAt: r.updated_at,
      waitingDays: stillWaiting(r.status) && r.submitted_at ? Math.floor((now.getTime() - new Date(r.submitted_at).getTime()) / 86_400_000) : null,
      decidedAt: decided,
      version: r.version,
      urn: r.urn,
      area: r.area,
      // The council's casework: a school's own list does not show (or ship) it.
      assignedTo: queue ? r.assignee_name : null,
      assignedToMe: r.assigned_to === actor.userId,
      mayAssignToMe: queue && isAssignable(r.status) && context.areas.includes(r.area) && r.assigned_to !== actor.userId,
      dueOn: queue ? r.due_on : null,
      serviceLevel: serviceLevel(
        { dueOn: queue ? r.due_on : null, waiting: stillWaiting(r.status), decidedOn: decided ? londonToday(new Date(decided)) : null },
        context.today,
        context.soonLimit,
      ),
    };
  });
}

/**
 * For a school's staff: their school's requests, newest first. For officers: the queue of requests that
 * have reached the council, oldest first or in the order chosen, filtered by district, scheme, status, age,
 * who has it, its due date and a search.
 */
export async function listFundingRequests(
  db: DB,
  actor: Actor,
  filter: FundingListFilter,
  now = new Date(),
  /** Rows a page: the list's 50, or the first few for a home page's to-do list (its total is still all of them). */
  pageSize = PAGE_SIZE,
): Promise<FundingList> {
  requirePermission(actor, "funding:view");
  const selection = await selectFundingRequests(db, actor, filter, now);
  const { queue, selected, ordered, filter: chosen, statuses } = selection;

  // One statement for the count and the filters' choices (districts for the council only, schemes). The count
  // comes from the counts the database keeps when the filters are ones they hold (ADR 56), else from the requests.
  // Neither list depends on the requests: the same two subqueries beside either count.
  const districts = jsonArrayFrom(db.selectFrom("districts").select(["districts.code", "districts.name"]).where(sql.lit(queue)).orderBy("districts.name")).as("districts");
  const schemes = jsonArrayFrom(
    db.selectFrom("funding_schemes").select(["funding_schemes.id", "funding_schemes.name"]).orderBy("funding_schemes.sort_order").orderBy("funding_schemes.name"),
  ).as("schemes");
  const kept = keptFundingCount(db, actor, selection);
  const counted = kept
    ? await db.selectNoFrom([kept.as("n"), districts, schemes]).executeTakeFirstOrThrow()
    : await selected.select((eb) => [eb.fn.countAll<number>().as("n"), districts, schemes]).executeTakeFirstOrThrow();
  const total = Number(counted.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);

  // The page: first its requests' ids, in order, past the offset (cheap in the index; the council's queue one
  // status at a time, ADR 34), then only those requests are joined to their school, district, scheme, assigned
  // officer and (for the school's own list) pupil.
  const offset = (page - 1) * pageSize;
  const pageIds = queue
    ? queuePageIds(db, selected, ordered, chosen, statuses, offset, pageSize, total)
    : pageSlice(ordered(selected.select("funding_requests.id")), pageSize, offset);
  const rows = await fundingListRows(db, actor, selection, pageIds, now);
  const statusOptions = [
    { value: ANY_STATUS, label: "Any status" },
    ...(queue
      ? [
          { value: AWAITING_DECISION, label: "Waiting for a decision" },
          ...FUNDING_STATUSES_SEEN_BY_COUNCIL.map((s) => ({ value: s, label: FUNDING_STATUS_LABELS[s] })),
        ]
      : Object.entries(FUNDING_STATUS_LABELS).map(([value, label]) => ({ value, label }))),
  ];

  return {
    queue,
    rows,
    total,
    page,
    pages,
    filter: selection.filter,
    options: {
      statuses: statusOptions,
      districts: counted.districts.map((d) => ({ value: d.code, label: d.name })),
      schemes: counted.schemes.map((s) => ({ value: String(s.id), label: s.name })),
    },
  };
}

/** Every state a request can be in once it has reached the council. */
const FUNDING_STATUSES_SEEN_BY_COUNCIL = FUNDING_STATUSES.filter((s) => s !== "draft" && s !== "awaiting_headteacher");

/**
 * The next request waiting for the council in the actor's queue, after the one they have just dealt with: the
 * oldest first, as the queue's default view orders them. Null when nothing else is waiting.
 */
export async function nextRequestInQueue(db: DB, actor: Actor, afterReference: string): Promise<string | null> {
  requirePermission(actor, "funding:decide");
  const next = await db
    .selectFrom("funding_requests")
    .select("funding_requests.reference")
    .where(visibleTo(actor))
    .where("funding_requests.status", "in", [...DECIDABLE])
    .where("funding_requests.reference", "<>", afterReference)
    // The one due soonest first (its service level, ADR 30), then the oldest: the queue's own order of urgency.
    .orderBy("funding_requests.due_on", (ob) => ob.asc().nullsLast())
    .orderBy("funding_requests.submitted_at", "asc")
    .orderBy("funding_requests.id", "asc")
    .limit(1)
    .executeTakeFirst();
  return next?.reference ?? null;
}
