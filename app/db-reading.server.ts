import { sql } from "kysely";
import { type DB, isDatabaseUnavailable } from "./db.server.ts";

/**
 * Where the council's reports (the insight dashboards and their exports) read, request by request (ADR 72): a
 * PostgreSQL streaming replica (DATABASE_REPLICA_URL) when it answers quickly and is no further behind the primary
 * than the limit, otherwise the primary, with a sentence saying so. Every write, an export's audit row included, goes
 * to the primary. Without a replica (and on the embedded database) every read is the primary's, with no extra query.
 */

export type ReadSource = "replica" | "primary";

/** Where one request's report reads go. */
export interface Reading {
  /** Where the figures are read: the replica, or the primary when the replica cannot serve them. */
  db: DB;
  /** The primary: for what a report writes (an export's audit row). */
  primary: DB;
  source: ReadSource;
  /** What the page (or export) says when the figures came from the primary though a replica is set up; else null. */
  note: string | null;
}

export interface ReplicaHealth {
  state: "current" | "behind" | "not answering" | "not replaying";
  /** Seconds behind the primary at most (0 when current); null when not known. */
  lagSeconds: number | null;
}

export interface ReportReads {
  /**
   * Runs `read` where this request's reports read. Should the replica stop answering part-way, it runs once more on
   * the primary, saying so, and the replica is counted as not answering until it is checked again.
   */
  read<T>(read: (reading: Reading) => Promise<T>): Promise<T>;
  /** For /health: where reports read now and how the replica stands; null without a replica. */
  health(): Promise<(ReplicaHealth & { readFrom: ReadSource; maxLagSeconds: number }) | null>;
}

const FROM_PRIMARY = "so these figures were read from the main database.";
const NOT_ANSWERING = `The reporting copy of the database is not answering, ${FROM_PRIMARY}`;

/** The sentence shown when the replica could not be used, in the council's words. */
export function fallbackNote(health: ReplicaHealth): string {
  if (health.state === "not replaying") return `The reporting copy of the database is not following the main database, ${FROM_PRIMARY}`;
  if (health.state === "behind") {
    if (health.lagSeconds === null) return `The reporting copy of the database is behind the main database, ${FROM_PRIMARY}`;
    const seconds = Math.max(1, Math.round(health.lagSeconds));
    return `The reporting copy is ${seconds.toLocaleString("en-GB")} ${seconds === 1 ? "second" : "seconds"} behind, ${FROM_PRIMARY}`;
  }
  return NOT_ANSWERING;
}

/** A dashboard page's figures read where reports read, with the note it shows when they came from the primary instead. */
export function readPage<T extends object>(reads: ReportReads, make: (db: DB) => Promise<T>): Promise<T & { readNote: string | null }> {
  return reads.read(async (reading) => ({ ...(await make(reading.db)), readNote: reading.note }));
}

/** No replica: every report reads the primary, as every page does. */
export function primaryReads(primary: DB): ReportReads {
  const reading: Reading = { db: primary, primary, source: "primary", note: null };
  return { read: (read) => read(reading), health: () => Promise.resolve(null) };
}

// A replica's Kysely instance, to the primary it follows: stampOf (insight/kept.server.ts) reads a replica's stamp
// from its primary, since a standby's sequences move only every 32 calls of nextval (ADR 72).
const primaries = new WeakMap<DB, DB>();

/** The primary `db` is a streaming replica of, if it is one (a handle given to `replicaReads`). */
export function primaryOf(db: DB): DB | undefined {
  return primaries.get(db);
}

/** A WAL position ('16/B374D848') as one number, to compare two. */
export function lsnValue(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

export interface ReplicaOptions {
  primary: DB;
  replica: DB;
  /** How far behind the replica may be before reports read from the primary (DATABASE_REPLICA_MAX_LAG_SECONDS). */
  maxLagSeconds: number;
  /** How long the replica's check may take before it counts as not answering: 1 s. */
  checkTimeoutMs?: number;
  /** How long one check's answer is used for every request, keeping the check off each request's path: 1 s. */
  checkEveryMs?: number;
}

/** Reports read from `replica` while it is current enough, otherwise from `primary` (ADR 72). */
export function replicaReads(options: ReplicaOptions): ReportReads {
  const { primary, replica, maxLagSeconds, checkTimeoutMs = 1_000, checkEveryMs = 1_000 } = options;
  primaries.set(replica, primary);
  const fromReplica: Reading = { db: replica, primary, source: "replica", note: null };
  let last: { at: number; health: Promise<ReplicaHealth> } | undefined;
  // When the replica was last seen to have replayed everything the primary had written: it is missing nothing
  // older, so the time since is a bound on its lag too (tighter than the last replayed commit's after a quiet spell).
  let currentAt: number | null = null;

  async function measure(): Promise<ReplicaHealth> {
    const asked = Date.now();
    const { rows: written } = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(primary);
    const { rows } = await sql<{ replayed: string | null; lag: number | null }>`
      SELECT pg_last_wal_replay_lsn()::text AS replayed,
             extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS lag`.execute(replica);
    const { replayed, lag } = rows[0]!;
    // Not in recovery: promoted, or not a replica at all. Its data no longer follows the primary's.
    if (replayed === null) return { state: "not replaying", lagSeconds: null };
    if (lsnValue(replayed) >= lsnValue(written[0]!.lsn)) {
      currentAt = asked;
      return { state: "current", lagSeconds: 0 };
    }
    const bounds = [lag, currentAt === null ? null : (Date.now() - currentAt) / 1000].filter((b): b is number => b !== null);
    return { state: "behind", lagSeconds: bounds.length > 0 ? Math.max(0, Math.min(...bounds)) : null };
  }

  function check(): Promise<ReplicaHealth> {
    return new Promise((resolve) => {
      const notAnswering = () => resolve({ state: "not answering", lagSeconds: null });
      const timer = setTimeout(notAnswering, checkTimeoutMs);
      measure().then(
        (health) => {
          clearTimeout(timer);
          resolve(health);
        },
        () => {
          clearTimeout(timer);
          notAnswering();
        },
      );
    });
  }

  function healthNow(): Promise<ReplicaHealth> {
    const now = Date.now();
    if (!last || now - last.at >= checkEveryMs) last = { at: now, health: check() };
    return last.health;
  }

  const usable = (health: ReplicaHealth) =>
    health.state === "current" || (health.state === "behind" && health.lagSeconds !== null && health.lagSeconds <= maxLagSeconds);

  async function choose(): Promise<Reading> {
    const health = await healthNow();
    return usable(health) ? fromReplica : { db: primary, primary, source: "primary", note: fallbackNote(health) };
  }

  return {
    async read(read) {
      const reading = await choose();
      if (reading.source === "primary") return read(reading);
      try {
        return await read(reading);
      } catch (error) {
        // The replica went away part-way (or cancelled a query that conflicted with its replay, 40001): read the
        // primary instead, and keep off the replica until it is checked again.
        const conflict = (error as { code?: unknown } | null)?.code === "40001";
        if (!isDatabaseUnavailable(error) && !conflict) throw error;
        const health: ReplicaHealth = { state: "not answering", lagSeconds: null };
        last = { at: Date.now(), health: Promise.resolve(health) };
        return read({ db: primary, primary, source: "primary", note: fallbackNote(health) });
      }
    },
    async health() {
      const health = await healthNow();
      return { ...health, readFrom: usable(health) ? "replica" : "primary", maxLagSeconds };
    },
  };
}
