import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import type { AppLoadContext } from "@remix-run/node";
import busboy from "busboy";
import { csrfFieldMatches, expiredForm, readForm, unreadableForm } from "./csrf.server.ts";
import { formProblem, REQUEST_LIMITS } from "./request-limits.ts";

/**
 * Reads a multipart form with one file, streaming the file to `receive` as it arrives (busboy): nothing holds the
 * whole file. The readForm of uploads (ADR 29, refining ADR 14 and 15):
 * - the CSRF token is a form field that must come before the file (the upload pages draw it first, as every
 *   PortalForm does); a file met before a matching token is never handed on, and the form is refused 403;
 * - the text fields are bounded as every form's are (request-limits.ts), and each must come before the file:
 *   `receive` sees them all;
 * - one file, in the field named `fileField`; busboy stops it at `maxFileBytes` (the file then says `truncated`);
 * - a form that is not multipart (no file) is read as readForm reads any form, if no larger than any form;
 * - anything else (a second file, a field after the file, a part over the limits) is refused 400;
 * - a part busboy cannot read (a file name with control characters, which browsers send as they are) comes back
 *   `malformed`, with the fields before it, for the page to say so; the rest of the body is read and dropped;
 * - a body cut off half-way rejects, after `receive` has seen its file end in an error.
 */
export interface IncomingFile {
  /** The name the browser sent (untrusted: may hold folders or control characters). */
  fileName: string;
  stream: Readable & { truncated?: boolean };
}

export async function readUploadForm<T>(
  request: Request,
  context: Pick<AppLoadContext, "csrfToken">,
  options: {
    fileField: string;
    maxFileBytes: number;
    receive: (fields: FormData, file: IncomingFile) => Promise<T>;
    /** Undoes what `receive` kept, when the form is refused after its file was received (a field after it). */
    discard: (received: T) => Promise<void>;
  },
): Promise<{ form: FormData; received: T | undefined; malformed?: true }> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data;/i.test(type)) {
    // Not an upload (a form sent without its file, by hand): read as any form is, if no larger than any form.
    if (Number(request.headers.get("Content-Length") ?? "0") > REQUEST_LIMITS.bodyBytes.default) throw unreadableForm();
    return { form: await readForm(request, context), received: undefined };
  }
  if (!request.body) throw unreadableForm();
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": type },
      defParamCharset: "utf8",
      limits: {
        fileSize: options.maxFileBytes,
        files: 1,
        fields: 20,
        parts: 21,
        fieldSize: 8 * 1024,
        fieldNameSize: REQUEST_LIMITS.nameLength,
      },
    });
  } catch {
    throw unreadableForm();
  }

  const form = new FormData();
  let refusal: "expired" | "unreadable" | null = null;
  let fileSeen = false;
  let receiving: Promise<T> | undefined;
  const refuse = (why: "expired" | "unreadable") => {
    refusal ??= why;
  };

  parser.on("field", (name, value, info) => {
    if (fileSeen || info.nameTruncated || info.valueTruncated) return refuse("unreadable");
    form.append(name, value);
  });
  parser.on("file", (name, stream, info) => {
    const first = !fileSeen;
    fileSeen = true;
    if (!first || name !== options.fileField) refuse("unreadable");
    else if (!csrfFieldMatches(form, context)) refuse("expired");
    else if (formProblem(form.entries()) !== null) refuse("unreadable");
    if (refusal) {
      stream.resume();
      return;
    }
    receiving = options.receive(form, { fileName: info.filename ?? "", stream });
    // Its outcome is read once the body has ended; a failure meanwhile must not go unhandled.
    receiving.catch(() => stream.resume());
  });
  for (const limit of ["partsLimit", "filesLimit", "fieldsLimit"] as const) parser.on(limit, () => refuse("unreadable"));

  const source = Readable.fromWeb(request.body as unknown as NodeWebStream<Uint8Array>);
  const parsed = await new Promise<"done" | "malformed">((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (!settled) {
        settled = true;
        outcome();
      }
    };
    // Cut off: the file being received ends in an error too (busboy destroys it), and its receiver cleans up.
    source.on("error", (error) => {
      parser.destroy(error);
      settle(() => reject(error));
    });
    // A part busboy cannot read (a file name with control characters): the rest of the body is read and thrown
    // away, so the page can still answer; nothing more is parsed.
    parser.on("error", () => {
      source.unpipe(parser);
      source.on("end", () => settle(() => resolve("malformed")));
      source.resume();
    });
    parser.on("close", () => settle(() => resolve("done")));
    source.pipe(parser);
  }).catch(async () => {
    await receiving?.catch(() => {});
    throw unreadableForm();
  });
  if (parsed === "malformed") {
    const received = receiving ? await receiving.catch(() => undefined) : undefined;
    if (received !== undefined) await options.discard(received);
    if (!csrfFieldMatches(form, context)) throw expiredForm();
    if (refusal || formProblem(form.entries()) !== null) throw unreadableForm();
    return { form, received: undefined, malformed: true };
  }
  const received = receiving ? await receiving : undefined;
  if (!fileSeen && !csrfFieldMatches(form, context)) refuse("expired");
  if (!fileSeen && formProblem(form.entries()) !== null) refuse("unreadable");
  if (refusal) {
    if (received !== undefined) await options.discard(received);
    throw refusal === "expired" ? expiredForm() : unreadableForm();
  }
  return { form, received };
}
