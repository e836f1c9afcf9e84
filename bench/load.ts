/**
 * What `bench/run.ts` and `bench/funding.ts` share to measure pages under load: autocannon rounds interleaved
 * between pages, latency percentiles per response, and CPU time read from /proc (the server's process group,
 * its PostgreSQL backends, and everything else on the machine).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import autocannon, { type Result as CannonResult } from "autocannon";
import type pg from "pg";
import { gitCommit, gitDirty, sleep, type Server } from "./lib.ts";

// ---------------------------------------------------------------------------------------------------------------
// CPU time, read from /proc: the server's process group, and (on PostgreSQL) the backends serving its database.
// Unlike req/s, CPU per request does not depend much on the load generator sharing the two cores.

const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100;

function procCpuMs(pid: number): { pgrp: number; ms: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15.
    return { pgrp: Number(fields[2]), ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK };
  } catch {
    return null;
  }
}

function groupCpuMs(pgid: number): number {
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const info = procCpuMs(Number(entry));
    if (info && info.pgrp === pgid) total += info.ms;
  }
  return total;
}

/** CPU time the whole machine spent busy (all cores), from /proc/stat. */
function machineBusyMs(): number {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / CLK_TCK;
}

/** Share of the machine's CPU busy over `ms` (nothing of ours runs while this is called). */
export async function machineBusyShare(ms: number) {
  const before = machineBusyMs();
  await sleep(ms);
  return (machineBusyMs() - before) / (os.cpus().length * ms);
}

type CpuSnapshot = { app: number; db: Map<number, number>; machine: number };

/** Where to find the database's CPU: on PostgreSQL, the backends connected to `dbName` (found with `pgAdmin`). */
/** The load average now, as the reports print it: "1.58 2.69 4.63". */
export function loadAverage(): string {
  return os.loadavg().map((n) => n.toFixed(2)).join(" ");
}

/** What both benchmarks record about the machine and the code at the start of a run. */
export function machineFacts() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadavgAtStart: loadAverage(),
    loadavgAtEnd: null as string | null,
    /** Share of all cores busy during 2 s before the bench started (someone else's work). */
    busyBeforeStart: 0,
    commit: gitCommit(),
    worktreeDirty: gitDirty(),
    postgres: null as string | null,
  };
}

/**
 * Before a run: with `waitQuiet`, wait (up to 15 minutes) until other processes use under 15 % of the machine;
 * then measure how busy it is over 2 s, warn when over 20 %, and return that share for the report.
 */
export async function settleBeforeStart(waitQuiet: boolean): Promise<number> {
  if (waitQuiet) {
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const busy = await machineBusyShare(5_000);
      if (busy < 0.15) break;
      if (Date.now() > deadline) {
        console.warn(`  still busy (${(busy * 100).toFixed(0)}%) after 15 minutes: running anyway`);
        break;
      }
      console.log(`  waiting for a quiet machine: ${(busy * 100).toFixed(0)}% busy`);
    }
  }
  const busy = await machineBusyShare(2_000);
  if (busy > 0.2) console.warn(`  warning: the machine was ${(busy * 100).toFixed(0)}% busy before the bench started: figures will be noisy`);
  return busy;
}

export type Cpu = { pgAdmin: pg.Client | null; dbName: string | null };

async function cpuSnapshot(server: Server, cpu: Cpu): Promise<CpuSnapshot> {
  const db = new Map<number, number>();
  if (cpu.pgAdmin && cpu.dbName) {
    const { rows } = await cpu.pgAdmin.query<{ pid: number }>("select pid from pg_stat_activity where datname = $1", [cpu.dbName]);
    for (const { pid } of rows) {
      const info = procCpuMs(pid);
      if (info) db.set(pid, info.ms);
    }
  }
  return { app: groupCpuMs(server.pgid), db, machine: machineBusyMs() };
}

function cpuDelta(before: CpuSnapshot, after: CpuSnapshot) {
  let db = 0;
  for (const [pid, ms] of after.db) db += ms - (before.db.get(pid) ?? 0);
  return { appMs: after.app - before.app, dbMs: db, machineMs: after.machine - before.machine };
}

