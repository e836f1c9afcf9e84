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

/** The rows of `tables` as they stand: each one's count and latest `updated_at`, as one string. */
export async function stampOf(db: DB, tables: readonly (keyof Database & string)[]): Promise<string> {
  const parts = tables.map((t) => sql`concat_ws(',', (SELECT count(*) FROM ${sql.table(t)}), (SELECT max(updated_at) FROM ${sql.table(t)}))`);
  const { rows } = await sql<{ stamp: string }>`SELECT concat_ws('/', ${sql.join(parts)}) AS stamp`.execute(db);
  return rows[0]!.stamp;
}
