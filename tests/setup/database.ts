import crypto from "node:crypto";
import fs from "node:fs";
import { inject } from "vitest";
import { type DatabaseHandle, openPglite, openPostgres } from "../../app/db.server.ts";
import { adminQuery, adminUrl } from "./global.ts";

/**
 * A fresh database for one test file, copied from the run's starting point (tests/setup/global.ts): a clone of
 * the template on PostgreSQL (TEST_DATABASE_URL), or an in-memory PGlite loaded from the snapshot. Migrated;
 * `seed` starts from the demo districts, schools and accounts too. Closing it drops it.
 */
export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<DatabaseHandle> {
  const base = process.env.TEST_DATABASE_URL;
  const starts = inject("databaseStarts");
  const start = options.seed ? starts.seeded : starts.migrated;
  if (!base) return openPglite(undefined, new Blob([fs.readFileSync(start)]));
  const name = `portal_test_${process.ppid}_${crypto.randomBytes(6).toString("hex")}`;
  await adminQuery(base, `CREATE DATABASE "${name}" TEMPLATE "${start}"`);
  const opened = openPostgres(adminUrl(base, name));
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await adminQuery(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
