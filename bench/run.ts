/**
 * `npm run bench` (`npm run bench -- --quick` for a smoke run): the portal's performance figures, end to end.
 *
 *   1. Start-up on PGlite: a fresh, empty DATA_DIR until GET /login answers 200 (initdb + migrate + seed), then
 *      warm restarts on the same directory.
 *   2. Throughput and latency of GET /login, GET /home (signed in as the council officer) and the framework
 *      floor GET /accessibility (no cookie: no database), on PGlite and on PostgreSQL, at 10 and 50 connections,
 *      with each page's req/s as a ratio of the floor's in the same run.
 *   3. JavaScript and CSS each page makes the browser download, gzip-compressed as served.
 *
 * It builds the app when build/ is missing, starts and stops its own servers (`npx tsx server.ts`), creates and
 * drops its own PostgreSQL database, prints a markdown report and writes the raw figures to bench/results/.
 * See bench/README.md for what each figure means.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import pg from "pg";
import { baseEnv, buildId, cleanups, cleanUp, cleanUpOnSignals, ensureBuild, groupAlive, packageVersion } from "./lib.ts";
import { request, resultsDir, root, signIn, sleep, spawnGroup, startServer as startServerOnce, stopGroup, untrackGroup, type Server } from "./lib.ts";
import { type Cpu, interleavedLoad, type LoadRow as PageLoad, loadLine, loadAverage, machineBusyShare, machineFacts, type Page, settleBeforeStart } from "./load.ts";

// ---------------------------------------------------------------------------------------------------------------
// Options

const args = new Set(process.argv.slice(2));
if (args.has("--help") || args.has("-h")) {
  console.log(`Usage: npm run bench [-- --quick] [-- --wait-quiet] [-- --identity] [-- --no-postgres] [-- --no-pglite]
  --quick        1 s warm-up and 2 rounds of 2 s per page (a smoke run; figures are rough); default 2 s + 3 rounds of 4 s
  --wait-quiet   first wait (up to 15 min) until other processes use under 15% of the CPU for 5 s, and up to 10 s before each round
  --identity     load-test without Accept-Encoding (no gzip on the server); default is "Accept-Encoding: gzip" like a browser
  --no-postgres  skip the PostgreSQL runs       --no-pglite  skip the PGlite load runs (start-up is still measured)
Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a PostgreSQL server where the
bench may create and drop a database.`);
  process.exit(0);
}
const QUICK = args.has("--quick");
const GZIP = !args.has("--identity");
const WITH_POSTGRES = !args.has("--no-postgres");
const WITH_PGLITE_LOAD = !args.has("--no-pglite");
const WAIT_QUIET = args.has("--wait-quiet");
const WARMUP_S = QUICK ? 1 : 2;
/** Each page is measured in ROUNDS rounds of ROUND_S seconds, interleaved with the floor and the other pages. */
const ROUNDS = QUICK ? 2 : 3;
const ROUND_S = QUICK ? 2 : 4;
const CONNECTIONS = [10, 50];
const WARM_RESTARTS = QUICK ? 1 : 2;
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const OFFICER = { email: "officer@kent.example", password: "portal-demo-2026" };
/**
 * QUALITY.md's targets: 0.6 of the floor's throughput at 10 connections, read as the lower of the req/s and the
 * server-CPU-per-request ratios; p95 no more than 1.5 times the floor's p95 in the same run; the page weights.
 */
const TARGETS = { ratio: 0.6, p95OverFloor: 1.5, jsKb: 100, cssKb: 30 };

// ---------------------------------------------------------------------------------------------------------------
// Servers (process groups, HTTP and signing in: lib.ts)

/**
 * Another engineer's `vite build` empties build/ for a few seconds: wait until the build is there and has not
 * changed for 3 s, and retry a server that found none.
 */
