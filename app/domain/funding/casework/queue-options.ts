/**
 * The council queue's casework options (ADR 30), client-safe and free of zod (the queue's page ships it): the columns it sorts by, the "assigned" and "due"
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

/** A funding request's reference, typed as it is printed (any case, spaces around): "HNF-2026-00042". */
export function referenceTyped(q: string): string | null {
  const upper = q.trim().toUpperCase();
  return /^[A-Z]{2,6}-\d{4}-\d{5,}$/.test(upper) ? upper : null;
}
