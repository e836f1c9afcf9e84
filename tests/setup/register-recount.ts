import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";

/**
 * Pupils on the SEN registers today, counted afresh from the rows with the tests' own SQL (issue 13's recount):
 * `count(district, area)` for one cell, or leave either out for a district's, an area's or Kent's total. Only the
 * provision given ("K", "E"), or both.
 */
export async function recountRegisters(db: Kysely<Database>, provision = "") {
  const rows = await db
    .selectFrom("pupils")
    .innerJoin("schools", "schools.id", "pupils.school_id")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .innerJoin("sen_need_types", "sen_need_types.code", "pupils.primary_need")
    .innerJoin("need_areas", "need_areas.name", "sen_need_types.broad_area")
    .select((eb) => ["districts.name as district", "need_areas.short_name as area", eb.fn.countAll<number>().as("n")])
    .where("pupils.date_left", "is", null)
    .where("pupils.anonymised_at", "is", null)
    .$if(provision !== "", (q) => q.where("pupils.sen_provision", "=", provision))
    .groupBy(["districts.name", "need_areas.short_name"])
    .execute();
  return (district?: string, area?: string) =>
    rows.filter((r) => (district === undefined || r.district === district) && (area === undefined || r.area === area)).reduce((n, r) => n + Number(r.n), 0);
}
