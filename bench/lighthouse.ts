/**
 * `npm run bench:lighthouse`: Lighthouse performance, accessibility and best-practices scores of the main pages
 * (QUALITY.md: "Lighthouse performance and accessibility scores of 95 or more on the main pages").
 *
 * It builds the app when build/ is missing, starts its own server (`npx tsx server.ts`, production, a fresh PGlite
 * DATA_DIR seeded with the demo data), signs in over HTTP as the council officer and the administrator, then runs
 * Lighthouse 12 (as a library) in headless Chromium on each page, on mobile (Lighthouse's default: Moto G Power
 * screen, simulated slow 4G and 4× CPU slowdown) and on desktop. It prints a markdown table and writes the figures,
 * and the audits that cost points, to bench/results/lighthouse-<date>.json (gitignored), with each run's HTML
 * report next to it. Nothing is downloaded: Chromium resolves no host but localhost, and the script checks that
 * every request Lighthouse saw went to the portal.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig, type Config, type Flags, type Result } from "lighthouse";
import { cleanups, cleaningUp, cleanUp, cleanUpOnSignals, ensureBuild, gitCommit, gitDirty, groupAlive, packageVersion } from "./lib.ts";
import { recordGroupsIn, resultsDir, root, signIn, sleep, startServer as startPortal, stopGroup, trackGroup, untrackGroup, type Server } from "./lib.ts";
import { CHROMIUM_FLAGS, SYSTEM_CHROMIUM } from "../scripts/chromium.ts";

// ---------------------------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(`Usage: npm run bench:lighthouse [-- --runs N] [-- --mobile-only | --desktop-only] [-- --no-html]
  --runs N        Lighthouse runs per page and form factor (default 1); the table shows the run with the median
                  performance score, and the range when N > 1
  --mobile-only   only the mobile form factor (Lighthouse's default)     --desktop-only  only desktop
  --no-html       do not write each run's HTML report
Environment: CHROME_PATH (default /usr/bin/chromium).`);
  process.exit(0);
}
function option(name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}
const RUNS = Math.max(1, Number(option("--runs") ?? 1) || 1);
const FORM_FACTORS: FormFactor[] = argv.includes("--mobile-only") ? ["mobile"] : argv.includes("--desktop-only") ? ["desktop"] : ["mobile", "desktop"];
const WRITE_HTML = !argv.includes("--no-html");
const CHROME_PATH = process.env.CHROME_PATH ?? SYSTEM_CHROMIUM;
const TARGET = 95;

type FormFactor = "mobile" | "desktop";
type Role = "officer" | "admin";

const USERS: Record<Role, { email: string; password: string }> = {
  officer: { email: "officer@kent.example", password: "portal-demo-2026" },
  admin: { email: "admin@kent.example", password: "portal-demo-2026" },
};

interface Page {
  path: string;
  as: Role | null;
}

const PAGES: Page[] = [
  { path: "/login", as: null },
  { path: "/accessibility", as: null },
  { path: "/home", as: "officer" },
  { path: "/schools", as: "officer" },
  { path: "/admin/users", as: "admin" },
];

const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;

const CHROME_FLAGS = [
  "--headless=new",
  ...CHROMIUM_FLAGS,
  // Belt and braces for "no network": every host name but localhost fails to resolve.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
];

// ---------------------------------------------------------------------------------------------------------------
// Processes: the server runs in its own process group (npx, tsx and node stop together), and so does each
// Chromium (chrome-launcher starts it detached); both are killed on the way out, also on error or Ctrl-C.
// Everything else the run needs (the server's DATA_DIR, Chromium's profiles) lives in one temporary directory,
// deleted at the end. A watchdog shell outlives this process: if it dies without cleaning up (tsx answers a
// Ctrl-C by SIGKILL-ing a child that is busy for more than 30 ms, which Lighthouse often is), the watchdog
// stops the process groups listed in that directory and deletes it.

let runDir: string | null = null;

const WATCHDOG = `
while kill -0 "$1" 2>/dev/null; do sleep 1; done
[ -d "$2" ] || exit 0
for g in $(cat "$2/groups" 2>/dev/null); do kill -TERM "-$g" 2>/dev/null; done
sleep 3
for g in $(cat "$2/groups" 2>/dev/null); do kill -KILL "-$g" 2>/dev/null; done
rm -rf -- "$2"`;

function makeRunDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-lighthouse-"));
  runDir = dir;
  recordGroupsIn(path.join(dir, "groups"));
  spawn("sh", ["-c", WATCHDOG, "lighthouse-watchdog", String(process.pid), dir], { detached: true, stdio: "ignore" }).unref();
  return dir;
}

// ---------------------------------------------------------------------------------------------------------------
// Build, server and signing in (lib.ts)

async function startServer(dir: string, timeoutMs = 120_000): Promise<Server> {
  const dataDir = path.join(dir, "data");
  fs.mkdirSync(dataDir);
  return startPortal(
    { DATA_DIR: dataDir, SIGN_IN_MAX_PER_IP_PER_MINUTE: "100000" },
    { readyPath: "/health", pollMs: 100, timeoutMs, host: "localhost", onSpawn: (p) => cleanups.push(() => stopGroup(p, 10_000)) },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Lighthouse

interface Lost {
  id: string;
  title: string;
  /** Points of the category score this audit costs (weight × (1 − score) over the category's total weight × 100). */
  points: number;
  score: number | null;
  displayValue?: string;
  /** A few of the elements or resources it names. */
  items?: string[];
}