async function startServer(env: Record<string, string>, timeoutMs = 180_000): Promise<Server> {
  for (let attempt = 1; ; attempt++) {
    await waitForStableBuild();
    try {
      return await startServerOnce(env, { readyPath: "/login", pollMs: 20, timeoutMs, host: "127.0.0.1" });
    } catch (error) {
      if (attempt >= 5 || !(error instanceof Error) || !error.message.includes("No build found")) throw error;
      console.warn("  the build vanished under the server (someone is rebuilding): retrying");
    }
  }
}

async function waitForStableBuild(timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entry = path.join(root, "build/server/index.js");
    const age = fs.existsSync(entry) ? Date.now() - fs.statSync(entry).mtimeMs : -1;
    if (age > 3_000 && fs.existsSync(path.join(root, "build/client/assets"))) return;
    if (Date.now() > deadline) throw new Error("build/ stayed missing or changing for 3 minutes");
    await sleep(500);
  }
}

async function stopServer(server: Server) {
  await stopGroup(server);
  const code = await Promise.race([server.exited, sleep(1_000).then(() => "still running")]);
  return code;
}

// ---------------------------------------------------------------------------------------------------------------
// Signing in

/** Signs in as the council officer and checks the officer's home page answers. */
async function signInOfficer(base: string): Promise<{ cookie: string; signInMs: number }> {
  const { cookie, signInMs } = await signIn(base, OFFICER);
  const home = await request(`${base}/home`, { headers: { Cookie: cookie } });
  if (home.status !== 200 || !home.body.toString().includes("Schools by district")) {
    throw new Error(`GET /home signed in did not show the officer's home page (status ${home.status})`);
  }
  return { cookie, signInMs };
}

// ---------------------------------------------------------------------------------------------------------------
// Load (interleaved rounds, CPU from /proc: load.ts)

type LoadRow = { database: "pglite" | "postgres" } & PageLoad;

/** With --wait-quiet: before a round, wait (at most 10 s) for others to leave the machine alone. */
async function waitForQuietRound() {
  if (!WAIT_QUIET) return;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && (await machineBusyShare(1_000)) > 0.15) {
    // keep waiting
  }
}

async function loadSuite(server: Server, database: "pglite" | "postgres", cookie: string, cpu: Cpu): Promise<LoadRow[]> {
  const pages: Page[] = [
    { name: "floor /accessibility", path: "/accessibility" },
    { name: "/login (signed out)", path: "/login" },
    { name: "/home (officer)", path: "/home", cookie },
  ];
  const rows: LoadRow[] = [];
  for (const connections of CONNECTIONS) {
    const options = { connections, warmupS: WARMUP_S, rounds: ROUNDS, roundS: ROUND_S, gzip: GZIP, cpu, beforeRound: waitForQuietRound };
    for (const row of await interleavedLoad(server, pages, options)) {
      rows.push({ database, ...row });
      console.log(loadLine(row));
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Page weight

interface Asset {
  url: string;
  kind: "js" | "css";
  wireBytes: number;
  rawBytes: number;
  encoding: string;
  /** Bytes on the wire for a browser that accepts Brotli (what Chrome and Firefox would get from this server). */
  brBytes: number;
}

interface PageWeight {
  page: string;
  path: string;
  status: number;
  htmlBytes: number;
  htmlGzipBytes: number;
  inlineScriptBytes: number;
  assets: Asset[];
  jsGzipBytes: number;
  jsRawBytes: number;
  cssGzipBytes: number;
  cssRawBytes: number;
  jsBrBytes: number;
  cssBrBytes: number;
}

function assetUrls(html: string) {
  const urls = new Map<string, "js" | "css">();
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    const rel = tag.match(/\brel="([^"]+)"/)?.[1];
    const href = tag.match(/\bhref="([^"]+)"/)?.[1];
    if (!href || !href.startsWith("/")) continue;
    if (rel === "modulepreload") urls.set(href, "js");
    else if (rel === "stylesheet") urls.set(href, "css");
  }
  let inline = 0;
  for (const [, attrs = "", content = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = attrs.match(/\bsrc="([^"]+)"/)?.[1];
    if (src?.startsWith("/")) urls.set(src, "js");
    inline += Buffer.byteLength(content);
    for (const [, spec] of content.matchAll(/\bimport\s*(?:[\w*{}\s,]+\s+from\s*)?["'](\/[^"']+)["']/g)) if (spec) urls.set(spec, "js");
  }
  return { urls, inline };
}

