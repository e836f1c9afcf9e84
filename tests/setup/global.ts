import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { migrateToLatest, openPglite, openPostgres } from "../../app/db.server.ts";
import { seedDemo } from "../../db/seed/demo.ts";
import { ensureBuild } from "../../scripts/ensure-build.ts";
import { lightenDemoPasswords } from "./demo-passwords.ts";

// Runs once per `vitest run`. Builds the portal if needed (HTTP tests serve the real build), then makes the two
// starting points every test file copies, so no file pays for initdb, the migrations or the demo seed itself:
// a migrated database and a migrated and seeded one. With TEST_DATABASE_URL they are template databases each
// file clones (CREATE DATABASE ... TEMPLATE), dropped at the end with any database this run made; without it,
// PGlite snapshots (dumpDataDir tarballs) each file loads into an in-memory PGlite (ADR 0047).

export interface Starts {
  migrated: string;
  seeded: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Template database names (PostgreSQL) or snapshot file paths (PGlite). */
    databaseStarts: Starts;
  }
}

export function adminUrl(base: string, database = "postgres") {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** One statement on the server's `postgres` database (CREATE or DROP DATABASE), on a connection of its own. */
export async function adminQuery(base: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl(base) });
  await client.connect();
  try {
    return await client.query<{ datname: string }>(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  ensureBuild();
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-starts-"));
    const starts: Starts = { migrated: path.join(dir, "migrated.tar"), seeded: path.join(dir, "seeded.tar") };
    const handle = await openPglite();
    await migrateToLatest(handle.db);
    fs.writeFileSync(starts.migrated, Buffer.from(await (await handle.dump()).arrayBuffer()));
    await seedDemo(handle.db);
    await lightenDemoPasswords(handle.db);
    fs.writeFileSync(starts.seeded, Buffer.from(await (await handle.dump()).arrayBuffer()));
    await handle.close();
    project.provide("databaseStarts", starts);
    return () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const prefix = `portal_test_tmpl_${process.pid}_${Date.now()}`;
  const starts: Starts = { migrated: prefix, seeded: `${prefix}_seeded` };
  await adminQuery(base, `CREATE DATABASE "${starts.migrated}"`);
  const migrated = openPostgres(adminUrl(base, starts.migrated));
  await migrateToLatest(migrated.db);
  await migrated.close();
  await adminQuery(base, `CREATE DATABASE "${starts.seeded}" TEMPLATE "${starts.migrated}"`);
  const seeded = openPostgres(adminUrl(base, starts.seeded));
  await seedDemo(seeded.db);
  await lightenDemoPasswords(seeded.db);
  await seeded.close();
  project.provide("databaseStarts", starts);

  return async () => {
    // Drop the templates and any test database a crashed worker left behind from this run.
    const { rows } = await adminQuery(
      base,
      `SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%' OR datname LIKE 'portal_test_${process.pid}_%'`,
    );
    for (const { datname } of rows) await adminQuery(base, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  };
}
