/**
 * `npm run bench:documents`: upload and download of one 20 MB evidence document (ADR 29), timed, with the
 * server's memory (its resident set, sampled from /proc every 10 ms while each runs), on embedded PGlite and, when it can
 * be reached, on PostgreSQL (postgres://postgres@127.0.0.1:5432, a database of its own, dropped afterwards).
 * Three rounds each; the upload is streamed from a file on disk and the download read to /dev/null, so the load
 * generator holds neither. Figures in bench/README.md ("Evidence documents: 20 MB up and down").
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { baseEnv, cleanUp, cleanUpOnSignals, cleanups, ensureBuild, request, signIn, startServer, stopGroup, type Server } from "./lib.ts";

const MB = 1024 * 1024;
const FILE_BYTES = 20 * MB - 64 * 1024; // just under the limit, as a real 20 MB scan would be
const ROUNDS = 3;
const POSTGRES = "postgres://postgres@127.0.0.1:5432";

/** The largest peak resident set (kB) among the server's process group: the node process running server.ts. */
function peakKb(server: Server, field: "VmHWM" | "VmRSS" = "VmHWM"): number {
  let best = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgid !== server.pgid) continue;
      const value = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      best = Math.max(best, value);
    } catch {
      // gone meanwhile
    }
  }
  return best;
}

