import type { Kysely } from "kysely";
import type { z } from "zod";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { schoolRowInReach } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { type Result, refuse } from "../result.ts";
import type { linkTeacherSchema } from "./group.schema.ts";
import { districtKept } from "./groups.server.ts";

/**
 * Each school's named STLS link teacher (ADR 43): set by STLS teachers for their district's schools and by council
 * officers for any, always one of the school's district's STLS teachers (an active STLS membership of that
 * district); anyone else is refused. Audited. Shown to the school on /lift.
 */

type DB = Kysely<Database>;

/** The district's active STLS teachers: who may be a link teacher there. */
export async function districtTeachers(db: DB, districtId: number) {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.display_name", "users.email"])
    .distinct()
    .where("memberships.role", "=", "stls")
    .where("memberships.district_id", "=", districtId)
    .where("users.active", "=", true)
    .orderBy("users.display_name")
    .execute();
}

/** The district's schools, each with its link teacher, and the teachers who may be named. */
export async function linkTeachersOfDistrict(db: DB, actor: Actor, asked: number | null) {
  requirePermission(actor, "lift:meetings");
  const district = await districtKept(db, actor, asked);
  if (!district) return { district: null, schools: [], teachers: [] };
  const [schools, teachers] = await Promise.all([
    db
      .selectFrom("schools")
      .leftJoin("stls_link_teachers", "stls_link_teachers.school_id", "schools.id")
      .leftJoin("users", "users.id", "stls_link_teachers.teacher_user_id")
      .select(["schools.id", "schools.name", "schools.urn", "users.id as teacher_id", "users.display_name as teacher_name"])
      .where("schools.district_id", "=", district.id)
      .where(schoolRowInReach(actor))
      .orderBy("schools.name")
      .execute(),
    districtTeachers(db, district.id),
  ]);
  return { district, schools, teachers: teachers.map((t) => ({ id: t.id, name: t.display_name })) };
}

/** Names the school's link teacher. The same teacher again changes nothing. */
export async function setLinkTeacher(db: DB, actor: Actor, input: z.output<typeof linkTeacherSchema>, requestId: string): Promise<Result<{ districtId: number }>> {
  requirePermission(actor, "lift:meetings");
  const school = await db.selectFrom("schools").select(["id", "name", "district_id"]).where("id", "=", input.schoolId).where(schoolRowInReach(actor)).executeTakeFirst();
  if (!school) return refuse("schoolId", "Select the school");
  const teachers = await districtTeachers(db, school.district_id);
  if (!teachers.some((t) => t.id === input.teacherUserId)) {
    return refuse("teacherUserId", `Select one of the STLS teachers of ${school.name}'s district: only they can be its link teacher`);
  }
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("stls_link_teachers").select("teacher_user_id").where("school_id", "=", school.id).forUpdate().executeTakeFirst();
    if (before?.teacher_user_id === input.teacherUserId) return { ok: true as const, districtId: school.district_id };
    await trx
      .insertInto("stls_link_teachers")
      .values({ school_id: school.id, teacher_user_id: input.teacherUserId, set_by: actor.userId })
      .onConflict((oc) =>
        oc.column("school_id").doUpdateSet((eb) => ({ teacher_user_id: input.teacherUserId, set_by: actor.userId, set_at: new Date(), version: eb("stls_link_teachers.version", "+", 1) })),
      )
      .execute();
    await recordAudit(trx, {
      actor,
      action: "stls_link_teacher.set",
      subjectType: "school",
      subjectId: school.id,
      requestId,
      detail: { from: before?.teacher_user_id ?? null, to: input.teacherUserId },
    });
    return { ok: true as const, districtId: school.district_id };
  });
}

/** The school's link teacher as the school sees them: name and email, or none named. */
export async function linkTeacherOf(db: DB, schoolId: number) {
  return db
    .selectFrom("stls_link_teachers")
    .innerJoin("users", "users.id", "stls_link_teachers.teacher_user_id")
    .select(["users.display_name as name", "users.email"])
    .where("stls_link_teachers.school_id", "=", schoolId)
    .where("users.active", "=", true)
    .executeTakeFirst();
}
