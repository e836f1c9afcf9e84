import { z } from "zod";
import { QUEUE_SORTS, SEARCH_MAX } from "./queue-options.ts";

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
