import { randomUUID } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";

/**
 * Where uploaded files' bytes are kept (ADR 29). The portal's own store is PostgreSQL, a file in 256 KiB chunks,
 * so any number of instances see the same files and neither an upload nor a download holds a whole file in
 * memory. An S3-compatible store would implement the same interface (a multipart upload for `put`, a row saying
 * the object is kept for `keep`, a ranged GET for `open`).
 *
 * A file goes through two steps: `put` streams it in under a new generated key, not yet kept (each chunk its own
 * statement: no transaction is held open while a school's upload arrives); `keep`, inside the transaction that
 * records what the file is, makes it part of that record. `discard` removes a file that was put but not kept
 * (refused, cut off); `sweep` removes any left behind by a process that stopped half-way. Only a kept file is
 * ever opened.
 */
export interface FileStore {
  put(source: AsyncIterable<Uint8Array>): Promise<{ key: string; bytes: number }>;
  keep(trx: Transaction<Database>, key: string): Promise<void>;
  discard(key: string): Promise<void>;
  /** The kept file's bytes, one chunk at a time, read as they are asked for. */
  open(key: string): ReadableStream<Uint8Array>;
  /** Removes files put but never kept, older than `olderThanMs`; how many. */
  sweep(olderThanMs: number): Promise<number>;
}

/** Bytes in one stored chunk. */
export const CHUNK_BYTES = 256 * 1024;

/** Cuts a stream of pieces of any size into chunks of `size` bytes (the last may be shorter). */
export async function* inChunks(source: AsyncIterable<Uint8Array>, size = CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let length = 0;
  for await (const piece of source) {
    let rest = piece;
    while (length + rest.length >= size) {
      const take = size - length;
      pending.push(rest.subarray(0, take));
      yield Buffer.concat(pending, size);
      rest = rest.subarray(take);
      pending = [];
      length = 0;
    }
    if (rest.length > 0) {
      pending.push(rest);
      length += rest.length;
    }
  }
  if (length > 0) yield Buffer.concat(pending, length);
}

export function postgresFileStore(db: Kysely<Database>): FileStore {
  return {
    async put(source) {
      const key = randomUUID();
      await db.insertInto("stored_files").values({ storage_key: key }).execute();
      let bytes = 0;
      let seq = 0;
      try {
        for await (const chunk of inChunks(source)) {
          await db.insertInto("stored_file_chunks").values({ storage_key: key, seq, bytes: chunk }).execute();
          seq += 1;
          bytes += chunk.length;
        }
        await db.updateTable("stored_files").set({ byte_size: bytes }).where("storage_key", "=", key).execute();
      } catch (error) {
        await this.discard(key).catch(() => {});
        throw error;
      }
      return { key, bytes };
    },
    async keep(trx, key) {
      const kept = await trx.updateTable("stored_files").set({ complete: true }).where("storage_key", "=", key).where("complete", "=", false).executeTakeFirst();
      if (kept.numUpdatedRows !== 1n) throw new Error("stored file not found, or already kept");
    },
    async discard(key) {
      await db.deleteFrom("stored_files").where("storage_key", "=", key).where("complete", "=", false).execute();
    },
    open(key) {
      let seq = 0;
      return new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            const row = await db.selectFrom("stored_file_chunks").select("bytes").where("storage_key", "=", key).where("seq", "=", seq).executeTakeFirst();
            seq += 1;
            if (row) controller.enqueue(row.bytes);
            else controller.close();
          },
        },
        { highWaterMark: 1 },
      );
    },
    async sweep(olderThanMs) {
      const result = await db
        .deleteFrom("stored_files")
        .where("complete", "=", false)
        .where("created_at", "<", new Date(Date.now() - olderThanMs))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
