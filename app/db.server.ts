import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, Migrator, PostgresDialect, type MigrationResultSet } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { Database } from "../db/types.ts";
import { migrations } from "../db/migrations/index.ts";

export type DB = Kysely<Database>;

export interface DatabaseHandle {
  db: DB;
  kind: "postgres" | "pglite";
  /** Where the data lives, without credentials: for logs and /info. */
  where: string;
  close(): Promise<void>;
}

// int8 (count(*), bigint ids) and numeric come back from `pg` as strings and from PGlite as numbers.
// One parser, set here once, makes both return numbers (every bigint in this schema is far below 2^53).
// A `date` stays the ISO string PostgreSQL sends ('2026-09-01'): as a JS Date it would shift with the time zone.
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 20 /* int8 */ || oid === 1700 /* numeric */) return (value: string) => Number(value);
    if (oid === 1082 /* date */) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

/** How many statements one connection keeps prepared (ADR 49); past it, a new statement is planned every time. */
const PREPARED_PER_CONNECTION = 200;

/** A statement that only reads: one to prepare even without values (ADR 66). */
const READING = /^\s*(select|with)\s/i;

/**
 * A connection that prepares each parameterised statement once (a named statement, per connection) and runs it
 * again by name, so PostgreSQL plans it once instead of on every request (ADR 49): planning was most of a page's
 * database time, since Kysely sends the same texts with new values. Statements without values (BEGIN, COMMIT,
 * the migrations' DDL) keep the simple protocol, except a query (SELECT, WITH) whose values are all in its text
 * (ADR 66): prepared, it is planned once, not on every run. The names are this connection's own, so nothing can clash.
 */
class PreparingClient extends pg.Client {
  #names = new Map<string, string>();

  // pg's query() has many overloads; the one Kysely uses is (text, values).
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === "string" && Array.isArray(values) && args.length === 2 && (values.length > 0 || READING.test(text))) {
      let name = this.#names.get(text);
      if (name === undefined && this.#names.size < PREPARED_PER_CONNECTION) {
        name = `s${this.#names.size + 1}`;
        this.#names.set(text, name);
      }
      if (name !== undefined) return (super.query as unknown as (config: pg.QueryConfig) => never).call(this, { name, text, values });
    }
    return (super.query as unknown as (...a: unknown[]) => never).apply(this, args);
  }
}

export interface PoolOptions {
  /** Connections at most (default DATABASE_POOL_MAX, else 10). */
  max?: number;
  /** How long to wait for a connection before failing (default 3 s). */
  connectionTimeoutMillis?: number;
  /** Shown in the server's pg_stat_activity, to tell this pool's sessions apart. */
  applicationName?: string;
}

export function openPostgres(url: string, options: PoolOptions = {}): DatabaseHandle {
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: url,
    max: options.max ?? Number(process.env.DATABASE_POOL_MAX ?? 10),
    // Fail fast while the database is down, so pages answer 503 instead of hanging; the pool makes
    // new connections on the next request, so it recovers by itself when the database returns.
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 3_000,
    ...(options.applicationName ? { application_name: options.applicationName } : {}),
    idleTimeoutMillis: 30_000,
    // No statement of a page runs for more than milliseconds (bench/README.md): one that would run for 15 s
    // is cancelled, failing its own request alone, and a transaction left idle cannot hold locks for long.
    statement_timeout: 15_000,
    idle_in_transaction_session_timeout: 30_000,
    // No JIT compilation (ADR 73): it starts above a planner cost that the dashboards' statements over five years
    // of rows reach, and then spends 40-50 ms compiling a statement that runs in a few; nothing here runs for long
    // enough to repay it.
    options: "-c jit=off",
    types: pgTypes,
  });
  // A connection lost during an outage emits 'error': on the pool for an idle client, on the client itself
  // for one checked out between queries. Either, unhandled, would crash the process. Queries in flight still
  // fail (and answer 503); a broken client is dropped from the pool when it is released.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    kind: "postgres",
    where: `postgres://${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    close: () => db.destroy(),
  };
}

/**
 * Embedded PostgreSQL (PGlite) in `dataDir`, or in memory (tests). `snapshot`, a tarball made by `dump()`, starts
 * it from that state instead of an empty cluster: the tests' copy of a migrated (and seeded) database, which
 * skips initdb, the migrations and the seed in every test file.
 */
export async function openPglite(dataDir?: string, snapshot?: Blob): Promise<DatabaseHandle & { dump(): Promise<Blob> }> {
  if (dataDir) {
    // PGlite's file system makes directories non-recursively: create the parent first.
    fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  }
  // The same parsing as `pg` above: dates as ISO strings, numeric as numbers.
  const parsers = { 1082: (value: string) => value, 1700: (value: string) => Number(value) };
  // Extensions the migrations create (pg_trgm: the guidance library's typo-tolerant search).
  const extensions = { pg_trgm };
  const options = snapshot ? { parsers, extensions, loadDataDir: snapshot } : { parsers, extensions };
  const pglite = dataDir ? new PGlite(dataDir, options) : new PGlite(options);
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: "pglite",
    where: dataDir ? `pglite:${dataDir}` : "pglite:memory",
    close: () => db.destroy(),
    dump: async () => (await pglite.dumpDataDir("none")) as Blob,
  };
}

export function migrator(db: Kysely<any>) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

function check(result: MigrationResultSet) {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result.results ?? [];
}

export async function migrateToLatest(db: Kysely<any>) {
  return check(await migrator(db).migrateToLatest());
}

export async function migrateDown(db: Kysely<any>) {
  return check(await migrator(db).migrateDown());
}

/** True when every migration the code knows has been applied. */
export async function migrationsCurrent(db: Kysely<any>): Promise<boolean> {
  const list = await migrator(db).getMigrations();
  return list.every((m) => m.executedAt !== undefined);
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08006",
]);

/** Whether an error means "the database cannot be reached" (answer 503) rather than a bug (500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e !== "object") return false;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === "string" && /timeout exceeded when trying to connect|Connection terminated|not queryable|PGlite is closed/i.test(message)) {
      return true;
    }
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
