import type { Kysely } from "kysely";
import type { z } from "zod";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { liftGroupInReach, reachOf, schoolRowInReach } from "../access/scopes.server.ts";
import { lastChangeOf, recordAudit } from "../audit/audit.server.ts";
import { isUniqueViolation } from "../record.server.ts";
import { type Result, refuse } from "../result.ts";
import { changedMeanwhile } from "../workflow/resubmission.server.ts";
import type { addGroupSchema, moveSchoolSchema, renameGroupSchema } from "./group.schema.ts";

/**
 * LIFT groups (ADR 43): a district runs one or more, each serving some of its schools (a school is in at most one).
 * STLS teachers keep their own district's, council officers any district's: add a group, rename one, move a school
 * between the groups of its district (a school of another district is refused). Each audited.
 */

type DB = Kysely<Database>;

const TAKEN = "The district already has a group of that name: choose another";

/** The district an STLS teacher keeps; an officer names one (their choice, or the first). */
export async function districtKept(db: DB, actor: Actor, asked: number | null) {
  if (reachOf(actor) === "district") return actor.districtId === null ? undefined : db.selectFrom("districts").select(["id", "name"]).where("id", "=", actor.districtId).executeTakeFirst();
  if (reachOf(actor) !== "county") return undefined;
  let query = db.selectFrom("districts").select(["id", "name"]).orderBy("name");
  if (asked !== null) query = query.where("id", "=", asked);
  return query.limit(1).executeTakeFirst();
}

/** A district's groups with the schools each serves, and its schools no group serves. */
export async function groupsOfDistrict(db: DB, actor: Actor, asked: number | null) {
  requirePermission(actor, "lift:meetings");
  const district = await districtKept(db, actor, asked);
  if (!district) return { district: null, groups: [], unserved: [] };
  const [groups, schools] = await Promise.all([
    db.selectFrom("lift_groups").select(["id", "name", "version"]).where("district_id", "=", district.id).where(liftGroupInReach(actor)).orderBy("name").execute(),
    db
      .selectFrom("schools")
      .leftJoin("lift_group_schools", "lift_group_schools.school_id", "schools.id")
      .select(["schools.id", "schools.name", "schools.urn", "lift_group_schools.group_id"])
      .where("schools.district_id", "=", district.id)
      .where(schoolRowInReach(actor))
      .orderBy("schools.name")
      .execute(),
  ]);
  return {
    district,
    groups: groups.map((g) => ({ ...g, schools: schools.filter((s) => s.group_id === g.id).map((s) => ({ id: s.id, name: s.name, urn: s.urn })) })),
    unserved: schools.filter((s) => s.group_id === null).map((s) => ({ id: s.id, name: s.name, urn: s.urn })),
  };
}

export async function addGroup(db: DB, actor: Actor, input: z.output<typeof addGroupSchema>, requestId: string): Promise<Result<{ groupId: number }>> {
  requirePermission(actor, "lift:meetings");
  const district = await districtKept(db, actor, input.districtId);
  if (!district || district.id !== input.districtId) return refuse("name", "You can only add groups to your own district");
  try {
    return await db.transaction().execute(async (trx) => {
      const same = await trx.selectFrom("lift_groups").select("id").where("district_id", "=", district.id).where("name", "=", input.name).executeTakeFirst();
      if (same) return refuse("name", TAKEN);
      const row = await trx.insertInto("lift_groups").values({ district_id: district.id, name: input.name }).returning("id").executeTakeFirstOrThrow();
      await recordAudit(trx, { actor, action: "lift_group.created", subjectType: "lift_group", subjectId: row.id, requestId, detail: { districtId: district.id } });
      return { ok: true as const, groupId: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("name", TAKEN);
    throw error;
  }
}

export async function renameGroup(db: DB, actor: Actor, input: z.output<typeof renameGroupSchema>, requestId: string): Promise<Result<{ districtId: number }>> {
  requirePermission(actor, "lift:meetings");
  try {
    return await db.transaction().execute(async (trx) => {
      const group = await trx.selectFrom("lift_groups").select(["id", "name", "district_id", "version"]).where("id", "=", input.groupId).where(liftGroupInReach(actor)).forUpdate().executeTakeFirst();
      if (!group) return refuse("name", "That group is not one you keep");
      if (group.version !== input.version) {
        if (group.name === input.name) return { ok: true as const, districtId: group.district_id };
        return changedMeanwhile(trx, actor, { changed: await lastChangeOf(trx, { type: "lift_group", id: group.id }, ["lift_group.renamed"]), did: `it was renamed ${group.name}` });
      }
      if (group.name === input.name) return { ok: true as const, districtId: group.district_id };
      await trx.updateTable("lift_groups").set((eb) => ({ name: input.name, version: eb("version", "+", 1) })).where("id", "=", group.id).execute();
      await recordAudit(trx, { actor, action: "lift_group.renamed", subjectType: "lift_group", subjectId: group.id, requestId, detail: { from: group.name, to: input.name } });
      return { ok: true as const, districtId: group.district_id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("name", TAKEN);
    throw error;
  }
}

/** Puts a school in a group of its own district (moving it from the one serving it, if any). */
export async function moveSchool(db: DB, actor: Actor, input: z.output<typeof moveSchoolSchema>, requestId: string): Promise<Result<{ districtId: number }>> {
  requirePermission(actor, "lift:meetings");
  const [group, school] = await Promise.all([
    db.selectFrom("lift_groups").select(["id", "name", "district_id"]).where("id", "=", input.groupId).where(liftGroupInReach(actor)).executeTakeFirst(),
    db.selectFrom("schools").select(["id", "name", "district_id"]).where("id", "=", input.schoolId).where(schoolRowInReach(actor)).executeTakeFirst(),
  ]);
  if (!group) return refuse("groupId", "Select the group the school is served by");
  if (!school) return refuse("schoolId", "Select the school");
  if (school.district_id !== group.district_id) {
    return refuse("schoolId", `${school.name} is in another district: a school can only be served by a group of its own district`);
  }
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("lift_group_schools").select("group_id").where("school_id", "=", school.id).forUpdate().executeTakeFirst();
    if (before?.group_id === group.id) return { ok: true as const, districtId: group.district_id };
    await trx
      .insertInto("lift_group_schools")
      .values({ school_id: school.id, group_id: group.id })
      .onConflict((oc) => oc.column("school_id").doUpdateSet({ group_id: group.id }))
      .execute();
    await recordAudit(trx, { actor, action: "lift_group.school_moved", subjectType: "school", subjectId: school.id, requestId, detail: { fromGroupId: before?.group_id ?? null, toGroupId: group.id } });
    return { ok: true as const, districtId: group.district_id };
  });
}
