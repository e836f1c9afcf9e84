import path from "node:path";
import { defineConfig } from "vitest/config";

// tests/postgres/ sets up PostgreSQL clusters of its own (initdb, pg_basebackup: a streaming replica), so it needs
// PostgreSQL's server programs on this machine: it runs only in the PostgreSQL suite (TEST_DATABASE_URL set), so the
// README's `npm test` still needs nothing but Node.
const postgresOnly = process.env.TEST_DATABASE_URL ? ["tests/postgres/**/*.test.ts"] : [];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["tests/integration/**/*.test.ts", "app/**/*.test.ts", ...postgresOnly],
    globalSetup: ["tests/setup/global.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
  },
});