interface Run {
  page: string;
  as: Role | null;
  formFactor: FormFactor;
  run: number;
  finalUrl: string;
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  metrics: { fcpMs: number | null; lcpMs: number | null; tbtMs: number | null; cls: number | null; siMs: number | null };
  /** Weighted audits that cost points, per category, largest loss first. */
  lost: Record<(typeof CATEGORIES)[number], Lost[]>;
  /** Performance opportunities and diagnostics below 0.9 (no weight of their own: they explain the metrics). */
  diagnostics: Lost[];
  warnings: string[];
  offOrigin: string[];
  seconds: number;
  report?: string;
}

function itemLabels(audit: Result["audits"][string]): string[] | undefined {
  const details = audit.details as { items?: Record<string, unknown>[] } | undefined;
  if (!details?.items?.length) return undefined;
  return details.items.slice(0, 5).map((item) => {
    const node = item.node as { snippet?: string; nodeLabel?: string } | undefined;
    if (node?.snippet) return `${node.snippet.slice(0, 160)}${node.nodeLabel ? ` ("${node.nodeLabel.slice(0, 60)}")` : ""}`;
    if (typeof item.reason === "string") return item.reason;
    if (typeof item.url === "string") return item.url;
    if (typeof item.source === "string") return item.source;
    if (typeof item.description === "string") return item.description.slice(0, 200);
    return JSON.stringify(item).slice(0, 200);
  });
}

