import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type FileStore, postgresFileStore } from "./file-store.server.ts";

export type { FileStore };

/**
 * The portal's file store: PostgreSQL (ADR 29). The one place that would choose an S3-compatible store instead,
 * when one is configured.
 */
export function fileStore(db: Kysely<Database>): FileStore {
  return postgresFileStore(db);
}

/** Files put but never kept this long ago were left by a process that stopped half-way: swept on the next upload. */
export const ABANDONED_UPLOAD_MS = 60 * 60 * 1000;