async function pageWeight(base: string, page: { name: string; path: string; cookie?: string }): Promise<PageWeight> {
  const headers: Record<string, string> = { "Accept-Encoding": "gzip" };
  if (page.cookie) headers.Cookie = page.cookie;
  const reply = await request(`${base}${page.path}`, { headers });
  const html = reply.body.toString();
  const { urls, inline } = assetUrls(html);
  const assets: Asset[] = [];
  for (const [url, kind] of urls) {
    const asset = await request(`${base}${url}`, { headers: { "Accept-Encoding": "gzip" } });
    if (asset.status !== 200) throw new Error(`${url} (referenced by ${page.path}) answered ${asset.status}`);
    const br = await request(`${base}${url}`, { headers: { "Accept-Encoding": "br" } });
    assets.push({
      url,
      kind,
      wireBytes: asset.raw.length,
      rawBytes: asset.body.length,
      encoding: String(asset.headers["content-encoding"] ?? "identity"),
      brBytes: br.raw.length,
    });
  }
  const sum = (kind: "js" | "css", key: "wireBytes" | "rawBytes" | "brBytes") => assets.filter((a) => a.kind === kind).reduce((n, a) => n + a[key], 0);
  return {
    page: page.name,
    path: page.path,
    status: reply.status,
    htmlBytes: reply.body.length,
    htmlGzipBytes: reply.headers["content-encoding"] === "gzip" ? reply.raw.length : zlib.gzipSync(reply.body).length,
    inlineScriptBytes: inline,
    assets,
    jsGzipBytes: sum("js", "wireBytes"),
    jsRawBytes: sum("js", "rawBytes"),
    cssGzipBytes: sum("css", "wireBytes"),
    cssRawBytes: sum("css", "rawBytes"),
    jsBrBytes: sum("js", "brBytes"),
    cssBrBytes: sum("css", "brBytes"),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Report

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "-");
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "-");
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "-");
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? "-" : (ms / 1000).toFixed(2));

interface Report {
  date: string;
  options: { quick: boolean; gzip: boolean; waitQuiet: boolean; warmupS: number; rounds: number; roundS: number; connections: number[] };
  machine: Record<string, unknown>;
  build: { id: ReturnType<typeof buildId>; buildMs: number | null; changedDuringRun: boolean };
  startup: {
    /** `npx tsx -e 0`: what any start pays before the portal's own code runs. */
    npxTsxMs: number[];
    pgliteColdMs: number;
    pgliteColdListeningMs: number | null;
    pgliteWarmMs: number[];
    pgliteWarmListeningMs: (number | null)[];
    postgresSeedMs: number | null;
    postgresStartMs: number | null;
    signInMs: Record<string, number>;
  };
  load: LoadRow[];
  weight: PageWeight[];
}

