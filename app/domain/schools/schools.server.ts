import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, canSeeSchool, notFound, requirePermission, scopeSchools } from "../access/access.server.ts";
import { districtOptionInReach } from "../access/scopes.server.ts";

type DB = Kysely<Database>;

export interface SchoolSummary {
  urn: string;
  name: string;
  phase: string;
  district: string;
  numberOnRoll: number | null;
  resourcedProvision: string | null;
}

/** Schools the actor may see, filtered by district code and name or URN. */
export async function listSchools(db: DB, actor: Actor, filter: { q?: string; district?: string } = {}): Promise<SchoolSummary[]> {
  requirePermission(actor, "schools:list");
  let query = scopeSchools(
    db
      .selectFrom("schools")
      .innerJoin("districts", "districts.id", "schools.district_id")
      .select([
        "schools.urn",
        "schools.name",
        "schools.phase",
        "districts.name as district",
        "schools.number_on_roll",
        "schools.resourced_provision_type",
      ]),
    actor,
  );
  if (filter.district) {
    const code = filter.district;
    query = query.where("schools.district_id", "=", (eb) => eb.selectFrom("districts").select("id").where("code", "=", code));
  }
  const q = filter.q?.trim();
  if (q) {
    const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb("schools.urn", "=", q), eb(eb.fn("lower", ["schools.name"]), "like", like)]));
  }
  const rows = await query.orderBy("schools.name").limit(1000).execute();
  return rows.map((r) => ({
    urn: r.urn,
    name: r.name,
    phase: r.phase,
    district: r.district,
    numberOnRoll: r.number_on_roll,
    resourcedProvision: r.resourced_provision_type,
  }));
}

export interface SchoolDetail extends SchoolSummary {
  establishmentType: string;
  area: string;
  postcode: string | null;
  status: string;
  resourcedProvisionCapacity: number | null;
}

/** One school, or 404 when it does not exist or the actor may not see it (the same answer for both). */
export async function getSchool(db: DB, actor: Actor, urn: string): Promise<SchoolDetail> {
  requirePermission(actor, "school:view");
  if (!/^[0-9]{6}$/.test(urn)) notFound();
  const row = await db
    .selectFrom("schools")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .select([
      "schools.id",
      "schools.district_id",
      "schools.urn",
      "schools.name",
      "schools.phase",
      "schools.establishment_type",
      "schools.number_on_roll",
      "schools.postcode",
      "schools.status",
      "schools.resourced_provision_type",
      "schools.resourced_provision_capacity",
      "districts.name as district",
      "districts.area",
    ])
    .where("schools.urn", "=", urn)
    .executeTakeFirst();
  if (!row || !canSeeSchool(actor, row)) notFound();
  return {
    urn: row.urn,
    name: row.name,
    phase: row.phase,
    establishmentType: row.establishment_type,
    district: row.district,
    area: row.area,
    numberOnRoll: row.number_on_roll,
    postcode: row.postcode,
    status: row.status,
    resourcedProvision: row.resourced_provision_type,
    resourcedProvisionCapacity: row.resourced_provision_capacity,
  };
}

export async function listDistrictOptions(db: DB, actor: Actor) {
  requirePermission(actor, "schools:list");
  return db.selectFrom("districts").select(["code", "name"]).where(districtOptionInReach(actor)).orderBy("name").execute();
}
