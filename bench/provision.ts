/**
 * `npm run bench:provision` (`-- --quick` for a smoke run): the council officer's SRP overview (/council/provision)
 * at Kent's size, on PostgreSQL, against a floor page of the same size (QUALITY.md).
 *
 *   1. Data: a database of its own, migrated and demo-seeded (`db/cli.ts seed`), then SRPs up to BENCH_SRPS (75 by
 *      default: Kent has 73 and more) spread over the demo schools and designations, places commissioned for every
 *      academic year, and BENCH_YEARS (6) years of termly windows with a sent return (its version and timeline
 *      event) from every SRP for every term before this one, and nine in ten this term; ANALYZE.
 *   2. The page is checked (200, every SRP listed, the missing returns), and the SQL it runs is timed once.
 *   3. Load: the overview and a floor page of the same HTML size (bench/floor.ts, the bench build), interleaved, at
 *      10 and 50 connections (10 only with --quick): req/s as a ratio of the floor's, p95 against the floor's p95,
 *      server CPU per request.
 *
 * It builds build-bench/, starts and stops its own server, creates and drops its own database (also on error or
 * Ctrl-C), prints the figures and writes them to bench/results/. BENCH_SRPS and BENCH_YEARS shrink the data for a
 * run that only proves it works. See bench/README.md ("Resource provision: the officers' overview at Kent's size").
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { openPostgres } from "../app/db.server.ts";
import { londonToday } from "../app/domain/financial-year.ts";
import { academicYearOf } from "../app/domain/provision/provision-codes.ts";
import { BENCH_BUILD_DIR, buildBenchCopy, sizeMatchedFloor } from "./floor.ts";
import { baseEnv, cleanUp, cleanUpOnSignals, cleanups, groupAlive, request, resultsDir, signIn, startServer, stopGroup } from "./lib.ts";
import { interleavedLoad, loadLine, type LoadRow, machineFacts, type Page } from "./load.ts";

const args = new Set(process.argv.slice(2));
if (args.has("--help") || args.has("-h")) {
  console.log(`Usage: npm run bench:provision [-- --quick]
  --quick   1 s warm-up, 2 rounds of 2 s, 10 connections only (a smoke run; rough figures)
Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_SRPS (75), BENCH_YEARS (6).`);
  process.exit(0);
}
const QUICK = args.has("--quick");
const WARMUP_S = QUICK ? 1 : 2;
const ROUNDS = QUICK ? 2 : 3;
const ROUND_S = QUICK ? 2 : 4;
const CONNECTIONS = QUICK ? [10] : [10, 50];
const SRPS = Number(process.env.BENCH_SRPS ?? 75);
const YEARS = Number(process.env.BENCH_YEARS ?? 6);
const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const OFFICER = { email: "officer@kent.example", password: "portal-demo-2026" };
/** QUALITY.md: at 10 connections 0.6 of the same-size floor's throughput (the lower of req/s and CPU ratios), p95 at most 1.5 times its p95. */
const TARGETS = { ratio: 0.6, p95OverFloor: 1.5 };
const DESIGNATIONS = ["ASD", "SLCN", "HI", "VI", "PD", "SEMH"];
const TERMS = ["autumn", "spring", "summer"] as const;

function urlFor(name: string) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A past term's window: late in the term, about three weeks. */
function pastWindow(year: number, term: (typeof TERMS)[number]) {
  if (term === "autumn") return { opens_on: `${year}-11-16`, closes_on: `${year}-12-11` };
  if (term === "spring") return { opens_on: `${year + 1}-03-08`, closes_on: `${year + 1}-03-26` };
  return { opens_on: `${year + 1}-06-21`, closes_on: `${year + 1}-07-09` };
}

