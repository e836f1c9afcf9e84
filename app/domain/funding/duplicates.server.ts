import { sql } from "kysely";
import { formatDate } from "../../components/format.ts";
import type { Actor } from "../access/access.server.ts";
import { DECIDED, WITHDRAWABLE } from "./funding.workflow.ts";
import { FUNDING_STATUS_LABELS, type FundingStatus, isFundingStatus } from "./funding.schema.ts";
import { type DB, type Trx, visibleTo } from "./store.server.ts";

/**
 * Duplicates (issue 8): a pupil may have one request under a scheme for any stretch of time. Another request for
 * the same pupil and scheme that is still open (a draft, with the headteacher, with the council, or sent back) or
 * that was awarded (approved or partly approved) must not overlap this one's period. One rule, here, used by the
 * draft save (the pupil or period refused), the send and the sign-off (refused), and the draft's pages (the other
 * requests listed, each a link). A request with no whole period yet overlaps nothing; an open one for the same
 * pupil and scheme is still shown as a warning.
 */

/** Still open: it may yet be sent or decided (the states a school can withdraw from). */
const OPEN: readonly FundingStatus[] = WITHDRAWABLE;
/** Awarded: the council agreed to fund it for its award period. */
const AWARDED: readonly FundingStatus[] = DECIDED.filter((s) => s !== "declined");

export interface RelatedRequest {
  reference: string;
  status: FundingStatus;
  statusLabel: string;
  /** Open: still in progress; award: funded for `start` to `end`. */
  kind: "open" | "award";
  /** The period it covers: the one requested while open, the one awarded once decided. */
  start: string | null;
  end: string | null;
}

/**
 * The pupil's other open or awarded requests under the scheme, as the actor may see them (the request's own school).
 * In a transaction that is about to store or send, pass `lock`: it waits for any other save for the same pupil and
 * scheme, so two at once cannot both pass the check.
 */
export async function relatedRequests(
  db: DB | Trx,
  actor: Actor,
  request: { id: number; pupilId: number | null; schemeId: number },
  options: { lock?: boolean } = {},
): Promise<RelatedRequest[]> {
  if (request.pupilId === null) return [];
  if (options.lock) await sql`SELECT pg_advisory_xact_lock(${request.schemeId}::int, ${request.pupilId}::int)`.execute(db);
  const rows = await db
    .selectFrom("funding_requests")
    .select(["reference", "status", "period_start", "period_end", "award_start", "award_end"])
    .where("pupil_id", "=", request.pupilId)
    .where("scheme_id", "=", request.schemeId)
    .where("id", "!=", request.id)
    .where("status", "in", [...OPEN, ...AWARDED])
    .where(visibleTo(actor))
    .orderBy("id")
    .execute();
  return rows.flatMap((r) => {
    if (!isFundingStatus(r.status)) return [];
    const open = OPEN.includes(r.status);
    return [
      {
        reference: r.reference,
        status: r.status,
        statusLabel: FUNDING_STATUS_LABELS[r.status],
        kind: open ? ("open" as const) : ("award" as const),
        start: open ? r.period_start : r.award_start,
        end: open ? r.period_end : r.award_end,
      },
    ];
  });
}

/** The first related request whose period overlaps `start` to `end`; none while either period is not whole. */
export function overlapping(related: RelatedRequest[], start: string | null, end: string | null): RelatedRequest | undefined {
  if (!start || !end) return undefined;
  return related.find((r) => r.start !== null && r.end !== null && r.start <= end && start <= r.end);
}

/** Why a request that overlaps `clash` is refused, naming the request (the page links to it) and never the pupil. */
export function duplicateMessage(clash: RelatedRequest): string {
  const period = clash.start && clash.end ? ` (${formatDate(clash.start)} to ${formatDate(clash.end)})` : "";
  return clash.kind === "award"
    ? `This pupil already has an award under this scheme for an overlapping period: ${clash.reference}${period}. Choose a period after it ends`
    : `This pupil already has an open request under this scheme for an overlapping period: ${clash.reference}, ${clash.statusLabel.toLowerCase()}${period}. Change the period, or carry on with ${clash.reference}`;
}

/** The refusal for a request about to be sent or signed off, if its period overlaps another's; null when none. */
export async function duplicateProblem(
  trx: Trx,
  actor: Actor,
  row: { id: number; pupil_id: number | null; scheme_id: number; period_start: string | null; period_end: string | null },
): Promise<string | null> {
  const related = await relatedRequests(trx, actor, { id: row.id, pupilId: row.pupil_id, schemeId: row.scheme_id }, { lock: true });
  const clash = overlapping(related, row.period_start, row.period_end);
  return clash ? duplicateMessage(clash) : null;
}