function markdown(r: Report): string {
  const lines: string[] = [];
  lines.push(`Run ${r.date} on ${String(r.machine.cpus)} × ${String(r.machine.cpuModel)}, Node ${String(r.machine.node)}, ` +
    `${r.options.quick ? "QUICK (rough) " : ""}per page and connection count: ${r.options.warmupS} s warm-up, then ${r.options.rounds} interleaved rounds of ${r.options.roundS} s, ` +
    `${r.options.gzip ? "Accept-Encoding: gzip" : "no compression"}; load average at start ${String(r.machine.loadavgAtStart)}, ` +
    `machine ${((r.machine.busyBeforeStart as number) * 100).toFixed(0)}% busy just before the start.`);
  lines.push("");
  lines.push("### Start-up (PGlite)");
  lines.push("");
  lines.push("| what | to “listening” | to first GET /login 200 |");
  lines.push("|---|---:|---:|");
  lines.push(`| for context: \`npx tsx -e 0\` (a script that does nothing) | | ${r.startup.npxTsxMs.map((ms) => s(ms)).join(" / ")} s |`);
  lines.push(`| cold start: empty DATA_DIR (initdb + migrate + seed) | ${s(r.startup.pgliteColdListeningMs)} s | **${s(r.startup.pgliteColdMs)} s** |`);
  r.startup.pgliteWarmMs.forEach((ms, i) =>
    lines.push(`| warm restart ${i + 1}: same DATA_DIR | ${s(r.startup.pgliteWarmListeningMs[i])} s | **${s(ms)} s** |`),
  );
  if (r.startup.postgresStartMs !== null) {
    lines.push(`| PostgreSQL: \`db/cli.ts seed\` on an empty database (migrate + seed) | | ${s(r.startup.postgresSeedMs)} s |`);
    lines.push(`| PostgreSQL: server start (migrations already current) | | ${s(r.startup.postgresStartMs)} s |`);
  }
  lines.push("");
  lines.push("### Throughput and latency");
  lines.push("");
  lines.push("| database | conns | page | req/s | × floor | per-round × floor | p50 ms | p95 ms | p99 ms | app CPU ms/req | db CPU ms/req | × floor (CPU) | other load | non-2xx |");
  lines.push("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of r.load) {
    const floor = row.page.startsWith("floor");
    const ratio = floor ? "1" : `**${f2(row.ratio)}**`;
    const range = floor ? "" : `${f2(row.ratioRange[0])}–${f2(row.ratioRange[1])}`;
    lines.push(
      `| ${row.database} | ${row.connections} | ${row.page} | ${f0(row.rps)} | ${ratio} | ${range} | ${f1(row.p50)} | ${f1(row.p95)} | ${f1(row.p99)} | ` +
        `${f2(row.appCpuMsPerReq)} | ${row.dbCpuMsPerReq === null ? "in app" : f2(row.dbCpuMsPerReq)} | ${floor ? "" : f2(row.cpuRatio)} | ` +
        `${f0(row.otherCpuShare * 100)}% | ${row.non2xx + row.errors} |`,
    );
  }
  lines.push("");
  lines.push(
    "“× floor” is the page's req/s over the floor's, both pooled over the same interleaved rounds; “per-round” gives the lowest and highest of the rounds' ratios. " +
      "“× floor (CPU)” is the floor's server CPU per request over the page's (app + PostgreSQL backends). " +
      "“other load” is the share of the machine's CPU used during the run by anything else (other processes on the machine).",
  );
  lines.push("");
  lines.push("### Page weight (what the browser downloads; gzip as served)");
  lines.push("");
  lines.push("| page | HTML | HTML gzip | JS files | JS gzip | JS raw | JS br | CSS gzip | CSS raw | CSS br |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const w of r.weight) {
    const js = w.assets.filter((a) => a.kind === "js").length;
    lines.push(
      `| ${w.page} | ${kb(w.htmlBytes)} KB | ${kb(w.htmlGzipBytes)} KB | ${js} | **${kb(w.jsGzipBytes)} KB** | ${kb(w.jsRawBytes)} KB | ${kb(w.jsBrBytes)} KB | **${kb(w.cssGzipBytes)} KB** | ${kb(w.cssRawBytes)} KB | ${kb(w.cssBrBytes)} KB |`,
    );
  }
  lines.push("");
  lines.push("### Against QUALITY.md");
  lines.push("");
  lines.push("| target | figure | |");
  lines.push("|---|---|---|");
  for (const database of ["postgres", "pglite"] as const) {
    for (const row of r.load.filter((x) => x.database === database && !x.page.startsWith("floor"))) {
      const at10 = row.connections === 10;
      const label = database === "postgres" ? "PostgreSQL" : "PGlite (context: the target names PostgreSQL)";
      const lower = Math.min(row.ratio, row.cpuRatio);
      lines.push(
        `| ${label}: ${row.page} at ${row.connections} conns ≥ ${TARGETS.ratio} × floor (the lower of req/s and CPU) | ${f2(lower)} (req/s ${f2(row.ratio)}, CPU ${f2(row.cpuRatio)}) | ${lower >= TARGETS.ratio ? "pass" : "**fail**"} |`,
      );
      const floorRow = r.load.find((x) => x.database === database && x.connections === row.connections && x.page.startsWith("floor"));
      if (at10 && floorRow) {
        const over = row.p95 / floorRow.p95;
        lines.push(
          `| ${label}: ${row.page} p95 ≤ ${TARGETS.p95OverFloor} × the floor's at 10 conns | ${f1(row.p95)} ms, ${f2(over)} × ${f1(floorRow.p95)} ms | ${over <= TARGETS.p95OverFloor ? "pass" : "**fail**"} |`,
        );
      }
    }
  }
  for (const w of r.weight.filter((x) => x.path !== "/accessibility")) {
    // What a current browser downloads: it accepts Brotli, and the server sends the build's Brotli copies.
    const js = Math.min(w.jsBrBytes, w.jsGzipBytes);
    const css = Math.min(w.cssBrBytes, w.cssGzipBytes);
    lines.push(`| ${w.page}: JS ≤ ${TARGETS.jsKb} KB compressed as a browser gets it (Brotli; gzip ${kb(w.jsGzipBytes)} KB) | ${kb(js)} KB | ${js <= TARGETS.jsKb * 1024 ? "pass" : "**fail**"} |`);
    lines.push(`| ${w.page}: CSS ≤ ${TARGETS.cssKb} KB compressed (Brotli; gzip ${kb(w.cssGzipBytes)} KB) | ${kb(css)} KB | ${css <= TARGETS.cssKb * 1024 ? "pass" : "**fail**"} |`);
  }
  if (r.build.changedDuringRun) lines.push("", "**Warning: build/ changed during the run (someone rebuilt): the figures mix two builds.**");
  if (r.load.some((x) => x.non2xx + x.errors > 0)) lines.push("", "**Warning: some load runs had non-2xx answers or errors: see the JSON.**");
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Main

cleanUpOnSignals("stopping servers and dropping the bench database...");

async function main() {
  const date = new Date().toISOString();
  const machine = { ...machineFacts(), pglite: packageVersion("@electric-sql/pglite") };
  console.log(`Kent SEND Inclusion Portal benchmark${QUICK ? " (quick)" : ""}: ${machine.cpus} CPUs, load average ${machine.loadavgAtStart}`);

  machine.busyBeforeStart = await settleBeforeStart(WAIT_QUIET);

  const buildMs = await ensureBuild();
  const builtBefore = buildId();
  console.log(`build: ${builtBefore?.manifest} (${builtBefore?.builtAt})`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
  cleanups.push(async () => fs.rmSync(tmp, { recursive: true, force: true }));
  const dataDir = path.join(tmp, "data");

  // 1. Start-up on PGlite, after the cost of `npx tsx` itself (a script that does nothing), for context.
  const npxTsxMs: number[] = [];
  for (let i = 0; i < 2; i++) {
    const started = performance.now();
    const p = spawnGroup("npx", ["tsx", "-e", "0"], baseEnv({}));
    await p.exited;
    untrackGroup(p.pgid);
    npxTsxMs.push(performance.now() - started);
  }
  console.log("PGlite start-up: cold (empty DATA_DIR)...");
  const cold = await startServer({ DATA_DIR: dataDir });
  await stopServer(cold);
  console.log(`  cold: ${s(cold.readyMs)} s to GET /login 200 (listening at ${s(cold.listeningMs)} s)`);
  const warmMs: number[] = [];
  const warmListeningMs: (number | null)[] = [];
  let pgliteServer: Server | null = null;
  for (let i = 0; i < WARM_RESTARTS; i++) {
    const warm = await startServer({ DATA_DIR: dataDir });
    warmMs.push(warm.readyMs);
    warmListeningMs.push(warm.listeningMs);
    console.log(`  warm restart ${i + 1}: ${s(warm.readyMs)} s (listening at ${s(warm.listeningMs)} s)`);
    if (i === WARM_RESTARTS - 1 && WITH_PGLITE_LOAD) pgliteServer = warm;
    else await stopServer(warm);
  }

  const signInMs: Record<string, number> = {};
  const load: LoadRow[] = [];
  let weight: PageWeight[] = [];
  const weightPages = (cookie: string) => [
    { name: "/login (signed out)", path: "/login" },
    { name: "/home (officer)", path: "/home", cookie },
    { name: "/accessibility (floor)", path: "/accessibility" },
  ];

  // 2a. Load on PGlite.
  if (pgliteServer) {
    const server = pgliteServer;
    cleanups.push(async () => void (groupAlive(server.pgid) && (await stopServer(server))));
    const { cookie, signInMs: ms } = await signInOfficer(server.base);
    signInMs.pglite = ms;
    weight = await Promise.all(weightPages(cookie).map((p) => pageWeight(server.base, p)));
    console.log("PGlite load:");
    load.push(...(await loadSuite(server, "pglite", cookie, { pgAdmin: null, dbName: null })));
    await stopServer(server);
  }

  // 2b. Load on PostgreSQL, in a database of our own.
  let postgresSeedMs: number | null = null;
  let postgresStartMs: number | null = null;
  if (WITH_POSTGRES) {
    const dbName = `portal_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    cleanups.push(async () => {
      await admin.query(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    });
    machine.postgres = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? null;
    await admin.query(`create database "${dbName}"`);
    const adminUrl = new URL(PG_ADMIN_URL);
    adminUrl.pathname = `/${dbName}`;
    const databaseUrl = adminUrl.toString();
    console.log(`PostgreSQL ${machine.postgres}: database ${dbName}, seeding...`);
    const seedStarted = performance.now();
    const seed = spawnGroup("npx", ["tsx", "db/cli.ts", "seed"], baseEnv({ DATABASE_URL: databaseUrl }));
    const seedCode = await seed.exited;
    untrackGroup(seed.pgid);
    if (seedCode !== 0) throw new Error(`db/cli.ts seed failed:\n${seed.output.join("")}`);
    postgresSeedMs = performance.now() - seedStarted;
    const server = await startServer({ DATABASE_URL: databaseUrl });
    cleanups.push(async () => void (groupAlive(server.pgid) && (await stopServer(server))));
    postgresStartMs = server.readyMs;
    const { cookie, signInMs: ms } = await signInOfficer(server.base);
    signInMs.postgres = ms;
    if (weight.length === 0) weight = await Promise.all(weightPages(cookie).map((p) => pageWeight(server.base, p)));
    console.log("PostgreSQL load:");
    load.push(...(await loadSuite(server, "postgres", cookie, { pgAdmin: admin, dbName })));
    await stopServer(server);
  }

  const builtAfter = buildId();
  machine.loadavgAtEnd = loadAverage();
  const report: Report = {
    date,
    options: { quick: QUICK, gzip: GZIP, waitQuiet: WAIT_QUIET, warmupS: WARMUP_S, rounds: ROUNDS, roundS: ROUND_S, connections: CONNECTIONS },
    machine,
    build: { id: builtBefore, buildMs, changedDuringRun: builtBefore?.hash !== builtAfter?.hash },
    startup: {
      npxTsxMs,
      pgliteColdMs: cold.readyMs,
      pgliteColdListeningMs: cold.listeningMs,
      pgliteWarmMs: warmMs,
      pgliteWarmListeningMs: warmListeningMs,
      postgresSeedMs,
      postgresStartMs,
      signInMs,
    },
    load,
    weight,
  };
  const text = markdown(report);
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = date.replace(/[:.]/g, "-");
  const jsonPath = path.join(resultsDir, `${stamp}${QUICK ? "-quick" : ""}.json`);
  fs.writeFileSync(jsonPath, JSON.stringify(report, null, 2) + "\n");
  fs.writeFileSync(jsonPath.replace(/\.json$/, ".md"), text + "\n");
  console.log(`\n${text}\n\nRaw results: ${path.relative(root, jsonPath)}`);
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
