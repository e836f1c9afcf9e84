import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild, root } from "./ensure-build.ts";

// `npm test`: the whole suite with no external services. Builds if needed, runs Vitest (integration
// tests on PGlite, or on PostgreSQL when TEST_DATABASE_URL is set), then Playwright (end-to-end, axe),
// and prints one closing line with the counts of both. `npm test -- --integration-only` runs Vitest alone
// (CI runs the browser suite once, on the embedded database, and the integration suite on both).

const reports = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-"));
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(npx, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

ensureBuild();

const vitestReport = path.join(reports, "vitest.json");
const vitestStatus = run(["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
const integrationOnly = process.argv.includes("--integration-only");
let playwrightStatus = integrationOnly ? 0 : 1;
const playwrightReport = path.join(reports, "playwright.json");
if (integrationOnly) {
  console.log("\nEnd-to-end tests not run (--integration-only).");
} else if (vitestStatus === 0) {
  playwrightStatus = run(["playwright", "test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport, PORTAL_E2E_JSON: "1" });
} else {
  console.error("\nVitest failed: end-to-end tests not run.");
}

const vitest = readJson<{ numPassedTests: number; numFailedTests: number }>(vitestReport);
const playwright = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(playwrightReport);
const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats.expected ?? 0);
const failed = (vitest?.numFailedTests ?? 0) + (playwright?.stats.unexpected ?? 0) + (playwright?.stats.flaky ?? 0);
const database = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
console.log(`\nVitest: ${vitest?.numPassedTests ?? 0} passed; Playwright: ${playwright?.stats.expected ?? 0} passed (integration tests on ${database})`);
console.log(`Tests: ${passed} passed, ${failed} failed`);
fs.rmSync(reports, { recursive: true, force: true });
process.exit(vitestStatus !== 0 ? vitestStatus : playwrightStatus);
