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

/**
 * The rows of `tables` as they stand, as one string: each one's count and latest `updated_at`, or for a table whose
 * rows carry no `updated_at`, the latest of another time column, or the sum of a column that changes with each change
 * (a version, which each change adds one to, or the figure itself).
 */
export async function stampOf(db: DB, tables: readonly ((keyof Database & string) | { table: keyof Database & string; latest?: string; sum?: string })[]): Promise<string> {
  const parts = tables.map((entry) => {
    const { table, latest, sum } = typeof entry === "string" ? { table: entry, latest: "updated_at", sum: undefined } : entry;
    const changed = sum ? sql`(SELECT sum(${sql.ref(sum)}) FROM ${sql.table(table)})` : sql`(SELECT max(${sql.ref(latest ?? "updated_at")}) FROM ${sql.table(table)})`;
    return sql`concat_ws(',', (SELECT count(*) FROM ${sql.table(table)}), ${changed})`;
  });
  const { rows } = await sql<{ stamp: string }>`SELECT concat_ws('/', ${sql.join(parts)}) AS stamp`.execute(db);
  return rows[0]!.stamp;
}