function multipartFile(file: string, fields: Record<string, string>) {
  const boundary = `----bench-${Date.now()}`;
  const head = Buffer.from(
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("") + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { head, tail, length: head.length + fs.statSync(file).size + tail.length, contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(base: string, reference: string, cookie: string, file: string, fields: Record<string, string>): Promise<{ status: number; location?: string; ms: number }> {
  const body = multipartFile(file, fields);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/funding/${reference}/documents/new`, {
      method: "POST",
      agent: false,
      headers: { "Content-Type": body.contentType, "Content-Length": String(body.length), Cookie: cookie, Origin: base },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, ms: performance.now() - started }));
    });
    req.on("error", reject);
    req.write(body.head);
    const stream = fs.createReadStream(file);
    stream.pipe(req, { end: false });
    stream.on("end", () => req.end(body.tail));
  });
}

function download(url: string, cookie: string): Promise<{ status: number; bytes: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { Cookie: cookie } }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started }));
      })
      .on("error", reject);
  });
}

/** The largest resident set (MB) the server had while `work` ran, sampled every 10 ms. */
async function sampled<T>(server: Server, work: () => Promise<T>): Promise<{ result: T; maxRssMb: number }> {
  let max = peakKb(server, "VmRSS");
  const timer = setInterval(() => (max = Math.max(max, peakKb(server, "VmRSS"))), 10);
  try {
    const result = await work();
    return { result, maxRssMb: Math.max(max, peakKb(server, "VmRSS")) / 1024 };
  } finally {
    clearInterval(timer);
  }
}

async function runOn(kind: "pglite" | "postgres", env: Record<string, string>, file: string) {
  const server = await startServer(env, { readyPath: "/health", pollMs: 200, timeoutMs: 120_000, host: "127.0.0.1" });
  cleanups.push(() => stopGroup(server));
  try {
    const { cookie } = await signIn(server.base, { email: "senco@oakfield.example", password: "portal-demo-2026" });
    // A draft of the SENCO's to attach to. The CSRF token is the session's own (ADR 15): read it from a page.
    const schemes = (await request(`${server.base}/funding/new`, { headers: { Cookie: cookie } })).body.toString();
    const csrf = /name="csrf" value="([^"]+)"/.exec(schemes)![1]!;
    const schemeId = /name="schemeId"[^>]*value="(\d+)"/.exec(schemes)?.[1] ?? /value="(\d+)"[^>]*name="schemeId"/.exec(schemes)?.[1];
    const body = new URLSearchParams({ csrf, schemeId: schemeId!, idempotencyKey: `bench-${Date.now()}-abcdefgh` }).toString();
    const started = await request(`${server.base}/funding/new`, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(body)), Cookie: cookie, Origin: server.base },
    });
    const reference = /\/funding\/([A-Z]+-\d{4}-\d{5})\//.exec(String(started.headers.location))![1]!;
    const rows: { round: number; uploadMs: number; downloadMs: number; rssBeforeMb: number; uploadRssMb: number; downloadRssMb: number }[] = [];
    const idleMb = peakKb(server, "VmRSS") / 1024;
    const startPeakMb = peakKb(server) / 1024;
    for (let round = 1; round <= ROUNDS; round++) {
      const page = (await request(`${server.base}/funding/${reference}/documents/new`, { headers: { Cookie: cookie } })).body.toString();
      const uploadKey = /name="uploadKey" value="([^"]+)"/.exec(page)![1]!;
      const rssBeforeMb = peakKb(server, "VmRSS") / 1024;
      const { result: up, maxRssMb: uploadRssMb } = await sampled(server, () => upload(server.base, reference, cookie, file, { csrf, uploadKey, title: `Scan ${round}`, evidenceKey: "other" }));
      if (up.status !== 302) throw new Error(`upload answered ${up.status}`);
      const list = (await request(`${server.base}/funding/${reference}/documents`, { headers: { Cookie: cookie } })).body.toString();
      const ids = [...list.matchAll(new RegExp(`/funding/${reference}/documents/(\\d+)"`, "g"))].map((m) => Number(m[1]));
      const { result: down, maxRssMb: downloadRssMb } = await sampled(server, () => download(`${server.base}/funding/${reference}/documents/${Math.max(...ids)}`, cookie));
      if (down.status !== 200 || down.bytes !== FILE_BYTES) throw new Error(`download answered ${down.status} with ${down.bytes} bytes`);
      rows.push({ round, uploadMs: up.ms, downloadMs: down.ms, rssBeforeMb, uploadRssMb, downloadRssMb });
    }
    return { kind, idleMb, startPeakMb, rows };
  } finally {
    await stopGroup(server);
  }
}

async function main() {
  cleanUpOnSignals("bench:documents stopped");
  await ensureBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-documents-"));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "scan.pdf");
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1"));
  const block = Buffer.alloc(MB, 0x20);
  let written = fs.fstatSync(fd).size;
  while (written < FILE_BYTES) written += fs.writeSync(fd, block, 0, Math.min(MB, FILE_BYTES - written));
  fs.closeSync(fd);

  const results = [await runOn("pglite", { DATA_DIR: path.join(dir, "data") }, file)];
  const admin = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
  const name = `bench_documents_${process.pid}`;
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    cleanups.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end().catch(() => {});
    });
    const url = `${POSTGRES}/${name}`;
    for (const step of ["migrate", "seed"]) execFileSync("npx", ["tsx", "db/cli.ts", step], { env: baseEnv({ DATABASE_URL: url }), stdio: "ignore" });
    results.push(await runOn("postgres", { DATABASE_URL: url }, file));
  } catch (error) {
    console.error(`PostgreSQL skipped: ${String(error)}`);
  }

  console.log(`\n20 MB document (${FILE_BYTES} bytes), ${ROUNDS} rounds, ${os.cpus().length} cores, Node ${process.version}\n`);
  console.log("| database | round | upload ms | download ms | server RSS before MB | most during upload MB | most during download MB |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of results) {
    for (const row of r.rows) {
      const f = (n: number) => n.toFixed(0);
      console.log(`| ${r.kind} | ${row.round} | ${f(row.uploadMs)} | ${f(row.downloadMs)} | ${f(row.rssBeforeMb)} | ${f(row.uploadRssMb)} (+${f(row.uploadRssMb - row.rssBeforeMb)}) | ${f(row.downloadRssMb)} (+${f(row.downloadRssMb - row.rssBeforeMb)}) |`);
    }
    console.log(`\n${r.kind}: RSS once signed in ${r.idleMb.toFixed(0)} MB; the process's peak since start (start-up, migrations, seed) ${r.startPeakMb.toFixed(0)} MB\n`);
  }
}

main()
  .then(() => cleanUp())
  .catch(async (error: unknown) => {
    console.error(error);
    await cleanUp();
    process.exitCode = 1;
  });
