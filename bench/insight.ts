/**
 * `npm run bench:insight -- --size kent|england`: the council insight dashboards at a council's size (issue 13,
 * ADR 73), on PostgreSQL. Generates the data with `npm run db:seed:scale` into a database of its own (or uses one
 * already generated: --database NAME, kept afterwards), starts the portal as production, signs in as the council
 * officer, and for each dashboard and export measures:
 *
 * - cold: one request just after every watched table has moved its change stamp (ADR 71), so the protected views
 *   are made again from the rows, as the first officer after a write would wait (the median of a few);
 * - under load: autocannon at 10 connections for ROUNDS rounds, interleaved with the other pages, p50 and p95 of
 *   every response, as QUALITY.md reads latency. No writes happen meanwhile, so these are the kept views' figures.
 *
 * Prints a markdown table and writes the raw figures to bench/results/insight-<size>-<date>.json.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { BENCH_BUILD_DIR, buildBenchCopy, type SizedFloor, sizeMatchedFloor } from "./floor.ts";
import { baseEnv, cleanUp, cleanUpOnSignals, cleanups, groupAlive, request, resultsDir, root, signIn, startServer, stopGroup } from "./lib.ts";
import { interleavedLoad, type LoadRow, machineFacts, type Page } from "./load.ts";

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const at = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at < 0) return undefined;
  return argv[at]!.includes("=") ? argv[at]!.slice(name.length + 3) : argv[at + 1];
};
if (argv.includes("--help")) {
  console.log(`npm run bench:insight -- [--size kent|england] [--database NAME] [--quick]
  --size       the data's size (default kent): npm run db:seed:scale -- --size ...
  --database   a database on BENCH_PG_URL's server already generated at that size: used, not dropped
  --quick      shorter rounds; rough figures`);
  process.exit(0);
}
const SIZE = arg("size") ?? "kent";
if (SIZE !== "kent" && SIZE !== "england") throw new Error("--size must be kent or england");
const REUSE = arg("database");
const QUICK = argv.includes("--quick");
const ROUNDS = QUICK ? 2 : 3;
const ROUND_S = QUICK ? 3 : 5;
const WARMUP_S = 2;
const COLD_TRIES = QUICK ? 3 : 5;
const CONNECTIONS = 10;
const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const OFFICER = { email: "officer@kent.example", password: "portal-demo-2026" };
/** QUALITY.md and issue 13: p95 at 10 connections. */
const TARGET_P95_MS = SIZE === "kent" ? 150 : 1_000;

function urlFor(name: string) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T extends pg.QueryResultRow>(sql: string, url = ADMIN_URL) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const DASHBOARDS: { name: string; path: string; marker: string }[] = [
  { name: "register", path: "/council/insight/register", marker: "Pupils on SEN registers" },
  { name: "funding", path: "/council/insight/funding", marker: "Funding requests and awards" },
  { name: "funding, one district", path: "/council/insight/funding?place=district:maidstone", marker: "Funding requests and awards" },
  { name: "STLS and LIFT", path: "/council/insight/stls", marker: "STLS referrals through LIFT" },
  { name: "training", path: "/council/insight/training", marker: "Training" },
  { name: "SRP", path: "/council/insight/srp", marker: "SRP places" },
  { name: "champions", path: "/council/insight/champions", marker: "Inclusion Champions&#x27; visits" },
  { name: "monitoring pack", path: "/council/insight/pack", marker: "Monitoring report pack" },
  { name: "funding CSV", path: "/council/insight/funding.csv", marker: "" },
  { name: "pack workbook", path: "/council/insight/pack.xlsx", marker: "" },
];

