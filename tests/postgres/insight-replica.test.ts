import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import pgLib from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, migrateToLatest, openPostgres } from "../../app/db.server.ts";
import { replicaReads } from "../../app/db-reading.server.ts";
import { seedDemo } from "../../db/seed/demo.ts";
import { openConfiguredReplica } from "../../server/database.ts";
import { type App, Browser, mainText, startApp } from "../setup/app.ts";

// ADR 72: with a streaming replica (DATABASE_REPLICA_URL), the insight dashboards and exports read from it while
// every write goes to the primary; when the replica is too far behind or not answering they read the primary and say
// so. This file makes a real replica on this machine: a PostgreSQL cluster of its own (initdb) as the primary, and a
// second one copied from it with pg_basebackup, streaming from it. It changes nothing of the machine's own
// PostgreSQL, and needs its server programs: it runs only in the PostgreSQL suite (vitest.config.ts).

const run = promisify(execFile);
const OFFICER = "officer@kent.example";
const REGISTER = "/council/insight/register";

/** PostgreSQL's server programs: where pg_config says, else the newest under /usr/lib/postgresql. */
function binDir(): string {
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    if (fs.existsSync(path.join(dir, "initdb"))) return dir;
  } catch {
    // no pg_config: look where Debian puts them
  }
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup) were not found");
  return path.join(base, newest, "bin");
}

const bin = binDir();
// PostgreSQL refuses to run as root: as root (this machine), its programs run as the postgres user.
const asRoot = process.getuid?.() === 0;
function pg(program: string, args: string[]) {
  const file = path.join(bin, program);
  return asRoot ? run("runuser", ["-u", "postgres", "--", file, ...args]) : run(file, args);
}

