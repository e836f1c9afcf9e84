import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileTypeFromBuffer } from "file-type";
import type { IncomingFile } from "../../auth/upload-form.server.ts";

/**
 * A GIAS extract as it arrives (ADR 62): spooled to a temporary file, hashed, and noted as UTF-8 or not and as binary
 * or text as it passes, so nothing holds the whole file. gias-import.server.ts reads it from there.
 */

export interface ReceivedGiasFile {
  path: string;
  fileName: string;
  bytes: number;
  sha256: string;
  truncated: boolean;
  utf8: boolean;
  /** Why the bytes are not text (a PDF, a spreadsheet, NUL bytes), or null. */
  binary: string | null;
}

/** Spools the upload to a temporary file, hashing it and noting what it is as it passes. */
export async function receiveGiasFile(file: IncomingFile): Promise<ReceivedGiasFile> {
  const target = path.join(os.tmpdir(), `gias-${randomUUID()}.csv`);
  const hash = createHash("sha256");
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let isUtf8 = true;
  let bytes = 0;
  let head: Buffer | null = null;
  let nul = false;
  const out = fs.createWriteStream(target, { flags: "wx" });
  try {
    await pipeline(
      file.stream,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          hash.update(chunk);
          if (head === null) head = chunk.subarray(0, 4100);
          if (!nul && chunk.includes(0)) nul = true;
          if (isUtf8) {
            try {
              utf8.decode(chunk, { stream: true });
            } catch {
              isUtf8 = false;
            }
          }
          yield chunk;
        }
      },
      out,
    );
    if (isUtf8) {
      try {
        utf8.decode();
      } catch {
        isUtf8 = false;
      }
    }
  } catch (error) {
    await fs.promises.rm(target, { force: true });
    throw error;
  }
  let binary: string | null = null;
  const start = head as Buffer | null;
  const type = start && start.length > 0 ? await fileTypeFromBuffer(start) : undefined;
  if (type) binary = `it is a ${type.ext.toUpperCase()} file`;
  else if (nul) binary = "it holds bytes that are not text";
  return { path: target, fileName: file.fileName, bytes, sha256: hash.digest("hex"), truncated: file.stream.truncated === true, utf8: isUtf8, binary };
}

/** Files a dry run still reads after its upload was answered: the upload's own clean-up leaves them alone. */
const held = new WeakSet<ReceivedGiasFile>();

/** Keeps the file past the upload's request, for the dry run reading it (released by releaseGiasFile). */
export function holdGiasFile(received: ReceivedGiasFile): void {
  held.add(received);
}

/** Removes the temporary file once the dry run that held it has finished with it. */
export async function releaseGiasFile(received: ReceivedGiasFile): Promise<void> {
  held.delete(received);
  await fs.promises.rm(received.path, { force: true });
}

/** The upload's clean-up: removes the temporary file unless a dry run is still reading it. */
export async function discardGiasFile(received: ReceivedGiasFile | undefined): Promise<void> {
  if (received && !held.has(received)) await fs.promises.rm(received.path, { force: true });
}
