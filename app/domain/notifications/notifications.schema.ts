import { z } from "zod";

/** Client-safe schemas for the notifications page's forms. */

const notificationId = z.coerce.number({ error: "Choose a notification" }).int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * "Mark all as read" (every unread notification up to the newest the page showed), "Mark as read" for one, or
 * "open": mark one read and go to what it is about.
 */
export const markReadSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read-all"), upTo: notificationId }),
  z.object({ intent: z.literal("read-one"), id: notificationId }),
  z.object({ intent: z.literal("open"), id: notificationId }),
]);

export type MarkReadInput = z.output<typeof markReadSchema>;
