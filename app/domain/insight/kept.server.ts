import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";

type DB = Kysely<Database>;

/**
 * Protected views kept until their data changes (ADR 68): per database (tests open several) and per key (a
 * dashboard's year, say), the views made from the data as a stamp describes it. A request whose stamp matches reads
 * the kept views; one whose stamp differs makes them again, and requests arriving meanwhile wait for that one
 * making instead of starting their own.
 */
export function keptViews<T>() {
  const kept = new WeakMap<DB, Map<string, Promise<{ stamp: string; value: T }>>>();
  return async (db: DB, key: string, stamp: string, make: () => Promise<T>): Promise<T> => {
    const byKey = kept.get(db) ?? new Map<string, Promise<{ stamp: string; value: T }>>();
    kept.set(db, byKey);
    const current = byKey.get(key);
    if (current) {
      const k = await current.catch(() => null);
      if (k && k.stamp === stamp) return k.value;
    }
    const making = make().then((value) => ({ stamp, value }));
    byKey.set(key, making);
    return (await making).value;
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
  | "srp_return_windows";

/**
 * Where `tables` stand, as one string that changes whenever any of them is written to: each one's change sequence
 * (its last value, and whether it has been called at all). Reading a sequence costs nothing like counting the
 * table (ADR 71).
 */
export async function stampOf(db: DB, tables: readonly WatchedTable[]): Promise<string> {
  const parts = tables.map((table) => sql`(SELECT last_value || ':' || is_called FROM ${sql.table(`insight_changes_${table}`)})`);
  const { rows } = await sql<{ stamp: string }>`SELECT concat_ws('/', ${sql.join(parts)}) AS stamp`.execute(db);
  return rows[0]!.stamp;
}
