/**
 * The size-matched floor of QUALITY.md: "a Remix page of the same size that touches no database".
 *
 * The bench build (`build-bench/`, built here with PORTAL_BENCH_FLOOR=1) has one page more than the portal's
 * build: GET /bench/floor?rows=N (bench/floor-route.tsx), a table of N made-up rows from a loader that reads no
 * database. For each page measured, the bench finds the N whose HTML is as large as that page's, and compares
 * the page with that floor in the same interleaved rounds.
 */
import fs from "node:fs";
import path from "node:path";
import { request, root, spawnGroup, untrackGroup } from "./lib.ts";
import type { Page } from "./load.ts";

export const BENCH_BUILD_DIR = "build-bench";

/** Builds build-bench/ (the portal plus the floor page); returns how long it took. */
export async function buildBenchCopy(): Promise<number> {
  console.log(`building ${BENCH_BUILD_DIR}/ (the portal plus the size-matched floor page)...`);
  const started = performance.now();
  const p = spawnGroup("npx", ["remix", "vite:build"], { ...process.env, NODE_ENV: "production", PORTAL_BENCH_FLOOR: "1" });
  const code = await p.exited;
  untrackGroup(p.pgid);
  if (code !== 0 || !fs.existsSync(path.join(root, BENCH_BUILD_DIR, "server/index.js"))) {
    throw new Error(`The bench build failed:\n${p.output.join("")}`);
  }
  return performance.now() - started;
}

async function floorBytes(base: string, rows: number) {
  const reply = await request(`${base}/bench/floor?rows=${rows}`, { headers: { "Accept-Encoding": "gzip" } });
  if (reply.status !== 200) throw new Error(`GET /bench/floor?rows=${rows} answered ${reply.status}: is the server running ${BENCH_BUILD_DIR}?`);
  return reply.body.length;
}

export interface SizedFloor extends Page {
  rows: number;
  htmlBytes: number;
}

/**
 * The floor page whose HTML is closest to `targetBytes` (uncompressed). Rows are about 0.5 KB each, so the
 * match is within half a row; a page smaller than the empty floor gets the empty floor.
 */
export async function sizeMatchedFloor(base: string, targetBytes: number): Promise<SizedFloor> {
  const empty = await floorBytes(base, 0);
  const hundred = await floorBytes(base, 100);
  const perRow = (hundred - empty) / 100;
  let rows = Math.max(0, Math.round((targetBytes - empty) / perRow));
  let bytes = await floorBytes(base, rows);
  // Rows differ a little in length (their numbers grow): step to the closest.
  for (let step = 0; step < 20; step++) {
    const next = bytes < targetBytes ? rows + 1 : rows - 1;
    if (next < 0) break;
    const nextBytes = await floorBytes(base, next);
    if (Math.abs(nextBytes - targetBytes) >= Math.abs(bytes - targetBytes)) break;
    rows = next;
    bytes = nextBytes;
  }
  return { name: `floor, ${(bytes / 1024).toFixed(1)} KB (${rows} rows)`, path: `/bench/floor?rows=${rows}`, rows, htmlBytes: bytes };
}
