import crypto from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type DatabaseHandle, openPglite, openPostgres } from "../../app/db.server.ts";
import { adminUrl } from "./global.ts";

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
  const admin = new pg.Client({ connectionString: adminUrl(base) });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${start}"`);
  await admin.end();
  const opened = openPostgres(adminUrl(base, name));
  return {
    ...opened,
    close: async () => {
      await opened.close();
      const client = new pg.Client({ connectionString: adminUrl(base) });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
