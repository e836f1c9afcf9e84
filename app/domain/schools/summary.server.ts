import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, scopeSchools } from "../access/access.server.ts";
import { reachOf } from "../access/scopes.server.ts";

type DB = Kysely<Database>;

/** The schools area's part of the home page, by the actor's reach: their school, their schools, their district, the county. */
export type SchoolsSummary =
  | { reach: "own_school"; school: { urn: string; name: string; district: string; phase: string; numberOnRoll: number | null } | null }
  | { reach: "assigned_schools"; schools: { urn: string; name: string; district: string; phase: string }[] }
  | { reach: "district"; district: string; area: string; schoolCount: number; resourcedProvisions: number }
  | {
      reach: "county";
      schools: number;
      /** Counts of schools only, for the council: nothing about any child. */
      districts: { code: string; name: string; area: string; schools: number; onRoll: number; resourcedProvisions: number }[];
    }
  | null;

function schoolsWithDistrict(db: DB, actor: Actor) {
  return scopeSchools(
    db
      .selectFrom("schools")
      .innerJoin("districts", "districts.id", "schools.district_id")
      .select(["schools.urn", "schools.name", "districts.name as district", "schools.phase", "schools.number_on_roll"]),
    actor,
  ).orderBy("schools.name");
}

export async function schoolsSummary(db: DB, actor: Actor): Promise<SchoolsSummary> {
  switch (reachOf(actor)) {
    case "own_school": {
      const school = await schoolsWithDistrict(db, actor).executeTakeFirst();
      return {
        reach: "own_school",
        school: school ? { urn: school.urn, name: school.name, district: school.district, phase: school.phase, numberOnRoll: school.number_on_roll } : null,
      };
    }
    case "assigned_schools": {
      const schools = await schoolsWithDistrict(db, actor).execute();
      return { reach: "assigned_schools", schools: schools.map(({ urn, name, district, phase }) => ({ urn, name, district, phase })) };
    }
    case "district": {
      const district = await db
        .selectFrom("districts")
        .leftJoin("schools", "schools.district_id", "districts.id")
        .select((eb) => [
          "districts.name",
          "districts.area",
          eb.fn.count<number>("schools.id").as("schools"),
          eb.fn.count<number>("schools.resourced_provision_type").as("srps"),
        ])
        .where("districts.id", "=", actor.districtId ?? -1)
        .groupBy(["districts.name", "districts.area"])
        .executeTakeFirst();
      return {
        reach: "district",
        district: district?.name ?? "",
        area: district?.area ?? "",
        schoolCount: Number(district?.schools ?? 0),
        resourcedProvisions: Number(district?.srps ?? 0),
      };
    }
    case "county": {
      const rows = await db
        .selectFrom("districts")
        .leftJoin("schools", "schools.district_id", "districts.id")
        .select((eb) => [
          "districts.code",
          "districts.name",
          "districts.area",
          eb.fn.count<number>("schools.id").as("schools"),
          sql<number>`coalesce(sum(schools.number_on_roll), 0)::int`.as("on_roll"),
          eb.fn.count<number>("schools.resourced_provision_type").as("srps"),
        ])
        .groupBy(["districts.code", "districts.name", "districts.area"])
        .orderBy("districts.name")
        .execute();
      const districts = rows.map((r) => ({
        code: r.code,
        name: r.name,
        area: r.area,
        schools: Number(r.schools),
        onRoll: Number(r.on_roll),
        resourcedProvisions: Number(r.srps),
      }));
      return { reach: "county", schools: districts.reduce((n, d) => n + d.schools, 0), districts };
    }
    case "community":
      return null;
  }
}
