import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { migrateToLatest, openPglite, openPostgres } from "../../app/db.server.ts";
import { seedDemo } from "../../db/seed/demo.ts";
import { lightenDemoPasswords } from "../setup/demo-passwords.ts";

// The end-to-end tests' server: server.ts on a fresh database it makes first, migrated from nothing and seeded with
// the demo data, the demo accounts' password given a test-only work factor (tests/setup/demo-passwords.ts, ADR 76:
// the browser suite signs in hundreds of times). On the embedded database (default) that is a new PGlite in DATA_DIR,
// where server.ts then finds it (server.ts's own first start, migrating and seeding, is tests/integration/process.test.ts's
// and CI's start smoke test's). With TEST_DATABASE_URL it is a fresh PostgreSQL database, dropped once the server has
// stopped, so `TEST_DATABASE_URL=... npm test` runs the browser tests on PostgreSQL too.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const base = process.env.TEST_DATABASE_URL;

function databaseUrl(name: string) {
  const url = new URL(base!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: databaseUrl("postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// A journey that changes something and then reads a dashboard sees its change: every request waits for the figures
// being worked out again (ADR 73), as the integration tests' app does, however slow the machine.
const env: NodeJS.ProcessEnv = { INSIGHT_FRESH_WAIT_MS: "60000", ...process.env };
let name: string | undefined;
if (base) {
  name = `portal_e2e_${process.pid}_${Date.now()}`;
  await admin(`CREATE DATABASE "${name}"`);
  const handle = openPostgres(databaseUrl(name));
  await migrateToLatest(handle.db);
  await seedDemo(handle.db);
  await lightenDemoPasswords(handle.db);
  await handle.close();
  env.DATABASE_URL = databaseUrl(name);
} else {
  // server.ts keeps its PGlite in DATA_DIR/pglite (server/database.ts).
  const handle = await openPglite(path.join(process.env.DATA_DIR!, "pglite"));
  await migrateToLatest(handle.db);
  await seedDemo(handle.db);
  await lightenDemoPasswords(handle.db);
  await handle.close();
}

const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "server.ts")], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", async (code) => {
  if (name) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
  process.exit(code ?? 0);
});
