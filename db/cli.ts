import { loadConfig } from "../server/config.ts";
import { openConfiguredDatabase } from "../server/database.ts";
import { DataDirLockedError } from "../server/data-dir-lock.ts";
import { migrateDown, migrateToLatest } from "../app/db.server.ts";
import { seedDemo } from "./seed/demo.ts";

// npm run db:migrate | db:migrate -- down | db:seed
// On the embedded database these take the same lock as the server, so they refuse to run beside it.

async function main() {
  const [command, arg] = process.argv.slice(2);
  const config = loadConfig();
  const handle = await openConfiguredDatabase(config, `npm run db:${command}`, { migrate: false, seedIfEmpty: false });
  try {
    if (command === "migrate") {
      const results = arg === "down" ? await migrateDown(handle.db) : await migrateToLatest(handle.db);
      if (results.length === 0) console.log("Nothing to do: the database is up to date.");
      for (const r of results) console.log(`${r.direction === "Down" ? "Reverted" : "Applied"} ${r.migrationName}`);
    } else if (command === "seed") {
      await migrateToLatest(handle.db);
      const { seeded } = await seedDemo(handle.db);
      console.log(seeded ? "Seeded the demo data (see README for the demo accounts)." : "The database already has data: the demo seed was not applied.");
    } else {
      console.error("Usage: tsx db/cli.ts migrate [down] | seed");
      process.exitCode = 2;
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof DataDirLockedError ? error.message : error);
  process.exit(1);
});
