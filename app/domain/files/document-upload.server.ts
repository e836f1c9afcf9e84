import { create as contentDispositionHeader } from "content-disposition";
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { IncomingFile } from "../../auth/upload-form.server.ts";
import { DOCUMENT_TYPES, type DocumentExtension, type FileProblem, isDocumentExtension, safeFileName } from "../funding/documents.rules.ts";
import { ABANDONED_UPLOAD_MS, fileStore } from "./files.server.ts";
import { inChunks } from "./file-store.server.ts";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";

/**
 * The one way a document's bytes come in (ADR 29), for every area that keeps documents (funding evidence, a LIFT
 * referral's Agreement to Engage): the type read from the first bytes (file-type), never the name or the browser;
 * the rest streamed to the file store, hashed, not yet kept (the caller keeps it in the transaction that records
 * it, or discards it). A file cut off at the size limit is discarded.
 */

export type StoredDocument = { kind: "stored"; key: string; bytes: number; sha256: string; fileName: string; extension: DocumentExtension };
export type RefusedDocument = { kind: "refused"; problem: FileProblem };

/** Reads and throws away the rest of a file (the form's other parts come after it). */
export async function drain(source: AsyncIterable<unknown>) {
  for await (const _ of source) void _;
}

/** Streams an incoming file to the file store, or says why it is refused (nothing is left stored then). */
export async function storeIncomingDocument(db: Kysely<Database>, file: IncomingFile): Promise<StoredDocument | RefusedDocument> {
  const store = fileStore(db);
  await store.sweep(ABANDONED_UPLOAD_MS);

  const chunks = inChunks(file.stream)[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return { kind: "refused", problem: file.fileName === "" ? "missing" : "empty" };
  const detected = await fileTypeFromBuffer(first.value);
  if (!detected || !isDocumentExtension(detected.ext) || DOCUMENT_TYPES[detected.ext].mime !== detected.mime) {
    await drain({ [Symbol.asyncIterator]: () => chunks });
    return { kind: "refused", problem: "type" };
  }
  const hash = createHash("sha256");
  async function* hashed() {
    hash.update(first.value!);
    yield first.value!;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      hash.update(next.value);
      yield next.value;
    }
  }
  const put = await store.put(hashed());
  if (file.stream.truncated) {
    await store.discard(put.key);
    return { kind: "refused", problem: "too_large" };
  }
  return { kind: "stored", key: put.key, bytes: put.bytes, sha256: hash.digest("hex"), fileName: safeFileName(file.fileName, detected.ext), extension: detected.ext };
}

/**
 * The headers a kept document is downloaded with: an attachment under its safe name, its own type and size, and
 * a sandbox, so opened in the browser by mistake it runs nothing. (`nosniff` and `no-store` come with every
 * response: server/app.ts.)
 */
export function documentDownloadHeaders(document: { file_name: string; media_type: string; byte_size: number }): Record<string, string> {
  return {
    "Content-Type": document.media_type,
    "Content-Length": String(document.byte_size),
    "Content-Disposition": contentDispositionHeader(document.file_name, { type: "attachment" }),
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
}
