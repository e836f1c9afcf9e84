import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { lsnValue, primaryOf } from "../../db-reading.server.ts";

type DB = Kysely<Database>;

// The fresh wait lives on globalThis under a registered symbol, as the background work's registry does
// (background.server.ts): server.ts sets it, and the Remix build, which loads its own copy of this module, reads it.
const FRESH_WAIT = Symbol.for("kent-send-portal.insight-fresh-wait");
const holder = globalThis as { [FRESH_WAIT]?: number };

/**
 * How long a request waits for views being made again after a change before it is given the last ones made instead
 * (ADR 73): unset (the tests), it always waits. server.ts sets it from INSIGHT_FRESH_WAIT_MS.
 */
export function setFreshWait(ms: number) {
  holder[FRESH_WAIT] = ms;
}

interface Entry<T> {
  settled?: { stamp: string; value: T; order: number };
  making?: { stamp: string; promise: Promise<T>; order: number };
}

const STALE = Symbol("stale");

/**
 * Protected views kept until their data changes (ADR 68): per database (tests open several) and per key (a
 * dashboard's year, say), the views made from the data as a stamp describes it. A request whose stamp matches reads
 * the kept views; one whose stamp differs makes them again, and requests arriving meanwhile wait for that one
 * making instead of starting their own. Making them can take a second at Kent's size and more at England's: a
 * request that has waited the fresh wait (setFreshWait) for it is given the last views made, which say when they
 * were made, while the making goes on for the requests after it (ADR 73). Nothing made is ever newer than its stamp.
 */
export function keptViews<T>() {
  const kept = new WeakMap<DB, Map<string, Entry<T>>>();
  let order = 0;
  return async (db: DB, key: string, stamp: string, make: () => Promise<T>): Promise<T> => {
    const byKey = kept.get(db) ?? new Map<string, Entry<T>>();
    kept.set(db, byKey);
    const entry = byKey.get(key) ?? {};
    byKey.set(key, entry);
    if (entry.settled?.stamp === stamp) return entry.settled.value;
    if (entry.making?.stamp !== stamp) {
      const making = { stamp, promise: make(), order: ++order };
      entry.making = making;
      making.promise.then(
        (value) => {
          // A slower, older making never replaces views made since.
          if (!entry.settled || entry.settled.order < making.order) entry.settled = { stamp, value, order: making.order };
          if (entry.making === making) entry.making = undefined;
        },
        () => {
          if (entry.making === making) entry.making = undefined;
        },
      );
    }
    const { promise } = entry.making;
    const last = entry.settled;
    const freshWaitMs = holder[FRESH_WAIT] ?? Number.POSITIVE_INFINITY;
    if (!last || freshWaitMs === Number.POSITIVE_INFINITY) return promise;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = await Promise.race([promise, new Promise<typeof STALE>((resolve) => (timer = setTimeout(() => resolve(STALE), freshWaitMs)))]).finally(() => clearTimeout(timer));
    return waited === STALE ? last.value : waited;
  };
}

/** The tables a dashboard reads whose every write moves a sequence of its own (ADR 71: `insight_changes_<table>`). */
export type WatchedTable =
  | "pupils"
  | "schools"
  | "funding_requests"
  | "funding_schemes"
  | "lift_referrals"
  | "lift_outcomes"
  | "stls_visits"
  | "resource_provisions"
  | "resource_provision_places"
  | "srp_returns"
  | "srp_return_windows"
  | "training_events"
  | "training_bookings"
  | "training_evaluations"
  | "training_courses"
  | "training_programmes"
  | "champion_visits"
  | "champion_visit_focus_areas"
  | "agreed_actions";

/**
 * Where `tables` stand, as one string that changes whenever any of them is written to: each one's change sequence
 * (its last value, and whether it has been called at all). Reading a sequence costs nothing like counting the
 * table (ADR 71).
 *
 * On a streaming replica (ADR 72) the sequences cannot tell: PostgreSQL logs a sequence's `nextval` to the WAL only
 * every 32 calls, so a standby's copy moves only then. A replica's stamp is therefore its primary's, read there with
 * the primary's WAL position; while the replica has not yet replayed up to that position, the stamp also carries the
 * position it has replayed, so views made from its data are made again as its replay moves on.
 */
export async function stampOf(db: DB, tables: readonly WatchedTable[]): Promise<string> {
  const parts = tables.map((table) => sql`(SELECT last_value || ':' || is_called FROM ${sql.table(`insight_changes_${table}`)})`);
  const primary = primaryOf(db);
  if (!primary) {
    const { rows } = await sql<{ stamp: string }>`SELECT concat_ws('/', ${sql.join(parts)}) AS stamp`.execute(db);
    return rows[0]!.stamp;
  }
  const { rows } = await sql<{ stamp: string; written: string }>`SELECT concat_ws('/', ${sql.join(parts)}) AS stamp, pg_current_wal_lsn()::text AS written`.execute(primary);
  const { stamp, written } = rows[0]!;
  const { rows: replay } = await sql<{ replayed: string | null }>`SELECT pg_last_wal_replay_lsn()::text AS replayed`.execute(db);
  const replayed = replay[0]!.replayed;
  return replayed !== null && lsnValue(replayed) >= lsnValue(written) ? stamp : `${stamp}@${replayed ?? "none"}`;
}
