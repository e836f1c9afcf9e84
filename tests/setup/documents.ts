import { deflateRawSync } from "node:zlib";
import type { Browser, Reply } from "./app.ts";

/** Test files and multipart bodies for the evidence documents' tests (ADR 29). */

/** A multipart/form-data body with its parts in the order given (the portal needs its fields before the file). */
export function multipart(parts: ({ name: string; value: string } | { name: string; filename: string; type?: string; bytes: Uint8Array })[]) {
  const boundary = `----portal-test-${Math.random().toString(36).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ("value" in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type ?? "application/octet-stream"}\r\n\r\n`,
        ),
        Buffer.from(part.bytes),
        Buffer.from("\r\n"),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A small PDF of `size` bytes or more: the header file-type looks for, then padding. */
export function pdfBytes(size = 2048): Uint8Array {
  const head = Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n", "latin1");
  const tail = Buffer.from("\n%%EOF\n");
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20), tail]);
}

/** A Windows executable's first bytes (MZ, then the PE header offset and "PE\0\0"), as a file renamed to .pdf would be. */
export function exeBytes(): Uint8Array {
  const bytes = Buffer.alloc(1024);
  bytes.write("MZ", 0, "latin1");
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write("PE\0\0", 0x80, "latin1");
  bytes.writeUInt16LE(0x14c, 0x84);
  return bytes;
}

/** A 1x1 PNG's signature and header chunk. */
export function pngBytes(): Uint8Array {
  return Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
}

/** A zip (deflated entries, as Office writes them) holding `files`: a DOCX or XLSX with the parts file-type reads. */
export function zipBytes(files: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const compressed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function docxBytes(): Uint8Array {
  return zipBytes({
    "[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    "word/document.xml": `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Report</w:t></w:r></w:p></w:body></w:document>`,
  });
}

/** The upload page's one-off key, as the page drew it. */
export async function uploadKeyOf(browser: Browser, reference: string): Promise<string> {
  const page = await browser.get(`/funding/${reference}/documents/new`);
  const key = /name="uploadKey" value="([^"]+)"/.exec(page.text)?.[1];
  if (!key) throw new Error(`no upload form for ${reference}: ${page.status}`);
  return key;
}

/** Sends the upload form as a browser would: the CSRF token and fields first, the file last. */
export async function upload(
  browser: Browser,
  reference: string,
  fields: { uploadKey: string; title?: string; evidenceKey?: string },
  file: { filename: string; bytes: Uint8Array; type?: string } | null,
  options: { csrf?: string | null } = {},
): Promise<Reply> {
  const token = options.csrf === undefined ? await browser.csrfToken() : options.csrf;
  const { body, contentType } = multipart([
    ...(token === null ? [] : [{ name: "csrf", value: token }]),
    { name: "uploadKey", value: fields.uploadKey },
    { name: "title", value: fields.title ?? "Educational psychologist report" },
    { name: "evidenceKey", value: fields.evidenceKey ?? "other" },
    ...(file ? [{ name: "file", filename: file.filename, type: file.type, bytes: file.bytes }] : []),
  ]);
  return browser.request("POST", `/funding/${reference}/documents/new`, {
    body,
    headers: { "Content-Type": contentType, Origin: browser.baseUrl },
  });
}
