import type { TestProject } from "vitest/node";
import pg from "pg";
import { migrateToLatest, openPostgres } from "../../app/db.server.ts";
import { ensureBuild } from "../../scripts/ensure-build.ts";

// Runs once per `vitest run`. Builds the portal if needed (HTTP tests serve the real build). With
// TEST_DATABASE_URL, makes a migrated template database that each test file clones into its own database;
// every database this run makes is dropped at the end. Without it, each test file uses an in-memory PGlite.

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string | null;
  }
}

export function adminUrl(base: string, database = "postgres") {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  ensureBuild();
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    project.provide("templateDatabase", null);
    return;
  }
  const template = `portal_test_tmpl_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl(base) });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  const handle = openPostgres(adminUrl(base, template));
  await migrateToLatest(handle.db);
  await handle.close();
  project.provide("templateDatabase", template);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl(base) });
    await client.connect();
    // Drop the template and any test database a crashed worker left behind from this run.
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [template, `portal_test_${process.pid}_%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.end();
  };
}
