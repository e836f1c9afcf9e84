import crypto from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { type DatabaseHandle, migrateToLatest, openPglite, openPostgres } from "../../app/db.server.ts";
import { seedDemo } from "../../db/seed/demo.ts";
import { adminUrl } from "./global.ts";

/**
 * A fresh database for one test file: a clone of the migrated template on PostgreSQL (TEST_DATABASE_URL),
 * or an in-memory PGlite. Closing it drops it. `seed` adds the demo districts, schools and accounts.
 */
export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<DatabaseHandle> {
  const base = process.env.TEST_DATABASE_URL;
  const template = inject("templateDatabase");
  let handle: DatabaseHandle;
  if (base && template) {
    const name = `portal_test_${process.ppid}_${crypto.randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl(base) });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    await admin.end();
    const opened = openPostgres(adminUrl(base, name));
    handle = {
      ...opened,
      close: async () => {
        await opened.close();
        const client = new pg.Client({ connectionString: adminUrl(base) });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  } else {
    handle = await openPglite();
    await migrateToLatest(handle.db);
  }
  if (options.seed) await seedDemo(handle.db);
  return handle;
}
