/** How an import's status reads on the admin's pages (ADR 62). Client-safe. */
export const IMPORT_STATUS_LABELS: Record<string, string> = {
  reading: "Reading the file",
  ready: "Dry run: not applied",
  applying: "Being applied",
  applied: "Applied",
  refused: "File refused",
  stale: "Out of date: not applied",
  failed: "Stopped: not applied",
};
