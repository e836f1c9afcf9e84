import fs from "node:fs";
import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = import.meta.dirname;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

// tests/postgres/ sets up PostgreSQL clusters of its own (initdb, pg_basebackup: a streaming replica), so it needs
// PostgreSQL's server programs on this machine: it runs only in the PostgreSQL suite (TEST_DATABASE_URL set), so the
// README's `npm test` still needs nothing but Node.
const postgresOnly = onPostgres ? ["tests/postgres/**/*.test.ts"] : [];

// What in a test file (or a helper of tests/ it imports) means a database: the test database helpers, the portal's
// database module or drivers, or a portal server of its own (server.ts, `npm start`, a data directory).
const DATABASE = /createTestDatabase|seededApp|startApp|openPglite|openPostgres|db\.server|DATABASE_URL|DATA_DIR|@electric-sql\/pglite|from "pg"|(?<![.\w-])server\.ts|scripts\/start|npm start/;
const touches = new Map<string, boolean>();

/** Whether a test file, or any helper under tests/ it imports (at any depth), can open a database. */
function touchesDatabase(file: string): boolean {
  const known = touches.get(file);
  if (known !== undefined) return known;
  touches.set(file, false);
  const source = fs.readFileSync(file, "utf8");
  let found = DATABASE.test(source);
  for (const [, specifier] of source.matchAll(/(?:from|import\()\s*"(\.[^"]+)"/g)) {
    if (found) break;
    const target = path.resolve(path.dirname(file), specifier!);
    if (target.startsWith(path.join(root, "tests") + path.sep) && fs.existsSync(target)) found = touchesDatabase(target);
  }
  touches.set(file, found);
  return found;
}

// ADR 76: on PostgreSQL only the files that can open a database run. The others (pure functions, the PDF letter, the
// chart geometry, the bundle's size, the disclosure intruder's linear programs) would run the same code a second time
// and can find nothing new there; they run in the README's `npm test` on PGlite, which CI runs too.
const databaseFree = onPostgres
  ? ["tests/integration", "app"].flatMap((dir) =>
      (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
        .filter((file) => file.endsWith(".test.ts"))
        .map((file) => path.join(dir, file))
        .filter((file) => !touchesDatabase(path.join(root, file))),
    )
  : [];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(root, "app") } },
  test: {
    include: ["tests/integration/**/*.test.ts", "app/**/*.test.ts", ...postgresOnly],
    exclude: [...configDefaults.exclude, ...databaseFree],
    globalSetup: ["tests/setup/global.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
  },
});
