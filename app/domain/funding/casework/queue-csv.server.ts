import { type Actor, requirePermission } from "../../access/access.server.ts";
import { recordAudit } from "../../audit/audit.server.ts";
import { toCsv } from "../../csv.server.ts";
import { londonToday } from "../../financial-year.ts";
import { type FundingListFilter, fundingListRows, selectFundingRequests } from "../queue.server.ts";
import type { DB } from "../store.server.ts";
import { gbp } from "../tracker-csv.server.ts";
import { SERVICE_LEVEL_LABELS } from "./service-level.ts";

/**
 * The council's queue as a CSV file (ADR 30): the requests the page's filters, search and order select, every
 * page of them, without pupils' names (the queue never has them). Audited as an export of children's data.
 */

const HEADER = ["reference", "school", "urn", "district", "area", "scheme", "requested_gbp", "status", "submitted", "due", "service_level", "assigned_to", "decided"];

export async function exportQueueCsv(db: DB, actor: Actor, filter: FundingListFilter, requestId: string, now = new Date()) {
  requirePermission(actor, "funding:casework");
  const selection = await selectFundingRequests(db, actor, filter, now);
  const rows = await fundingListRows(db, actor, selection, selection.ordered(selection.selected.select("funding_requests.id")), now);
  await recordAudit(db, {
    actor,
    action: "funding_request.queue_export",
    subjectType: "funding_queue",
    requestId,
    detail: { filter: selection.filter, rows: rows.length },
  });
  const csv = toCsv(
    HEADER,
    rows.map((r) => [
      r.reference,
      r.school,
      r.urn,
      r.district,
      r.area,
      r.scheme,
      gbp(r.amountRequestedPence),
      r.statusLabel,
      r.submittedAt ? londonToday(new Date(r.submittedAt)) : null,
      r.dueOn,
      r.serviceLevel ? SERVICE_LEVEL_LABELS[r.serviceLevel] : null,
      r.assignedTo,
      r.decidedAt ? londonToday(new Date(r.decidedAt)) : null,
    ]),
  );
  return { filename: `funding-queue-${londonToday(now)}.csv`, csv };
}
