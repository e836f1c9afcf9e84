import path from "node:path";
import { type DatabaseHandle, migrateToLatest, openPglite, openPostgres } from "../app/db.server.ts";
import { seedDemo } from "../db/seed/demo.ts";
import type { Config } from "./config.ts";
import { lockDataDir } from "./data-dir-lock.ts";

/**
 * Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite
 * in DATA_DIR, locked against any second process. Migrates it; on PGlite, seeds the demo data on first start.
 */
export async function openConfiguredDatabase(
  config: Pick<Config, "DATABASE_URL" | "DATA_DIR">,
  command: string,
  options: { migrate?: boolean; seedIfEmpty?: boolean } = {},
): Promise<DatabaseHandle> {
  const { migrate = true, seedIfEmpty = true } = options;
  if (config.DATABASE_URL) {
    const handle = openPostgres(config.DATABASE_URL);
    if (migrate) await migrateToLatest(handle.db);
    return handle;
  }
  const release = await lockDataDir(config.DATA_DIR, command);
  let handle: DatabaseHandle;
  try {
    handle = await openPglite(path.join(config.DATA_DIR, "pglite"));
    if (migrate) await migrateToLatest(handle.db);
    if (seedIfEmpty) await seedDemo(handle.db);
  } catch (error) {
    await release();
    throw error;
  }
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await release();
    },
  };
}
