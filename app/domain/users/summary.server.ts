import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, can } from "../access/access.server.ts";

/** The users area's part of the home page (administrators): how many accounts are active and deactivated. */
export type UsersSummary = { activeUsers: number; deactivatedUsers: number } | null;

export async function usersSummary(db: Kysely<Database>, actor: Actor): Promise<UsersSummary> {
  if (!can(actor, "users:manage")) return null;
  const counts = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("users").select((e) => e.fn.countAll<number>().as("n")).where("active", "=", true).as("active"),
      eb.selectFrom("users").select((e) => e.fn.countAll<number>().as("n")).where("active", "=", false).as("inactive"),
    ])
    .executeTakeFirstOrThrow();
  return { activeUsers: Number(counts.active), deactivatedUsers: Number(counts.inactive) };
}
