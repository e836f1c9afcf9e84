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

/**
 * The streaming replica the council's reports read from (DATABASE_REPLICA_URL, ADR 72), or undefined when none is set.
 * Its pool is small (reports are a few officers' pages) and gives up on a connection after 1 s, so a replica that is
 * down costs a page little before it reads the primary instead. Never migrated: a replica copies its primary.
 */
export function openConfiguredReplica(config: Pick<Config, "DATABASE_URL" | "DATABASE_REPLICA_URL">): DatabaseHandle | undefined {
  if (!config.DATABASE_REPLICA_URL) return undefined;
  // The configuration refuses a replica without DATABASE_URL; this is for callers that built their own.
  if (!config.DATABASE_URL) throw new Error("DATABASE_REPLICA_URL is set without DATABASE_URL: a replica needs the PostgreSQL primary it copies.");
  return openPostgres(config.DATABASE_REPLICA_URL, { max: 5, connectionTimeoutMillis: 1_000, applicationName: "kent-send-portal reports" });
}
