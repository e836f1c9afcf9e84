import { type SelectQueryBuilder, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { requirePermission } from "../access/access.server.ts";
import { reachesFromOutsideSchools } from "../access/scopes.server.ts";
import { FUNDING_STATUSES, FUNDING_STATUS_LABELS, type FundingStatus, isFundingStatus } from "./funding.schema.ts";
import { DECIDABLE, DECIDED } from "./funding.workflow.ts";
import { type DB, visibleTo } from "./store.server.ts";

/** Lists of funding requests: a school's own, and the council's queue. */

const stillWaiting = (status: string) => (DECIDABLE as readonly string[]).includes(status);
const isDecided = (status: string) => (DECIDED as readonly string[]).includes(status);

export interface FundingListFilter {
  status?: string;
  district?: string;
  scheme?: string;
  age?: string;
  page?: number;
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
}

export interface FundingList {
  queue: boolean;
  rows: FundingListRow[];
  total: number;
  page: number;
  pages: number;
  filter: { status: string; district: string; scheme: string; age: string };
  options: { statuses: { value: string; label: string }[]; districts: { value: string; label: string }[]; schemes: { value: string; label: string }[] };
}

const PAGE_SIZE = 50;
/** The council's default view: what is waiting for it. */
const AWAITING_DECISION = "awaiting_decision";
/**
 * "Any status", chosen: a value of its own, not an empty one, because the council's queue shows only what is
 * waiting when no status is given. An empty status (an older link) is read as this choice too.
 */
const ANY_STATUS = "any";

/**
 * For a school's staff: their school's requests, newest first. For officers: the queue of requests that
 * have reached the council, oldest first, filtered by district, scheme, status and age.
 */
export async function listFundingRequests(db: DB, actor: Actor, filter: FundingListFilter, now = new Date()): Promise<FundingList> {
  requirePermission(actor, "funding:view");
  const queue = reachesFromOutsideSchools(actor);
  const chosen = filter.status ?? (queue ? AWAITING_DECISION : ANY_STATUS);
  // The status as the page's links carry it on: a known one, else "any" (an empty or unknown one selects nothing).
  const status = chosen === AWAITING_DECISION || isFundingStatus(chosen) ? chosen : ANY_STATUS;
  const district = queue ? (filter.district ?? "") : "";
  const scheme = filter.scheme ?? "";
  const age = queue && ["7", "14", "28"].includes(filter.age ?? "") ? filter.age! : "";

  // The requests the filters select, joined to nothing the filters do not need: the count and the page's
  // ids come from the queue's index (status, submitted_at, id) alone when only the status filters.
  let selected = db.selectFrom("funding_requests").where(visibleTo(actor));
  if (status === AWAITING_DECISION) selected = selected.where("funding_requests.status", "in", [...DECIDABLE]);
  else if (isFundingStatus(status)) selected = selected.where("funding_requests.status", "=", status);
  if (district) {
    selected = selected.where("funding_requests.school_id", "in", (eb) =>
      eb.selectFrom("schools").innerJoin("districts", "districts.id", "schools.district_id").select("schools.id").where("districts.code", "=", district),
    );
  }
  if (/^\d{1,9}$/.test(scheme)) selected = selected.where("funding_requests.scheme_id", "=", Number(scheme));
  if (age) selected = selected.where("funding_requests.submitted_at", "<", new Date(now.getTime() - Number(age) * 86_400_000));

  // One statement for the count and the filters' choices (districts for the council only, schemes).
  const counted = await selected
    .select((eb) => [
      eb.fn.countAll<number>().as("n"),
      jsonArrayFrom(
        eb
          .selectFrom("districts")
          .select(["districts.code", "districts.name"])
          .where(() => eb.val(queue))
          .orderBy("districts.name"),
      ).as("districts"),
      jsonArrayFrom(eb.selectFrom("funding_schemes").select(["funding_schemes.id", "funding_schemes.name"]).orderBy("funding_schemes.sort_order").orderBy("funding_schemes.name")).as(
        "schemes",
      ),
    ])
    .executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);

  // The page: first its requests' ids, in order, past the offset (cheap in the index), then only those
  // requests are joined to their school, district, scheme and (for the school's own list) pupil.
  const ordered = <Q extends SelectQueryBuilder<Database, "funding_requests", any>>(q: Q) =>
    (queue
      ? q.orderBy("funding_requests.submitted_at", "asc").orderBy("funding_requests.id", "asc")
      : q.orderBy("funding_requests.updated_at", "desc").orderBy("funding_requests.id", "desc")) as Q;
  const pageIds = ordered(selected.select("funding_requests.id"))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  const rows = await ordered(
    db
      .selectFrom("funding_requests")
      .innerJoin("schools", "schools.id", "funding_requests.school_id")
      .innerJoin("districts", "districts.id", "schools.district_id")
      .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
      .leftJoin("pupils", (join) => (queue ? join.on(sql<boolean>`false`) : join.onRef("pupils.id", "=", "funding_requests.pupil_id")))
      .select([
        "funding_requests.reference",
        "funding_requests.status",
        "funding_requests.amount_requested_pence",
        "funding_requests.submitted_at",
        "funding_requests.updated_at",
        "funding_requests.decided_at",
        "schools.name as school_name",
        "districts.name as district_name",
        "funding_schemes.name as scheme_name",
        "pupils.first_name",
        "pupils.last_name",
      ])
      .where("funding_requests.id", "in", pageIds),
  ).execute();
  const districts = counted.districts;
  const schemes = counted.schemes;
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
    rows: rows.map((r) => ({
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
      decidedAt: isDecided(r.status) ? r.decided_at : null,
    })),
    total,
    page,
    pages,
    filter: { status, district, scheme, age },
    options: {
      statuses: statusOptions,
      districts: districts.map((d) => ({ value: d.code, label: d.name })),
      schemes: schemes.map((s) => ({ value: String(s.id), label: s.name })),
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
    .orderBy("funding_requests.submitted_at", "asc")
    .orderBy("funding_requests.id", "asc")
    .limit(1)
    .executeTakeFirst();
  return next?.reference ?? null;
}