// ---------------------------------------------------------------------------------------------------------------
// Load. Noise on this shared machine comes in bursts (someone's test run), so each page is measured in several
// short rounds, interleaved with the floor and the other pages in a rotating order: a burst then hits every page
// alike instead of one page's whole run. Figures pool the rounds; the JSON keeps each round.

/**
 * A page to measure. `floor` is the page its ratio is taken against (it must be in the same list); without one,
 * the first page of the list is the floor.
 */
export type Page = { name: string; path: string; cookie?: string; floor?: Page };

/** What a measurement (one round, or the rounds pooled) found: throughput and latency (ms). */
export interface Measured {
  durationS: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface Round extends Measured {
  round: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  appCpuMs: number;
  dbCpuMs: number | null;
  benchCpuMs: number;
  /**
   * Share of the machine's CPU (all cores) used during the round by anything other than this server, its
   * PostgreSQL backends and the load generator: another engineer's tests, builds... High values make it noisy.
   */
  otherCpuShare: number;
}

export interface LoadRow extends Measured {
  page: string;
  path: string;
  /** The name of the page this one's ratios are taken against. */
  floorPage: string;
  connections: number;
  rounds: number;
  max: number;
  non2xx: number;
  errors: number;
  appCpuMsPerReq: number;
  dbCpuMsPerReq: number | null;
  benchCpuMsPerReq: number;
  otherCpuShare: number;
  /** The floor's pooled req/s in the same rounds, and this page's req/s over it. */
  floorRps: number;
  ratio: number;
  /** The smallest and largest per-round ratio (page's req/s over the floor's in the same round). */
  ratioRange: [number, number];
  /** Floor's server CPU per request over this page's (app + database): the ratio if the server had the cores to itself. */
  cpuRatio: number;
  perRound: Round[];
}

export interface LoadOptions {
  connections: number;
  warmupS: number;
  rounds: number;
  roundS: number;
  /** Send `Accept-Encoding: gzip` like a browser. */
  gzip: boolean;
  cpu: Cpu;
  /** Called before each round (e.g. to wait for a quiet machine). */
  beforeRound?: () => Promise<void>;
}

function cannon(options: { url: string; connections: number; duration: number; headers: Record<string, string> }, latencies?: number[]) {
  return new Promise<CannonResult>((resolve, reject) => {
    const instance = autocannon({ ...options, timeout: 10 }, (error, result) => (error ? reject(error) : resolve(result)));
    if (latencies) instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
}

export function percentile(sorted: Float64Array, p: number) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

function headersFor(page: Page, gzip: boolean) {
  const headers: Record<string, string> = {};
  if (gzip) headers["accept-encoding"] = "gzip";
  if (page.cookie) headers.cookie = page.cookie;
  return headers;
}

async function measureRound(server: Server, page: Page, round: number, options: LoadOptions, latencies: number[]): Promise<Round> {
  await options.beforeRound?.();
  const mine: number[] = [];
  const before = await cpuSnapshot(server, options.cpu);
  const benchBefore = process.cpuUsage();
  const result = await cannon(
    { url: `${server.base}${page.path}`, connections: options.connections, duration: options.roundS, headers: headersFor(page, options.gzip) },
    mine,
  );
  const benchUsed = process.cpuUsage(benchBefore);
  const after = await cpuSnapshot(server, options.cpu);
  for (const ms of mine) latencies.push(ms);
  const sorted = Float64Array.from(mine).sort();
  const delta = cpuDelta(before, after);
  const benchMs = (benchUsed.user + benchUsed.system) / 1000;
  return {
    round,
    durationS: result.duration,
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
    appCpuMs: delta.appMs,
    dbCpuMs: options.cpu.pgAdmin ? delta.dbMs : null,
    benchCpuMs: benchMs,
    otherCpuShare: Math.max(0, (delta.machineMs - delta.appMs - delta.dbMs - benchMs) / (os.cpus().length * result.duration * 1000)),
  };
}

/**
 * Measures `pages` (each compared with its `floor`, or else with the first page) at one connection count: a warm-up
 * per page, then `rounds` rounds in a rotating order (floor, a, b / a, b, floor / ...). One row per page.
 */
export async function interleavedLoad(server: Server, pages: Page[], options: LoadOptions): Promise<LoadRow[]> {
  const { connections, cpu } = options;
  for (const page of pages) {
    await cannon({ url: `${server.base}${page.path}`, connections, duration: options.warmupS, headers: headersFor(page, options.gzip) });
  }
  const rounds = new Map<Page, Round[]>(pages.map((p) => [p, []]));
  const latencies = new Map<Page, number[]>(pages.map((p) => [p, []]));
  for (let r = 0; r < options.rounds; r++) {
    const order = pages.map((_, i) => pages[(i + r) % pages.length]!);
    for (const page of order) rounds.get(page)!.push(await measureRound(server, page, r + 1, options, latencies.get(page)!));
  }
  const pooled = (page: Page) => {
    const list = rounds.get(page)!;
    const sum = (f: (x: Round) => number) => list.reduce((n, x) => n + f(x), 0);
    const requests = sum((x) => x.requests);
    const durationS = sum((x) => x.durationS);
    const sorted = Float64Array.from(latencies.get(page)!).sort();
    return {
      list,
      requests,
      durationS,
      rps: requests / durationS,
      sorted,
      appCpuMsPerReq: sum((x) => x.appCpuMs) / (requests || 1),
      dbCpuMsPerReq: cpu.pgAdmin ? sum((x) => x.dbCpuMs ?? 0) / (requests || 1) : null,
      benchCpuMsPerReq: sum((x) => x.benchCpuMs) / (requests || 1),
      otherCpuShare: sum((x) => x.otherCpuShare * x.durationS) / durationS,
    };
  };
  const pooledByPage = new Map(pages.map((page) => [page, pooled(page)]));
  return pages.map((page) => {
    const p = pooledByPage.get(page)!;
    const floor = pooledByPage.get(page.floor ?? pages[0]!);
    if (!floor) throw new Error(`The floor of ${page.name} is not among the pages measured`);
    const perRoundRatios = p.list.map((x, i) => x.rps / floor.list[i]!.rps);
    return {
      page: page.name,
      path: page.path,
      floorPage: (page.floor ?? pages[0]!).name,
      connections,
      rounds: p.list.length,
      durationS: p.durationS,
      requests: p.requests,
      rps: p.rps,
      p50: percentile(p.sorted, 50),
      p95: percentile(p.sorted, 95),
      p99: percentile(p.sorted, 99),
      max: p.sorted.length ? p.sorted[p.sorted.length - 1]! : NaN,
      non2xx: p.list.reduce((n, x) => n + x.non2xx, 0),
      errors: p.list.reduce((n, x) => n + x.errors, 0),
      appCpuMsPerReq: p.appCpuMsPerReq,
      dbCpuMsPerReq: p.dbCpuMsPerReq,
      benchCpuMsPerReq: p.benchCpuMsPerReq,
      otherCpuShare: p.otherCpuShare,
      floorRps: floor.rps,
      ratio: p.rps / floor.rps,
      ratioRange: [Math.min(...perRoundRatios), Math.max(...perRoundRatios)],
      cpuRatio: floor.appCpuMsPerReq / (p.appCpuMsPerReq + (p.dbCpuMsPerReq ?? 0)),
      perRound: p.list,
    };
  });
}

/** One line for the console: req/s, ratio, percentiles, CPU per request, noise and failures. */
export function loadLine(row: LoadRow, width = 21) {
  const bad = row.non2xx || row.errors ? `  !! ${row.non2xx} non-2xx, ${row.errors} errors` : "";
  return (
    `  ${row.page.padEnd(width)} c=${String(row.connections).padEnd(3)}${row.rps.toFixed(0).padStart(5)} req/s (×${row.ratio.toFixed(2)})  ` +
    `p50 ${row.p50.toFixed(1)}  p95 ${row.p95.toFixed(1)}  p99 ${row.p99.toFixed(1)} ms  ` +
    `cpu ${row.appCpuMsPerReq.toFixed(2)}+${(row.dbCpuMsPerReq ?? 0).toFixed(2)} ms/req  other load ${(row.otherCpuShare * 100).toFixed(0)}%${bad}`
  );
}