/** A free TCP port on 127.0.0.1 in 5450-5469 (the range this machine's helpers may use), not in `taken`. */
async function freePort(taken: number[]): Promise<number> {
  for (let port = 5450; port <= 5469; port++) {
    if (taken.includes(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer().once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("no free port in 5450-5469");
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "portal-replica-"));
const primaryDir = path.join(root, "primary");
const replicaDir = path.join(root, "replica");
const sockets = path.join(root, "sockets");
const started: string[] = [];
let primaryPort = 0;
let replicaPort = 0;
let primary: DatabaseHandle;
let replica: DatabaseHandle;
let loose: App;
let strict: App;
const opened: { close(): Promise<void> }[] = [];

async function startCluster(dir: string, port: number) {
  await pg("pg_ctl", ["-D", dir, "-l", `${dir}.log`, "-o", `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1`, "-w", "-t", "30", "start"]);
  started.push(dir);
}

async function stopCluster(dir: string) {
  await pg("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
  if (started.includes(dir)) started.splice(started.indexOf(dir), 1);
}

/** One statement on the replica or the primary, through a client of the test's own (not the portal's pools). */
async function query<T>(port: number, text: string): Promise<T[]> {
  const client = new pgLib.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

async function until(what: string, ok: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const caughtUp = async () => {
  const [written] = await query<{ lsn: string }>(primaryPort, "SELECT pg_current_wal_lsn()::text AS lsn");
  const [replayed] = await query<{ behind: boolean }>(replicaPort, `SELECT pg_last_wal_replay_lsn() < '${written!.lsn}'::pg_lsn AS behind`);
  return !replayed!.behind;
};

beforeAll(async () => {
  fs.mkdirSync(sockets);
  if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", root]);
  primaryPort = await freePort([]);
  replicaPort = await freePort([primaryPort]);

  // The primary: its own cluster, trusting local connections, replication included.
  await pg("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "--no-sync", "--no-instructions"]);
  fs.writeFileSync(path.join(primaryDir, "pg_hba.conf"), ["local all all trust", "host all all 127.0.0.1/32 trust", "host replication all 127.0.0.1/32 trust", ""].join("\n"));
  // A test's cluster: no fsync (nothing here must survive a crash), small memory.
  fs.appendFileSync(path.join(primaryDir, "postgresql.conf"), "\nfsync = off\nsynchronous_commit = off\nshared_buffers = 32MB\nmax_connections = 60\nmax_wal_senders = 4\n");
  await startCluster(primaryDir, primaryPort);
  primary = openPostgres(`postgres://postgres@127.0.0.1:${primaryPort}/postgres`);
  opened.push(primary);
  await migrateToLatest(primary.db);
  await seedDemo(primary.db);

  // The replica: a base backup of the primary, streaming from it (-R writes standby.signal and primary_conninfo).
  await pg("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", replicaDir, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"]);
  await startCluster(replicaDir, replicaPort);
  await until("the replica to catch up", caughtUp);
  // As server.ts opens it from DATABASE_REPLICA_URL.
  replica = openConfiguredReplica({
    DATABASE_URL: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    DATABASE_REPLICA_URL: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`,
  })!;
  opened.push(replica);

  // Two portals on the same databases: one that tolerates an hour's lag, one a second's (checking the replica on
  // every request, so the test need not wait out the check's second).
  loose = await startApp(primary, { reports: { replica, maxLagSeconds: 3600 } });
  strict = await startApp(primary, { reports: { replica, maxLagSeconds: 1, checkEveryMs: 0 } });
}, 120_000);

afterAll(async () => {
  await loose?.close();
  await strict?.close();
  for (const handle of opened.reverse()) await handle.close().catch(() => undefined);
  for (const dir of [...started].reverse()) await stopCluster(dir);
  fs.rmSync(root, { recursive: true, force: true });
});

/** The Kent row's total on the register dashboard (the table's last row), as a number. */
function kentTotal(html: string): number {
  const table = [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]).find((t) => t.includes("<strong>Kent</strong>"))!;
  const headers = [...table.matchAll(/<th[^>]*scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, "").trim());
  const kentRow = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((row) => row.includes("<strong>Kent</strong>"))!;
  const cells = [...kentRow.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, "").trim());
  return Number(cells[headers.indexOf("Total")]!.replace(/,/g, ""));
}

/** The Kent row's total in the register CSV. */
function csvKentTotal(csv: string): number {
  const lines = csv.split(/\r?\n/);
  const header = lines[0]!.split(",");
  const kent = lines.find((l) => l.startsWith("Kent,"))!.split(",");
  return Number(kent[header.indexOf("total")]);
}

/** Pupils on the registers today, counted on the primary. */
async function onRegisters(): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pupils WHERE date_left IS NULL AND anonymised_at IS NULL`.execute(primary.db);
  return rows[0]!.n;
}

async function addPupil() {
  const pupil = await primary.db.selectFrom("pupils").selectAll().where("date_left", "is", null).where("anonymised_at", "is", null).limit(1).executeTakeFirstOrThrow();
  const { id: _id, created_at: _c, updated_at: _u, version: _v, ...copy } = pupil;
  await primary.db.insertInto("pupils").values({ ...copy, upn: null, first_name: "Replica" }).execute();
}

const BEHIND = /The reporting copy is \d[\d,]* seconds? behind, so these figures were read from the main database\./;
const NOT_ANSWERING = "The reporting copy of the database is not answering, so these figures were read from the main database.";
const BANNER = "Where these figures come from";

describe("insight dashboards on a PostgreSQL streaming replica", () => {
  // Signed in on each portal: the officer's sessions are the primary's, like every write.
  const officers = { loose: undefined as unknown as Browser, strict: undefined as unknown as Browser };
  let before = 0;

  it("serves a dashboard from the replica, even while its replay is paused and the primary has moved on", async () => {
    officers.loose = new Browser(loose.baseUrl);
    officers.strict = new Browser(strict.baseUrl);
    await officers.loose.signIn(OFFICER);
    await officers.strict.signIn(OFFICER);
    await until("the replica to replay the sign-ins", caughtUp);

    before = await onRegisters();
    const first = await officers.loose.get(REGISTER);
    expect(first.status).toBe(200);
    expect(kentTotal(first.text)).toBe(before);
    expect(mainText(first.text)).not.toContain(BANNER);

    await query(replicaPort, "SELECT pg_wal_replay_pause()");
    await until("replay to pause", async () => (await query<{ s: string }>(replicaPort, "SELECT pg_get_wal_replay_pause_state() AS s"))[0]!.s === "paused");
    await addPupil();
    expect(await onRegisters()).toBe(before + 1);

    // Read from the replica: the pupil written on the primary is not there yet, and the lag is within the hour allowed.
    const page = await officers.loose.get(REGISTER);
    expect(page.status).toBe(200);
    expect(kentTotal(page.text)).toBe(before);
    expect(mainText(page.text)).not.toContain(BANNER);
    const csv = await officers.loose.get(`${REGISTER}.csv`);
    expect(csv.status).toBe(200);
    expect(csvKentTotal(csv.text)).toBe(before);
    expect(csv.text).not.toContain("main database");
    // The export's audit row went to the primary (the replica is read-only).
    const audits = await primary.db.selectFrom("audit_events").select("id").where("action", "=", "insight.export").where("subject_id", "=", "register").execute();
    expect(audits.length).toBe(1);
    // The portal's report pool is the replica's client, by its name.
    const sessions = await query<{ n: number }>(replicaPort, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'kent-send-portal reports'");
    expect(sessions[0]!.n).toBeGreaterThan(0);
  });

  it("reads the primary and says the copy is behind when the lag passes the limit; the CSV says so too", async () => {
    // The replica's last replayed commit is the sign-ins' (before the pause): wait until that is over 1 s old.
    await until("the lag to pass 1 s", async () => (await query<{ lag: number }>(replicaPort, "SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS lag"))[0]!.lag > 1.2);
    const page = await officers.strict.get(REGISTER);
    expect(page.status).toBe(200);
    expect(kentTotal(page.text)).toBe(before + 1);
    const text = mainText(page.text);
    expect(text).toContain(BANNER);
    expect(text).toMatch(BEHIND);
    // A notification banner: a region named by its heading.
    expect(page.text).toMatch(/role="region" aria-labelledby="[^"]+"/);

    const csv = await officers.strict.get(`${REGISTER}.csv`);
    expect(csv.status).toBe(200);
    expect(csvKentTotal(csv.text)).toBe(before + 1);
    expect(csv.text).toMatch(BEHIND);

    const health = JSON.parse((await officers.strict.get("/health")).text) as { status: string; reports: { readFrom: string; state: string } };
    expect(health).toMatchObject({ status: "ok", reports: { readFrom: "primary", state: "behind" } });
  });

  it("goes back to the replica once replay resumes, with the figure updated (the stamp follows the primary)", async () => {
    await query(replicaPort, "SELECT pg_wal_replay_resume()");
    await until("the replica to catch up", caughtUp);
    for (const officer of [officers.strict, officers.loose]) {
      const page = await officer.get(REGISTER);
      expect(page.status).toBe(200);
      expect(mainText(page.text)).not.toContain(BANNER);
      // The loose portal's kept views were made on the replica before it replayed the new pupil: made again now.
      expect(kentTotal(page.text)).toBe(before + 1);
    }
    const health = JSON.parse((await officers.strict.get("/health")).text) as { reports: { readFrom: string; state: string } };
    expect(health.reports).toMatchObject({ readFrom: "replica", state: "current" });
    const info = JSON.parse((await officers.strict.get("/info")).text) as { reports: string };
    expect(info.reports).toBe("replica");
  });

  it("still answers from the primary, quickly, saying the copy is not answering, when the replica is stopped", async () => {
    // The loose portal last checked the replica under a second ago: its next page may find it gone part-way.
    await officers.loose.get(REGISTER);
    await stopCluster(replicaDir);
    for (const officer of [officers.loose, officers.strict]) {
      const started = performance.now();
      const page = await officer.get(REGISTER);
      const ms = performance.now() - started;
      expect(page.status).toBe(200);
      expect(mainText(page.text)).toContain(NOT_ANSWERING);
      expect(kentTotal(page.text)).toBe(before + 1);
      expect(ms).toBeLessThan(2_000);
    }
    const csv = await officers.loose.get(`${REGISTER}.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(NOT_ANSWERING);
    const health = await officers.strict.get("/health");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: "ok", reports: { readFrom: "primary", state: "not answering" } });
  });

  it("does not let a replica that accepts connections but never answers hold a page for more than about a second", async () => {
    const held = new Set<net.Socket>();
    const silent = net.createServer((socket) => void held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    const { port } = silent.address() as net.AddressInfo;
    // A pool that would wait 10 s for a connection: the check's own 1 s bound is what answers.
    const hung = openPostgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { connectionTimeoutMillis: 10_000 });
    try {
      const reads = replicaReads({ primary: primary.db, replica: hung.db, maxLagSeconds: 30 });
      const started = performance.now();
      const reading = await reads.read(async (r) => ({ source: r.source, note: r.note }));
      expect(performance.now() - started).toBeLessThan(1_600);
      expect(reading).toEqual({ source: "primary", note: NOT_ANSWERING });
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
      await hung.close().catch(() => undefined);
    }
  });
});
