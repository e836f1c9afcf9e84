import type { ChecklistItem } from "./funding.rules.ts";

/**
 * Evidence documents (ADR 29), client-safe and free of zod (pages import it): the limits the page states, the
 * types accepted, the evidence items, how sizes and names are shown. The forms' schemas are in documents.schema.ts.
 * The file's type is read from its first bytes on the server (file-type), never from its name or the browser.
 */

/** The largest file accepted: 20 MB (MiB, as file managers count it), stated on the page. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const MAX_DOCUMENT_LABEL = "20 MB";

/** The types accepted, by the extension file-type names them with, and how the page names them. */
export const DOCUMENT_TYPES = {
  pdf: { mime: "application/pdf", label: "PDF" },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "Word document (DOCX)" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "Excel spreadsheet (XLSX)" },
  jpg: { mime: "image/jpeg", label: "JPEG image" },
  png: { mime: "image/png", label: "PNG image" },
} as const;
export type DocumentExtension = keyof typeof DOCUMENT_TYPES;
export const DOCUMENT_TYPES_TEXT = "PDF, Word (DOCX), Excel (XLSX), JPEG or PNG";

export function isDocumentExtension(value: string): value is DocumentExtension {
  return Object.hasOwn(DOCUMENT_TYPES, value);
}

/** The evidence item for a document that supports the request as a whole rather than one point of the checklist. */
export const OTHER_EVIDENCE = { key: "other", label: "Other supporting evidence" } as const;

/** The evidence items a document may support: the scheme's checklist, then "other". */
export function evidenceChoices(checklist: ChecklistItem[]): { key: string; label: string }[] {
  return [...checklist.map((item) => ({ key: item.key, label: item.label })), OTHER_EVIDENCE];
}

/** What the page says each refusal of a file is. */
export const FILE_PROBLEMS = {
  missing: "Select a file to add",
  empty: "The selected file is empty",
  too_large: `The selected file must be smaller than ${MAX_DOCUMENT_LABEL}`,
  type: `The selected file must be a ${DOCUMENT_TYPES_TEXT}`,
  name: "The selected file's name could not be read: rename it using letters, numbers, spaces and hyphens, then choose it again",
} as const;
export type FileProblem = keyof typeof FILE_PROBLEMS;

const KB = 1024;
const MB = 1024 * 1024;

/**
 * "2.4 MB", "312 KB": a file's size as the page shows it. Whole numbers only: the size in tenths of a megabyte,
 * rounded half up, then split, so no binary fraction (toFixed's 2.25 → "2.2") decides what is shown.
 */
export function formatBytes(bytes: number): string {
  if (bytes < KB) return `${bytes} bytes`;
  if (bytes < MB) return `${Math.ceil(bytes / KB)} KB`;
  const tenths = Math.floor((bytes * 10 + MB / 2) / MB);
  return `${Math.floor(tenths / 10)}.${tenths % 10} MB`;
}

/**
 * The name a file is shown and downloaded under: the last part of what the browser sent (no folders, whichever
 * slash), without control or invisible formatting characters, at most 120 characters before its extension,
 * which is always the one its bytes were found to be. "document" when nothing is left.
 */
export function safeFileName(sent: string, extension: DocumentExtension): string {
  const base = sent.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    .trim();
  const withoutExtension = cleaned
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .replace(/^[.\s]+/, "")
    .slice(0, 120)
    .trim();
  return `${withoutExtension || "document"}.${extension}`;
}
