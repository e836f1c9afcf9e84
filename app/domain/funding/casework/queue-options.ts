import { z } from "zod";

/**
 * The council queue's casework options (ADR 30), client-safe: the columns it sorts by, the "assigned" and "due"
 * filters and the search, as the page's links and the filter form carry them (and the CSV's link, the same).
 */

export const QUEUE_SORTS = ["reference", "school", "district", "scheme", "requested", "status", "due", "assigned", "waiting"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export type SortDirection = "asc" | "desc";

/** The queue's default order: oldest sent first. */
export const DEFAULT_QUEUE_SORT: { sort: QueueSort; dir: SortDirection } = { sort: "waiting", dir: "asc" };

export const ASSIGNED_FILTERS = [
  { value: "me", label: "Assigned to me" },
  { value: "none", label: "Not assigned" },
] as const;

export const DUE_FILTERS = [
  { value: "overdue", label: "Overdue" },
  { value: "soon", label: "Due soon" },
] as const;

/** The longest search the queue reads; longer is cut, not refused (a search box answers, it does not scold). */
export const SEARCH_MAX = 100;

/** The casework fields of the queue's filter (funding.schema.ts `queueFilterSchema`): a value not offered is dropped. */
export const CASEWORK_FILTER_FIELDS = {
  sort: z.enum(QUEUE_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  assigned: z.enum(["", "me", "none"]).optional().catch(""),
  due: z.enum(["", "overdue", "soon"]).optional().catch(""),
  q: z
    .string()
    .optional()
    .catch(undefined)
    // Control characters (a pasted tab, a NUL) are read as spaces.
    .transform((q) => [...(q ?? "")].map((c) => (c < " " || c === "\u007f" ? " " : c)).join("").trim().slice(0, SEARCH_MAX) || undefined),
};

/** A funding request's reference, typed as it is printed (any case, spaces around): "HNF-2026-00042". */
export function referenceTyped(q: string): string | null {
  const upper = q.trim().toUpperCase();
  return /^[A-Z]{2,6}-\d{4}-\d{5,}$/.test(upper) ? upper : null;
}