function summarise(lhr: Result): Pick<Run, "scores" | "metrics" | "lost" | "diagnostics" | "offOrigin"> {
  const score = (id: string) => {
    const s = lhr.categories[id]?.score;
    return s === null || s === undefined ? null : Math.round(s * 100);
  };
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? null;
  const lost = {} as Run["lost"];
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    const total = category?.auditRefs.reduce((sum, ref) => sum + ref.weight, 0) ?? 0;
    lost[id] = (category?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .flatMap((ref) => {
        const audit = lhr.audits[ref.id];
        if (!audit || audit.score === null || audit.score >= 1) return [];
        return [{
          id: ref.id,
          title: audit.title,
          points: Math.round(((ref.weight * (1 - audit.score)) / total) * 1000) / 10,
          score: audit.score,
          displayValue: audit.displayValue,
          items: itemLabels(audit),
        }];
      })
      .sort((a, b) => b.points - a.points);
  }
  const perfRefs = lhr.categories.performance?.auditRefs ?? [];
  const diagnostics = perfRefs
    .filter((ref) => ref.weight === 0 && !["metrics", "hidden"].includes(ref.group ?? ""))
    .flatMap((ref) => {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 0.9 || audit.scoreDisplayMode === "informative") return [];
      return [{ id: ref.id, title: audit.title, points: 0, score: audit.score, displayValue: audit.displayValue, items: itemLabels(audit) }];
    });
  const origin = new URL(lhr.finalDisplayedUrl).origin;
  const requests = (lhr.audits["network-requests"]?.details as { items?: { url?: string }[] } | undefined)?.items ?? [];
  const offOrigin = requests
    .map((r) => r.url ?? "")
    .filter((url) => url && !url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:"));
  return {
    scores: { performance: score("performance"), accessibility: score("accessibility"), "best-practices": score("best-practices") },
    metrics: {
      fcpMs: numeric("first-contentful-paint"),
      lcpMs: numeric("largest-contentful-paint"),
      tbtMs: numeric("total-blocking-time"),
      cls: numeric("cumulative-layout-shift"),
      siMs: numeric("speed-index"),
    },
    lost,
    diagnostics,
    offOrigin,
  };
}

/** The Chromium being launched or in use, for the clean-up on error or Ctrl-C. */
let chromeLaunch: Promise<chromeLauncher.LaunchedChrome> | null = null;
let chromeCount = 0;

/** SIGKILL to Chromium's process group (chrome-launcher's kill), then wait until the group is gone. */
async function stopChrome(chrome: chromeLauncher.LaunchedChrome) {
  chrome.kill();
  const deadline = Date.now() + 5_000;
  while (groupAlive(chrome.pid) && Date.now() < deadline) await sleep(50);
  untrackGroup(chrome.pid);
}

/** Lighthouse's own "run it again" failures (NO_NAVSTART, PROTOCOL_TIMEOUT...), seen now and then on 2 busy cores. */
class RuntimeError extends Error {}
const ATTEMPTS = 3;

async function runWithRetries(...args: Parameters<typeof runLighthouse>): Promise<Run> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await runLighthouse(...args);
      if (attempt > 1) r.warnings.push(`succeeded at attempt ${attempt}`);
      return r;
    } catch (error) {
      if (!(error instanceof RuntimeError) || attempt >= ATTEMPTS) throw error;
      console.warn(`    ${error.message}: trying again (${attempt + 1}/${ATTEMPTS})`);
    }
  }
}