async function main() {
  cleanUpOnSignals("bench:insight stopped");
  const name = REUSE ?? `bench_insight_${SIZE}_${process.pid}`;
  const url = urlFor(name);
  let seedMs: number | null = null;
  if (!REUSE) {
    await admin(`CREATE DATABASE ${name}`);
    cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined, () => undefined));
    const started = performance.now();
    const seeded = spawnSync("npx", ["tsx", "db/cli.ts", "seed-scale", "--size", SIZE], { cwd: root, env: baseEnv({ DATABASE_URL: url, LOG_LEVEL: "warn" }), stdio: ["ignore", "inherit", "inherit"] });
    if (seeded.status !== 0) throw new Error(`db:seed:scale failed (${seeded.status})`);
    seedMs = performance.now() - started;
  }
  const [{ bytes }] = (await admin<{ bytes: string }>(`SELECT pg_database_size('${name}') AS bytes`)) as [{ bytes: string }];
  const counts = Object.fromEntries(
    (
      await admin<{ t: string; n: string }>(
        `SELECT 'pupils' AS t, count(*) AS n FROM pupils UNION ALL SELECT 'funding_requests', count(*) FROM funding_requests UNION ALL SELECT 'lift_referrals', count(*) FROM lift_referrals UNION ALL SELECT 'training_bookings', count(*) FROM training_bookings UNION ALL SELECT 'schools', count(*) FROM schools`,
        url,
      )
    ).map((r) => [r.t, Number(r.n)]),
  );
  console.log(`data: ${SIZE}, ${JSON.stringify(counts)}, ${(Number(bytes) / 1024 / 1024).toFixed(0)} MB${seedMs === null ? "" : `, generated in ${(seedMs / 1000).toFixed(0)} s`}`);

  if (!fs.existsSync(path.join(root, BENCH_BUILD_DIR, "server/index.js"))) await buildBenchCopy();
  // Every request waits for the figures being worked out (ADR 73), so the cold figures are the making's whole time.
  const server = await startServer({ DATABASE_URL: url, BUILD_DIR: BENCH_BUILD_DIR, INSIGHT_FRESH_WAIT_MS: "60000" }, { readyPath: "/login", pollMs: 50, timeoutMs: 180_000, host: "127.0.0.1" });
  cleanups.push(async () => void (groupAlive(server.pgid) && (await stopGroup(server))));
  const officer = await signIn(server.base, OFFICER, OFFICER.email);
  const sequences = (await admin<{ name: string }>(`SELECT sequencename AS name FROM pg_sequences WHERE sequencename LIKE 'insight_changes_%'`, url)).map((r) => r.name);
  const touch = new pg.Client({ connectionString: url });
  await touch.connect();
  cleanups.push(() => touch.end().catch(() => {}));

  // Cold: every stamp moved, then one request (the views made again from the rows).
  const cold: Record<string, { ms: number[]; bytes: number }> = {};
  for (const page of DASHBOARDS) {
    const times: number[] = [];
    let size = 0;
    for (let k = 0; k < COLD_TRIES; k++) {
      for (const seq of sequences) await touch.query(`SELECT nextval('${seq}')`);
      const started = performance.now();
      const reply = await request(`${server.base}${page.path}`, { headers: { Cookie: officer.cookie } });
      times.push(performance.now() - started);
      size = reply.body.length;
      if (reply.status !== 200 || (page.marker && !reply.body.toString().includes(page.marker))) {
        throw new Error(`GET ${page.path} answered ${reply.status} without "${page.marker}": ${reply.body.toString().slice(0, 400)}`);
      }
    }
    times.sort((a, b) => a - b);
    cold[page.name] = { ms: times, bytes: size };
    console.log(`cold ${page.name.padEnd(24)} median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(", ")}), ${(size / 1024).toFixed(1)} KB`);
  }

  // Each page once more, so that every one's views are made again after the stamps the cold step moved last.
  for (const page of DASHBOARDS) {
    const reply = await request(`${server.base}${page.path}`, { headers: { Cookie: officer.cookie } });
    if (reply.status !== 200) throw new Error(`GET ${page.path} answered ${reply.status}`);
  }

  // Under load: the pages interleaved, 10 connections.
  const pgAdmin = new pg.Client({ connectionString: ADMIN_URL });
  await pgAdmin.connect();
  cleanups.push(() => pgAdmin.end().catch(() => {}));
  // Each page against the framework's floor of its own size (QUALITY.md): the same Remix page with no database. The
  // exports are downloads, not pages: they are set against the smallest floor, for their figures alone.
  const floors = new Map<number, SizedFloor>();
  const floorFor = async (bytes: number) => {
    const floor = await sizeMatchedFloor(server.base, bytes);
    const same = floors.get(floor.rows);
    if (same) return same;
    floors.set(floor.rows, floor);
    return floor;
  };
  const pages: Page[] = [];
  for (const d of DASHBOARDS) {
    const html = d.path.endsWith(".csv") || d.path.endsWith(".xlsx") ? 0 : cold[d.name]!.bytes;
    pages.push({ name: d.name, path: d.path, cookie: officer.cookie, floor: await floorFor(html) });
  }
  pages.unshift(...floors.values());
  const load: LoadRow[] = await interleavedLoad(server, pages, { connections: CONNECTIONS, warmupS: WARMUP_S, rounds: ROUNDS, roundS: ROUND_S, gzip: true, cpu: { pgAdmin, dbName: name } });
  await stopGroup(server);

  const lines = [
    `| page | cold, median ms | req/s | × own floor (req/s, CPU) | p50 ms | p95 ms | p95 × floor's | p95 within ${TARGET_P95_MS} ms | app + db CPU ms/req | failures |`,
    "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ...load.map((row) => {
      const c = cold[row.page];
      const floor = load.find((r) => r.page === row.floorPage)!;
      const failures = row.non2xx + row.errors;
      const coldMs = c ? c.ms[Math.floor(c.ms.length / 2)]!.toFixed(0) : "–";
      const isFloor = row.path.startsWith("/bench/floor");
      const against = isFloor ? "–" : `${row.ratio.toFixed(2)}, ${row.cpuRatio.toFixed(2)}`;
      return `| ${row.page} | ${coldMs} | ${row.rps.toFixed(0)} | ${against} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${isFloor ? "–" : (row.p95 / floor.p95).toFixed(2)} | ${row.p95 <= TARGET_P95_MS ? "yes" : "**no**"} | ${row.appCpuMsPerReq.toFixed(2)} + ${row.dbCpuMsPerReq?.toFixed(2) ?? "–"} | ${failures} |`;
    }),
  ];
  console.log(`\n${lines.join("\n")}`);
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = path.join(resultsDir, `insight-${SIZE}-${stamp}${QUICK ? "-quick" : ""}.json`);
  fs.writeFileSync(file, JSON.stringify({ date: stamp, size: SIZE, quick: QUICK, machine: machineFacts(), counts, databaseBytes: Number(bytes), seedMs, cold, load, targetP95Ms: TARGET_P95_MS, commit: execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim() }, null, 2) + "\n");
  console.log(`written: ${path.relative(process.cwd(), file)}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
