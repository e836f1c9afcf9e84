import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import { londonToday } from "./financial-year.ts";

/**
 * Case references and one-off form keys, shared by every area whose cases have a reference (funding requests
 * HNF-2026-00042, LIFT referrals LIFT-2026-00042): one counter per prefix and London year (`reference_counters`).
 */

/** A one-off key for a "start a request" form: 128 random bits. */
export function newIdempotencyKey(): string {
  return randomBytes(16).toString("base64url");
}

/** The next reference for `prefix` this London year, counted inside the caller's transaction. */
export async function nextReference(trx: Kysely<Database>, prefix: string): Promise<string> {
  const year = Number(londonToday().slice(0, 4));
  const row = await trx
    .insertInto("reference_counters")
    .values({ prefix, year, last_number: 1 })
    .onConflict((oc) => oc.columns(["prefix", "year"]).doUpdateSet((eb) => ({ last_number: eb("reference_counters.last_number", "+", 1) })))
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return `${prefix}-${year}-${String(row.last_number).padStart(5, "0")}`;
}
