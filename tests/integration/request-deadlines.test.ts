import { createHash } from "node:crypto";
import net from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { isUploadPath, REQUEST_LIMITS } from "../../app/auth/request-limits.ts";
import { Browser, seededApp } from "../setup/app.ts";
import { multipart, pdfBytes, uploadKeyOf } from "../setup/documents.ts";

// Each request's body has its own deadline (ADR 35): an ordinary one 30 s after its headers, an evidence upload ten
// minutes but never a long pause. Here with small limits, so a test waits seconds: ordinary 1 s, an upload 4 s
// with pauses of at most 1 s, headers 1 s.

const LIMITS = { requestTimeoutMs: 1_000, headersTimeoutMs: 1_000, uploadTimeoutMs: 4_000, uploadIdleMs: 1_000 };
const t = seededApp({ timeouts: LIMITS });
let senco: Browser;

beforeAll(async () => {
  senco = new Browser(t.app.baseUrl);
  await senco.signIn("senco@oakfield.example");
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function newDraft() {
  const scheme = await t.database.db.selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow();
  const reply = await senco.post("/funding/new", { schemeId: String(scheme.id), idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}` });
  return /^\/funding\/([A-Z]+-\d{4}-\d{5})\/edit/.exec(reply.location ?? "")![1]!;
}

const documentsOf = (reference: string) =>
  t.database.db
    .selectFrom("funding_request_documents")
    .innerJoin("funding_requests", "funding_requests.id", "funding_request_documents.funding_request_id")
    .selectAll("funding_request_documents")
    .where("funding_requests.reference", "=", reference)
    .execute();

async function incompleteFiles() {
  return (await t.database.db.selectFrom("stored_files").select("storage_key").where("complete", "=", false).execute()).length;
}

interface Sent {
  /** Everything the server answered, as text. */
  answer: string;
  /** How many of the body's pieces were written before the server closed the connection. */
  pieces: number;
  /** Milliseconds from the headers to the connection's close. */
  ms: number;
}

/**
 * Sends a request as a slow client does, on a socket of its own: the headers at once, then the body in `pieces`
 * with `pauseMs` between them, stopping after `stallAfter` pieces if given (then only waiting). Resolves when the
 * server closes the connection (every request here says `Connection: close`).
 */
async function sendSlowly(head: string, body: Buffer, options: { pieces: number; pauseMs: number; stallAfter?: number }): Promise<Sent> {
  const { port } = new URL(t.app.baseUrl);
  const socket = net.connect(Number(port), "127.0.0.1");
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  let answer = "";
  let closed = false;
  socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
  socket.on("error", () => {});
  const close = new Promise<void>((resolve) => socket.once("close", () => ((closed = true), resolve())));
  const started = Date.now();
  socket.write(head);
  const size = Math.ceil(body.length / options.pieces);
  let pieces = 0;
  for (let i = 0; i < options.pieces && !closed; i++) {
    if (options.stallAfter !== undefined && i >= options.stallAfter) break;
    await sleep(options.pauseMs);
    if (closed) break;
    socket.write(body.subarray(i * size, (i + 1) * size));
    pieces += 1;
  }
  await close;
  return { answer, pieces, ms: Date.now() - started };
}

function headOf(path: string, contentType: string, length: number, as: { signedIn?: boolean } = {}) {
  const cookie = as.signedIn === false ? "" : `Cookie: ${[...senco.cookies].map(([k, v]) => `${k}=${v}`).join("; ")}\r\n`;
  // Signed out, the connection is kept alive: the portal's answer does not close it, only its deadline does.
  const connection = as.signedIn === false ? "" : "Connection: close\r\n";
  return `POST ${path} HTTP/1.1\r\nHost: ${new URL(t.app.baseUrl).host}\r\nOrigin: ${t.app.baseUrl}\r\n${cookie}Content-Type: ${contentType}\r\nContent-Length: ${length}\r\n${connection}\r\n`;
}

async function uploadForm(reference: string, bytes: Uint8Array) {
  return multipart([
    { name: "csrf", value: await senco.csrfToken() },
    { name: "uploadKey", value: await uploadKeyOf(senco, reference) },
    { name: "title", value: "Speech and language report" },
    { name: "evidenceKey", value: "other" },
    { name: "file", filename: "report.pdf", type: "application/pdf", bytes },
  ]);
}

describe("the deadline for a request's body", () => {
  it("is the upload's for the evidence upload's address only (its page and its data address), the ordinary one elsewhere", () => {
    expect(isUploadPath("/funding/HNF-2026-00042/documents/new")).toBe(true);
    expect(isUploadPath("/funding/HNF-2026-00042/documents/new.data")).toBe(true);
    for (const path of ["/funding/HNF-2026-00042/documents", "/funding/HNF-2026-00042/edit", "/login", "/funding/documents/new"]) {
      expect(isUploadPath(path), path).toBe(false);
    }
    // The real limits: ten minutes for an upload (20 MB at 2 Mbit/s takes 80 s), 30 s for the rest, headers 20 s.
    expect(REQUEST_LIMITS.uploadTimeoutMs).toBe(600_000);
    expect(REQUEST_LIMITS.requestTimeoutMs).toBe(30_000);
    expect(REQUEST_LIMITS.headersTimeoutMs).toBeLessThan(REQUEST_LIMITS.requestTimeoutMs);
  });

  it("lets a slow upload that takes longer than the ordinary limit, but less than the upload's, finish and be attached", async () => {
    const reference = await newDraft();
    const bytes = pdfBytes(300 * 1024);
    const { body, contentType } = await uploadForm(reference, bytes);
    // About 2.5 s in all (over the ordinary 1 s), never pausing more than 0.25 s.
    const sent = await sendSlowly(headOf(`/funding/${reference}/documents/new`, contentType, body.length), body, { pieces: 10, pauseMs: 250 });
    expect(sent.pieces).toBe(10);
    expect(sent.ms).toBeGreaterThan(LIMITS.requestTimeoutMs);
    expect(sent.answer).toMatch(/^HTTP\/1\.1 302/);
    expect(sent.answer.toLowerCase()).toContain(`location: /funding/${reference.toLowerCase()}/documents?done=added`);
    const [document] = await documentsOf(reference);
    expect(document!.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it("still cuts off a slow ordinary POST at the ordinary limit, answering 408, while the process answers others", async () => {
    const body = Buffer.from(`email=senco%40oakfield.example&password=${"x".repeat(2_000)}`);
    const slow = sendSlowly(headOf("/login", "application/x-www-form-urlencoded", body.length), body, { pieces: 10, pauseMs: 250 });
    await sleep(300);
    expect(await (await fetch(`${t.app.baseUrl}/ping`)).text()).toBe("pong");
    const sent = await slow;
    expect(sent.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(sent.answer).toContain("The request took too long to arrive.");
    // Closed before the sender was done: the 2.5 s body was cut off at about 1 s.
    expect(sent.pieces).toBeLessThan(10);
  });

  it("ends a stalled upload after its longest pause, long before the upload's deadline, keeping nothing", async () => {
    const reference = await newDraft();
    const { body, contentType } = await uploadForm(reference, pdfBytes(300 * 1024));
    const sent = await sendSlowly(headOf(`/funding/${reference}/documents/new`, contentType, body.length), body, { pieces: 10, pauseMs: 50, stallAfter: 4 });
    expect(sent.pieces).toBe(4);
    expect(sent.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(sent.ms).toBeLessThan(LIMITS.uploadTimeoutMs);
    // The half-received file is removed by the upload's own clean-up.
    for (let i = 0; i < 50 && (await incompleteFiles()) > 0; i++) await sleep(100);
    expect(await incompleteFiles()).toBe(0);
    expect(await documentsOf(reference)).toHaveLength(0);
  });

  it("ends an upload that keeps trickling in at the upload's deadline", async () => {
    const reference = await newDraft();
    const { body, contentType } = await uploadForm(reference, pdfBytes(300 * 1024));
    // 20 pieces 0.3 s apart would take 6 s: never idle long enough to stall, cut off at 4 s.
    const sent = await sendSlowly(headOf(`/funding/${reference}/documents/new`, contentType, body.length), body, { pieces: 20, pauseMs: 300 });
    expect(sent.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(sent.pieces).toBeLessThan(20);
    expect(sent.ms).toBeGreaterThanOrEqual(LIMITS.uploadTimeoutMs);
    expect(await documentsOf(reference)).toHaveLength(0);
  });

  it("gives the upload's deadline only to someone the route lets in: signed out, a slow upload is cut off at the ordinary limit", async () => {
    const reference = await newDraft();
    const { body, contentType } = await uploadForm(reference, pdfBytes(300 * 1024));
    const sent = await sendSlowly(headOf(`/funding/${reference}/documents/new`, contentType, body.length, { signedIn: false }), body, { pieces: 10, pauseMs: 250 });
    // Sent to sign in at once, and the connection closed when the ordinary deadline passed, the body unfinished.
    expect(sent.answer).toMatch(/^HTTP\/1\.1 302/);
    expect(sent.pieces).toBeLessThan(10);
    expect(sent.ms).toBeLessThan(LIMITS.uploadTimeoutMs);
    expect(await documentsOf(reference)).toHaveLength(0);
  });

  it("keeps the headers' limit short for the upload's address too (a slowloris sending headers)", async () => {
    const { port } = new URL(t.app.baseUrl);
    const socket = net.connect(Number(port), "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    const started = Date.now();
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(`POST /funding/HNF-2026-00001/documents/new HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    const drip = setInterval(() => socket.writable && socket.write("X-Slow: 1\r\n"), 200);
    await closed;
    clearInterval(drip);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(LIMITS.uploadTimeoutMs);
  });
});
