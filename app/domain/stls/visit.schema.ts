import { z } from "zod";
import { versionField } from "../record.schema.ts";

/** A visit's steps (ADR 45), client-safe: cancelling with a reason, the specialist's note after the visit. */

export const cancelVisitSchema = z.object({
  intent: z.literal("cancel"),
  version: versionField,
  reason: z
    .string({ error: "Enter why the visit is cancelled: the other side will read it" })
    .trim()
    .min(1, "Enter why the visit is cancelled: the other side will read it")
    .max(2000, "The reason must be 2,000 characters or fewer"),
});

export const visitNoteSchema = z.object({
  intent: z.literal("note"),
  version: versionField,
  note: z
    .string({ error: "Enter the note for the school: what you saw, advised and agreed" })
    .trim()
    .min(1, "Enter the note for the school: what you saw, advised and agreed")
    .max(8000, "The note must be 8,000 characters or fewer"),
});
