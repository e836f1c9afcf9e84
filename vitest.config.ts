import fs from "node:fs";
import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

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

// The longest files first (ADR 76), so neither worker is left running one alone at the end. Vitest orders files by the
// durations it cached on the last run, and without a cache (a clean clone: CI) by size, largest first, which put the
// disclosure intruder (225 s, a 233-line file) and insight-recount and process (about 110 s each) last in CI. The
// figures are the PGlite run of 4 December 2026 on a loaded machine; the rest keep Vitest's order.
const LONGEST = [
  "app/domain/insight/disclosure.test.ts",
  "tests/integration/fuzz.test.ts",
  "tests/integration/insight-recount.test.ts",
  "tests/integration/process.test.ts",
  "tests/integration/route-inventory.test.ts",
  "tests/integration/sign-in.test.ts",
  "tests/integration/hostile-input.test.ts",
  "tests/integration/insight-training.test.ts",
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const rank = (file: TestSpecification) => {
      const index = LONGEST.findIndex((name) => file.moduleId === path.join(root, name));
      return index === -1 ? LONGEST.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: LongestFirst },
  },
});