/** SRPs up to SRPS, YEARS of windows, every earlier term's returns and most of this term's. */
async function prepare(url: string) {
  const handle = openPostgres(url);
  const started = performance.now();
  try {
    const db = handle.db;
    const today = londonToday();
    const thisYear = academicYearOf(today);
    const officer = await db.selectFrom("users").select("id").where("email", "=", OFFICER.email).executeTakeFirstOrThrow();
    // Windows: YEARS academic years back; the seed's own (this term open now) are kept.
    const existing = await db.selectFrom("srp_return_windows").select(["academic_year", "term"]).execute();
    const have = new Set(existing.map((w) => `${w.academic_year}:${w.term}`));
    const open = await db.selectFrom("srp_return_windows").select(["id", "opens_on"]).where("opens_on", "<=", today).where("closes_on", ">=", today).executeTakeFirstOrThrow();
    const wanted = [];
    for (let year = thisYear - YEARS + 1; year <= thisYear; year++) {
      for (const term of TERMS) {
        const dates = pastWindow(year, term);
        if (!have.has(`${year}:${term}`) && dates.closes_on < open.opens_on) wanted.push({ academic_year: year, term, ...dates, updated_by: officer.id });
      }
    }
    if (wanted.length) await db.insertInto("srp_return_windows").values(wanted).execute();
    // SRPs: the demo schools by designation, skipping pairs the seed made, up to SRPS in all.
    const schools = await db.selectFrom("schools").select("id").orderBy("id").execute();
    const taken = new Set((await db.selectFrom("resource_provisions").select(["school_id", "designation_code"]).execute()).map((r) => `${r.school_id}:${r.designation_code}`));
    const rows = [];
    let count = taken.size;
    for (const designation of DESIGNATIONS) {
      for (const school of schools) {
        if (count >= SRPS) break;
        if (taken.has(`${school.id}:${designation}`)) continue;
        rows.push({ school_id: school.id, designation_code: designation, first_year_group: "7", last_year_group: "11", opened_on: `${thisYear - YEARS - 1}-09-01` });
        count += 1;
      }
    }
    if (rows.length) await db.insertInto("resource_provisions").values(rows).execute();
    const srps = await db.selectFrom("resource_provisions").select(["id", "school_id"]).orderBy("id").execute();
    const windows = await db.selectFrom("srp_return_windows").select(["id", "academic_year", "opens_on"]).where("opens_on", "<=", today).orderBy("opens_on").execute();
    const places = srps.flatMap((s) =>
      Array.from({ length: YEARS + 1 }, (_, k) => ({ resource_provision_id: s.id, academic_year: thisYear - YEARS + k, commissioned_places: 6 + ((s.id * 7 + k) % 15) })),
    );
    await db
      .insertInto("resource_provision_places")
      .values(places)
      .onConflict((oc) => oc.columns(["resource_provision_id", "academic_year"]).doNothing())
      .execute();
    const haveReturn = new Set((await db.selectFrom("srp_returns").select(["resource_provision_id", "window_id"]).execute()).map((r) => `${r.resource_provision_id}:${r.window_id}`));
    const sender = await db.selectFrom("users").select("id").where("email", "=", "senco@oakfield.example").executeTakeFirstOrThrow();
    let returns = 0;
    for (const w of windows) {
      const current = w.id === open.id;
      const batch = srps
        .filter((s, i) => !haveReturn.has(`${s.id}:${w.id}`) && (!current || i % 10 !== 0))
        .map((s) => {
          const filled = 4 + ((s.id * 3 + w.id) % 14);
          const sentAt = new Date(`${w.opens_on}T10:00:00Z`);
          return {
            resource_provision_id: s.id,
            school_id: s.school_id,
            window_id: w.id,
            status: "sent",
            places_filled: filled,
            ehc_plan_pupils: filled - ((s.id + w.id) % 3 === 0 ? 1 : 0),
            from_other_schools: (s.id + w.id) % 4,
            admitted: (s.id + w.id) % 3,
            left_in_term: (s.id + w.id) % 2,
            waiting: (s.id * 5 + w.id) % 7,
            over_commissioned: false,
            sent_at: sentAt,
            sent_by: sender.id,
            created_by: sender.id,
            updated_at: sentAt,
            version: 1,
          };
        });
      if (batch.length === 0) continue;
      const made = await db.insertInto("srp_returns").values(batch).returning(["id", "places_filled", "ehc_plan_pupils", "from_other_schools", "admitted", "left_in_term", "waiting", "sent_at"]).execute();
      await db
        .insertInto("srp_return_versions")
        .values(
          made.map((r) => ({
            srp_return_id: r.id,
            number: 1,
            places_filled: r.places_filled!,
            ehc_plan_pupils: r.ehc_plan_pupils!,
            from_other_schools: r.from_other_schools!,
            admitted: r.admitted!,
            left_in_term: r.left_in_term!,
            waiting: r.waiting!,
            commissioned_places: null,
            over_commissioned: false,
            sent_by: sender.id,
            sent_at: r.sent_at!,
          })),
        )
        .execute();
      await db
        .insertInto("srp_return_events")
        .values(made.map((r) => ({ srp_return_id: r.id, occurred_at: r.sent_at!, actor_user_id: sender.id, actor_role: "senco", action: "sent", from_status: "draft", to_status: "sent" })))
        .execute();
      returns += made.length;
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("ANALYZE");
    await client.end();
    return { srps: srps.length, windows: windows.length, returns, ms: performance.now() - started };
  } finally {
    await handle.close();
  }
}

async function main() {
  cleanUpOnSignals("bench:provision stopped");
  const name = `bench_provision_${process.pid}`;
  await admin(`CREATE DATABASE ${name}`);
  cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {}));
  const url = urlFor(name);
  for (const step of ["migrate", "seed"]) execFileSync("npx", ["tsx", "db/cli.ts", step], { env: baseEnv({ DATABASE_URL: url }), stdio: "ignore" });
  const data = await prepare(url);
  console.log(`data: ${data.srps} SRPs, ${data.windows} terms, ${data.returns} returns added in ${(data.ms / 1000).toFixed(1)} s`);

  const buildMs = await buildBenchCopy();
  console.log(`build: ${(buildMs / 1000).toFixed(1)} s`);
  const server = await startServer({ DATABASE_URL: url, BUILD_DIR: BENCH_BUILD_DIR }, { readyPath: "/login", pollMs: 50, timeoutMs: 180_000, host: "127.0.0.1" });
  cleanups.push(async () => void (groupAlive(server.pgid) && (await stopGroup(server))));
  const officer = await signIn(server.base, OFFICER, OFFICER.email);

  // The page, checked before it is measured: every SRP on it, and this term's missing returns.
  const reply = await request(`${server.base}/council/provision`, { headers: { Cookie: officer.cookie } });
  const html = reply.body.toString();
  if (reply.status !== 200 || !html.includes("SRP places across Kent")) throw new Error(`GET /council/provision answered ${reply.status}`);
  const listed = Number(/Every SRP \((\d+)\)/.exec(html)?.[1] ?? -1);
  if (listed !== data.srps) throw new Error(`The overview counts ${listed} SRPs, not ${data.srps}`);
  if (html.length > 60 * 1024) console.log(`!! the page's HTML is ${(html.length / 1024).toFixed(1)} KB, over QUALITY.md's 60 KB`);
  const sqlStarted = performance.now();
  await request(`${server.base}/council/provision`, { headers: { Cookie: officer.cookie } });
  const oneRequestMs = performance.now() - sqlStarted;
  const floor = await sizeMatchedFloor(server.base, html.length);
  console.log(`page: ${(html.length / 1024).toFixed(1)} KB of HTML, ${listed} SRPs; one request ${oneRequestMs.toFixed(0)} ms; floor ${floor.name}`);

  const overview: Page = { name: "officer's SRP overview", path: "/council/provision", cookie: officer.cookie, floor };
  const pgAdmin = new pg.Client({ connectionString: ADMIN_URL });
  await pgAdmin.connect();
  cleanups.push(() => pgAdmin.end().catch(() => {}));
  const load: LoadRow[] = [];
  for (const connections of CONNECTIONS) {
    for (const row of await interleavedLoad(server, [floor, overview], { connections, warmupS: WARMUP_S, rounds: ROUNDS, roundS: ROUND_S, gzip: true, cpu: { pgAdmin, dbName: name } })) {
      load.push(row);
      console.log(loadLine(row, 30));
    }
  }
  await stopGroup(server);
  const at10 = load.find((r) => r.connections === 10 && r.page === overview.name)!;
  const floorAt10 = load.find((r) => r.connections === 10 && r.page === floor.name)!;
  const ratio = Math.min(at10.ratio, at10.cpuRatio);
  const p95Ratio = at10.p95 / floorAt10.p95;
  console.log(
    `at 10 connections: ×${ratio.toFixed(2)} of the floor (target ${TARGETS.ratio}), p95 ${p95Ratio.toFixed(2)}× the floor's (target at most ${TARGETS.p95OverFloor})${QUICK ? " (quick run: rough)" : ""}`,
  );
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = path.join(resultsDir, `provision-${stamp}${QUICK ? "-quick" : ""}.json`);
  fs.writeFileSync(file, JSON.stringify({ date: stamp, quick: QUICK, machine: machineFacts(), data, htmlBytes: html.length, floor, load, targets: TARGETS, ratio, p95Ratio }, null, 2) + "\n");
  console.log(`written: ${path.relative(process.cwd(), file)}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
