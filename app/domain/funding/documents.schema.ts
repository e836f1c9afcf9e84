import { z } from "zod";

/** The forms of the evidence documents' pages (ADR 29); the rules they follow are in documents.rules.ts. */

/** The text fields of the upload form, which come before its file. */
export const documentUploadSchema = z.object({
  /** A one-off key drawn with the page: the same form sent twice adds one document. */
  uploadKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  title: z
    .string({ error: "Enter a title for the document" })
    .trim()
    .min(1, "Enter a title for the document")
    .max(200, "The title must be 200 characters or fewer"),
  evidenceKey: z.string({ error: "Select which evidence the document supports" }).min(1, "Select which evidence the document supports").max(100),
});
export type DocumentUploadFields = z.output<typeof documentUploadSchema>;

/** Withdrawing a document (the confirm step's form). */
export const documentWithdrawSchema = z.object({
  documentId: z.coerce.number().int().min(1).max(2_147_483_647),
  reason: z.string().trim().max(2000, "The reason must be 2,000 characters or fewer").optional(),
});