async function runLighthouse(base: string, page: Page, cookie: string | null, formFactor: FormFactor, run: number, stamp: string): Promise<Run> {
  const url = `${base}${page.path}`;
  const started = performance.now();
  // A fresh Chromium (and profile) per run: no cookie or cache carries over from the page before.
  if (cleaningUp()) throw new Error("stopping");
  const userDataDir = path.join(runDir ?? os.tmpdir(), `chrome-${++chromeCount}`);
  fs.mkdirSync(userDataDir, { recursive: true });
  chromeLaunch = chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS, userDataDir, logLevel: "silent", handleSIGINT: false });
  const chrome = await chromeLaunch;
  // chrome-launcher starts Chromium in its own process group: the exit handler and the watchdog kill it if
  // nothing else did.
  trackGroup(chrome.pid);
  try {
    const flags: Flags = {
      port: chrome.port,
      logLevel: "error",
      output: "html",
      onlyCategories: [...CATEGORIES],
      extraHeaders: cookie ? { Cookie: cookie } : undefined,
    };
    const config: Config | undefined = formFactor === "desktop" ? desktopConfig : undefined;
    const result = await lighthouse(url, flags, config);
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new RuntimeError(`Lighthouse could not load ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    if (new URL(lhr.finalDisplayedUrl).pathname !== page.path) {
      throw new Error(`${url} ended at ${lhr.finalDisplayedUrl}${page.as ? " (the session cookie did not work?)" : ""}`);
    }
    let report: string | undefined;
    if (WRITE_HTML) {
      const dir = path.join(resultsDir, `lighthouse-${stamp}`);
      fs.mkdirSync(dir, { recursive: true });
      report = path.join(dir, `${page.path.slice(1).replaceAll("/", "-")}-${formFactor}-${run}.html`);
      fs.writeFileSync(report, Array.isArray(result.report) ? result.report.join("\n") : result.report);
      report = path.relative(root, report);
    }
    return {
      page: page.path,
      as: page.as,
      formFactor,
      run,
      finalUrl: lhr.finalDisplayedUrl,
      ...summarise(lhr),
      warnings: lhr.runWarnings.map(String),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      report,
    };
  } finally {
    await stopChrome(chrome);
    chromeLaunch = null;
    fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5 });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

const ms = (n: number | null) => (n === null ? "-" : n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
const num = (n: number | null, digits = 3) => (n === null ? "-" : n.toFixed(digits));
const mark = (n: number | null) => (n === null ? "-" : n >= TARGET ? `${n}` : `**${n}**`);

function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => (a.scores.performance ?? 0) - (b.scores.performance ?? 0));
  return sorted[Math.floor((sorted.length - 1) / 2)] as Run;
}

function table(rows: { chosen: Run; runs: Run[] }[]): string {
  const range = (runs: Run[], key: (typeof CATEGORIES)[number]) => {
    const values = runs.map((r) => r.scores[key] ?? 0);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return lo === hi ? "" : ` (${lo}–${hi})`;
  };
  const lines = [
    "| page | signed in as | form factor | performance | accessibility | best practices | FCP | LCP | TBT | CLS |",
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const { chosen: r, runs } of rows) {
    lines.push(
      `| ${r.page} | ${r.as ?? "signed out"} | ${r.formFactor} | ${mark(r.scores.performance)}${range(runs, "performance")} | ` +
        `${mark(r.scores.accessibility)}${range(runs, "accessibility")} | ${r.scores["best-practices"] ?? "-"} | ` +
        `${ms(r.metrics.fcpMs)} | ${ms(r.metrics.lcpMs)} | ${ms(r.metrics.tbtMs)} | ${num(r.metrics.cls)} |`,
    );
  }
  return lines.join("\n");
}

function lostSummary(rows: { chosen: Run }[]): string {
  const lines: string[] = [];
  for (const id of CATEGORIES) {
    // audit id -> where it cost points, and how many
    const byAudit = new Map<string, { title: string; where: string[]; max: number; example?: Lost }>();
    for (const { chosen: r } of rows) {
      for (const l of r.lost[id]) {
        const entry = byAudit.get(l.id) ?? { title: l.title, where: [], max: 0, example: l };
        entry.where.push(`${r.page} ${r.formFactor} −${l.points}${l.displayValue ? ` (${l.displayValue})` : ""}`);
        entry.max = Math.max(entry.max, l.points);
        byAudit.set(l.id, entry);
      }
    }
    if (byAudit.size === 0) {
      lines.push(`- ${id}: nothing lost`);
      continue;
    }
    lines.push(`- ${id}:`);
    for (const [auditId, e] of [...byAudit].sort((a, b) => b[1].max - a[1].max)) {
      lines.push(`  - \`${auditId}\` ${e.title}: ${e.where.join("; ")}`);
      for (const item of e.example?.items?.slice(0, 3) ?? []) lines.push(`    - ${item.replace(/\s+/g, " ")}`);
    }
  }
  const diagnostics = new Map<string, Set<string>>();
  for (const { chosen: r } of rows) {
    for (const d of r.diagnostics) {
      const set = diagnostics.get(`\`${d.id}\` ${d.title}`) ?? new Set<string>();
      set.add(`${r.page} ${r.formFactor}${d.displayValue ? ` (${d.displayValue})` : ""}`);
      diagnostics.set(`\`${d.id}\` ${d.title}`, set);
    }
  }
  if (diagnostics.size) {
    lines.push("- performance diagnostics below 0.9 (no weight; they explain the metrics):");
    for (const [title, where] of diagnostics) lines.push(`  - ${title}: ${[...where].join("; ")}`);
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Main

cleanUpOnSignals("stopping Chromium and the server...");

async function main() {
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  if (!fs.existsSync(CHROME_PATH)) throw new Error(`No Chromium at ${CHROME_PATH} (set CHROME_PATH)`);
  await ensureBuild();
  const dir = makeRunDir();
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  console.log("Starting the portal (fresh PGlite DATA_DIR, demo seed)...");
  const server = await startServer(dir);
  // Registered last, so it runs first: Chromium stops before the server and the run directory go.
  cleanups.push(async () => {
    if (!chromeLaunch) return;
    try {
      await stopChrome(await chromeLaunch);
    } catch {
      // never started, or already gone
    }
  });
  const signInAs = async (role: Role) => (await signIn(server.base, USERS[role], role)).cookie;
  const cookies: Record<Role, string> = { officer: await signInAs("officer"), admin: await signInAs("admin") };
  console.log(`Server ready at ${server.base}; signed in as officer and admin. Lighthouse: ${PAGES.length} pages × ${FORM_FACTORS.join(", ")} × ${RUNS} run(s).`);

  const rows: { chosen: Run; runs: Run[] }[] = [];
  for (const formFactor of FORM_FACTORS) {
    for (const page of PAGES) {
      const runs: Run[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const r = await runWithRetries(server.base, page, page.as ? cookies[page.as] : null, formFactor, run, stamp);
        console.log(
          `  ${page.path} ${formFactor} #${run}: performance ${r.scores.performance}, accessibility ${r.scores.accessibility}, ` +
            `best practices ${r.scores["best-practices"]} (${r.seconds} s)`,
        );
        if (r.offOrigin.length) console.warn(`    requests outside the portal: ${r.offOrigin.join(", ")}`);
        for (const w of r.warnings) console.warn(`    warning: ${w}`);
        runs.push(r);
      }
      rows.push({ chosen: median(runs), runs });
    }
  }

  const chromium = spawnSync(CHROME_PATH, ["--version"]).stdout?.toString().trim();
  const lighthouseVersion = packageVersion("lighthouse");
  const commit = gitCommit();
  const dirty = gitDirty();
  const header =
    `Lighthouse ${lighthouseVersion}, ${chromium}, run ${startedAt.toISOString()} at commit ${commit}${dirty ? " (uncommitted changes)" : ""}; ` +
    `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load average at the end ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}. ` +
    `Mobile: Lighthouse's default (simulated slow 4G, 4× CPU slowdown); desktop: its desktop config (simulated, no CPU slowdown). ` +
    `${RUNS > 1 ? `Median of ${RUNS} runs by performance score (range in brackets). ` : "One run each. "}Target: ${TARGET}; bold is below it.`;
  const report = `${header}\n\n${table(rows)}\n\nAudits that cost points (points of the category score, in the runs shown in the table):\n\n${lostSummary(rows)}\n`;
  console.log(`\n${report}`);

  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `lighthouse-${stamp}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ date: startedAt.toISOString(), lighthouse: lighthouseVersion, chromium, commit, dirty, runsPerPage: RUNS, target: TARGET, table: rows.map((r) => r.chosen), runs: rows.flatMap((r) => r.runs) }, null, 2)}\n`,
  );
  fs.writeFileSync(file.replace(/\.json$/, ".md"), report);
  console.log(`Wrote ${path.relative(root, file)} (and .md)${WRITE_HTML ? `, HTML reports in bench/results/lighthouse-${stamp}/` : ""}.`);
}

const started = performance.now();
main()
  .catch((error: unknown) => {
    if (cleaningUp()) return; // stopped by a signal: what failed next does not matter
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
    console.log(`Done in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  });
