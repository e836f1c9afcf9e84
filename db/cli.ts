import { loadConfig } from "../server/config.ts";
import { openConfiguredDatabase } from "../server/database.ts";
import { DataDirLockedError } from "../server/data-dir-lock.ts";
import { migrateDown, migrateToLatest } from "../app/db.server.ts";
import { seedDemo } from "./seed/demo.ts";
import { scaleProgressBar } from "./seed/scale-progress.ts";
import { hasScaleData, type ScaleSize, SIZES, seedScale } from "./seed/scale.ts";

// npm run db:migrate | db:migrate -- down | db:seed | db:seed:scale -- --size kent|england
// On the embedded database these take the same lock as the server, so they refuse to run beside it.

/** The size `--size kent` (or `--size=kent`) names; null when it is missing or unknown. */
function sizeArgument(args: string[]): ScaleSize | null {
  const at = args.findIndex((a) => a === "--size" || a.startsWith("--size="));
  if (at < 0) return null;
  const value = args[at]!.includes("=") ? args[at]!.slice("--size=".length) : args[at + 1];
  return value !== undefined && Object.hasOwn(SIZES, value) ? (value as ScaleSize) : null;
}

async function main() {
  const [command, arg] = process.argv.slice(2);
  const size = command === "seed-scale" ? sizeArgument(process.argv.slice(3)) : null;
  if (command === "seed-scale" && size === null) {
    console.error("Usage: npm run db:seed:scale -- --size kent|england");
    process.exit(2);
  }
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
    } else if (command === "seed-scale" && size !== null) {
      await migrateToLatest(handle.db);
      await seedDemo(handle.db);
      if (await hasScaleData(handle.db)) {
        console.error("This database already holds generated data (schools with URNs from 500001): start from an empty one.");
        process.exitCode = 1;
        return;
      }
      const where = handle.kind === "postgres" ? handle.where : `the embedded database in ${config.DATA_DIR}`;
      console.log(`Generating ${size === "kent" ? "Kent" : "England"}-sized data in ${where}.`);
      const bar = scaleProgressBar();
      const result = await seedScale(handle.db, size, bar);
      bar.stop();
      console.log(`Done in ${(result.ms / 1000).toFixed(0)} s.`);
      for (const [table, rows] of Object.entries(result.rows)) console.log(`  ${table.padEnd(24)} ${rows.toLocaleString("en-GB").padStart(11)}`);
    } else {
      console.error("Usage: tsx db/cli.ts migrate [down] | seed | seed-scale --size kent|england");
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
