import type { Kysely } from "kysely";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import type { Database } from "../../db/types.ts";

/**
 * Resource provision records for tests (issue 11): the demo seed's SRPs by school (db/seed/provision.ts) and the
 * window open today; helpers to make a window or move one.
 */

type DB = Kysely<Database>;

export const srpOf = async (db: DB, urn: string) =>
  (
    await db
      .selectFrom("resource_provisions")
      .innerJoin("schools", "schools.id", "resource_provisions.school_id")
      .select(["resource_provisions.id", "resource_provisions.school_id"])
      .where("schools.urn", "=", urn)
      .orderBy("resource_provisions.id")
      .executeTakeFirstOrThrow()
  );

export const openWindowOf = async (db: DB, now = new Date()) =>
  db
    .selectFrom("srp_return_windows")
    .selectAll()
    .where("opens_on", "<=", londonToday(now))
    .where("closes_on", ">=", londonToday(now))
    .orderBy("opens_on", "desc")
    .executeTakeFirstOrThrow();

/** A window that closed before today (the seed's previous term). */
export const closedWindowOf = async (db: DB, now = new Date()) =>
  db.selectFrom("srp_return_windows").selectAll().where("closes_on", "<", londonToday(now)).orderBy("closes_on", "desc").executeTakeFirstOrThrow();

/** The route inventory's samples: Oakfield's SRP and the window open today. */
export async function provisionSamples(database: DatabaseHandle) {
  return { srpId: (await srpOf(database.db, "990001")).id, srpWindowId: (await openWindowOf(database.db)).id };
}
