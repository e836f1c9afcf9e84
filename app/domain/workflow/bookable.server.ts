import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";

/**
 * A bookable thing (a place on a training event, a visit slot): something with a capacity that bookings fill.
 * Capacity is guarded by the database itself (ARCHITECTURE.md): the thing's row is locked FOR UPDATE before its
 * bookings are counted, so concurrent attempts on the same thing queue on that lock and each counts what the ones
 * before it committed. However many try at once, exactly the capacity is filled.
 */
export interface BookableThing {
  /** The table of the things, e.g. `training_events`; the row is found by its `id`. */
  table: string;
  /** The column holding how many places it has. */
  capacityColumn: string;
  /** The bookings that hold a place on it: their table, the column naming the thing, and (optionally) which hold one. */
  bookings: { table: string; thingColumn: string; holdsPlace?: ReturnType<typeof sql<boolean>> };
}

export type Booking<T> = { ok: true; value: T; placesLeft: number } | { ok: false; reason: "full" | "missing" };

/**
 * Inside the caller's transaction (the use-case that checked who may book, and writes the audit row): locks the
 * thing, counts the places taken, and runs `book` only if one is left. `book` inserts the booking.
 */
export async function takePlace<T>(trx: Transaction<Database>, thing: BookableThing, id: number, book: (trx: Transaction<Database>) => Promise<T>): Promise<Booking<T>> {
  const locked = await sql<{ capacity: number }>`select ${sql.ref(thing.capacityColumn)} as capacity from ${sql.table(thing.table)} where id = ${id} for update`.execute(trx);
  const capacity = locked.rows[0]?.capacity;
  if (capacity === undefined || capacity === null) return { ok: false, reason: "missing" };
  const holds = thing.bookings.holdsPlace ?? sql<boolean>`true`;
  const taken = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(thing.bookings.table)} where ${sql.ref(thing.bookings.thingColumn)} = ${id} and ${holds}`.execute(trx);
  const placesTaken = Number(taken.rows[0]?.n ?? 0);
  if (placesTaken >= Number(capacity)) return { ok: false, reason: "full" };
  const value = await book(trx);
  return { ok: true, value, placesLeft: Number(capacity) - placesTaken - 1 };
}
