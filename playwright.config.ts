import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_FLAGS, SYSTEM_CHROMIUM } from "./scripts/chromium.ts";

/**
 * End-to-end tests: the built portal (`npx remix vite:build` first; `npm test` does it) served by its own
 * server.ts on a fresh database (embedded; PostgreSQL with TEST_DATABASE_URL), driven by Chromium, with axe-core on every page reached.
 */

const PORT = Number(process.env.E2E_PORT ?? 3210);

// One fresh PGlite data directory per run. This file is also loaded by each worker process: the runner
// creates the directory and puts it in the environment, which the workers inherit, so they reuse it.
let dataDir = process.env.PORTAL_E2E_DATA_DIR;
if (!dataDir) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
  process.env.PORTAL_E2E_DATA_DIR = dataDir;
  const created = dataDir;
  // The server has been stopped by the time the runner exits: remove its database.
  process.on("exit", () => fs.rmSync(created, { recursive: true, force: true }));
}

// Debian's Chromium when present (no browser download needed); otherwise Playwright's own.
const launchOptions = fs.existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM, args: CHROMIUM_FLAGS } : {};

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  // Generous for a 2-core machine shared with other work; a passing run is far quicker.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // `npm test` (scripts/test.ts) sets PORTAL_E2E_JSON and PLAYWRIGHT_JSON_OUTPUT_NAME to read the counts.
  reporter: [[process.env.CI ? "line" : "list"], ...(process.env.PORTAL_E2E_JSON ? [["json"] as ["json"]] : [])],
  use: {
    ...devices["Desktop Chrome"],
    // Session and CSRF cookies are `__Host-` Secure cookies: Chromium keeps them on http://localhost.
    baseURL: `http://localhost:${PORT}`,
    launchOptions,
    trace: "retain-on-failure",
  },
  // The whole journeys first: the longest tests (the STLS journey waits a minute or two, in real time, for its visit
  // slot to begin), so they are not left running alone at the end while the other worker has nothing to do.
  // Playwright hands tests to workers project by project, in this order.
  projects: [
    { name: "journeys", testMatch: "**/*-journey.spec.ts" },
    { name: "pages", testIgnore: "**/*-journey.spec.ts" },
  ],
  webServer: {
    // server.ts on a fresh embedded database, or on a fresh PostgreSQL database with TEST_DATABASE_URL.
    command: "npx tsx tests/e2e/serve.ts",
    url: `http://127.0.0.1:${PORT}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      NODE_ENV: "production",
      // Every test signs in from 127.0.0.1: the per-IP limit of 10 a minute would refuse most of them.
      SIGN_IN_MAX_PER_IP_PER_MINUTE: "10000",
      LOG_LEVEL: "warn",
    },
  },
});
