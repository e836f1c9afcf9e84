import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { lastChangeOf, recordAudit } from "../audit/audit.server.ts";
import { isUniqueViolation } from "../record.server.ts";
import { type Result, refuse } from "../result.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";

/**
 * The council's catalogue (ADR 38): programmes (AET, Nurturing Kent, PINS, The Balanced System, STLS-led
 * courses) and their courses, each with the areas of need it is about. Plain versioned records: a form sent
 * against an old version is answered by the resubmission rule (the same values: done once; else what changed).
 */

type DB = Kysely<Database>;

export interface ProgrammeInput {
  name: string;
  provider: string;
  description?: string;
}

export interface CourseInput {
  programmeId: number;
  title: string;
  audience: string;
  description?: string;
  needAreas: string[];
}

const PROGRAMME_TAKEN = "Another programme already has this name: choose a different one";
const COURSE_TAKEN = "The programme already has a course with this title: choose a different one";

/** The areas of need courses are offered under, in order. */
export async function courseNeedAreas(db: DB): Promise<{ name: string; shortName: string }[]> {
  const rows = await db.selectFrom("need_areas").select(["name", "short_name"]).where("course_area", "=", true).orderBy("sort_order").orderBy("name").execute();
  return rows.map((r) => ({ name: r.name, shortName: r.short_name }));
}

/** Every programme with its courses and their need areas, for the council's catalogue page. */
export async function listProgrammes(db: DB, actor: Actor) {
  requirePermission(actor, "training:manage");
  const [programmes, courses, areas] = await Promise.all([
    db.selectFrom("training_programmes").select(["id", "name", "provider", "active"]).orderBy("sort_order").orderBy("name").execute(),
    db.selectFrom("training_courses").select(["id", "programme_id", "title", "audience", "active"]).orderBy("title").execute(),
    db.selectFrom("training_course_need_areas")
      .innerJoin("need_areas", "need_areas.name", "training_course_need_areas.need_area")
      .select(["course_id", "short_name"])
      .orderBy("sort_order")
      .execute(),
  ]);
  const areasOf = new Map<number, string[]>();
  for (const a of areas) areasOf.set(a.course_id, [...(areasOf.get(a.course_id) ?? []), a.short_name]);
  return programmes.map((p) => ({
    ...p,
    courses: courses.filter((c) => c.programme_id === p.id).map((c) => ({ id: c.id, title: c.title, audience: c.audience, needAreas: areasOf.get(c.id) ?? [] })),
  }));
}

export async function getProgramme(db: DB, actor: Actor, id: number) {
  requirePermission(actor, "training:manage");
  const row = await db.selectFrom("training_programmes").select(["id", "name", "provider", "description", "version"]).where("id", "=", id).executeTakeFirst();
  if (!row) notFound();
  return row;
}

async function programmeNameTaken(db: DB, name: string, exceptId?: number) {
  let query = db.selectFrom("training_programmes").select("id").where(sql<string>`lower(name)`, "=", name.toLowerCase());
  if (exceptId !== undefined) query = query.where("id", "<>", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function createProgramme(db: DB, actor: Actor, input: ProgrammeInput, requestId: string): Promise<Result<{ programmeId: number }>> {
  requirePermission(actor, "training:manage");
  const existing = await db.selectFrom("training_programmes").select(["id", "provider", "description"]).where("name", "=", input.name).executeTakeFirst();
  // The same programme sent again (a double click): added once.
  if (existing && existing.provider === input.provider && existing.description === (input.description ?? "")) return { ok: true, programmeId: existing.id };
  if (existing || (await programmeNameTaken(db, input.name))) return refuse("name", PROGRAMME_TAKEN);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("training_programmes")
        .values((eb) => ({
          name: input.name,
          provider: input.provider,
          description: input.description ?? "",
          sort_order: eb.selectFrom("training_programmes").select(sql<number>`coalesce(max(sort_order), 0) + 1`.as("next")),
        }))
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor,
        action: "training_programme.create",
        subjectType: "training_programme",
        subjectId: row.id,
        requestId,
        detail: { name: input.name },
      });
      return { ok: true as const, programmeId: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("name", PROGRAMME_TAKEN);
    throw error;
  }
}

export async function changeProgramme(
  db: DB,
  actor: Actor,
  id: number,
  input: ProgrammeInput & { version: number },
  requestId: string,
): Promise<Result<object>> {
  requirePermission(actor, "training:manage");
  await getProgramme(db, actor, id);
  if (await programmeNameTaken(db, input.name, id)) return refuse("name", PROGRAMME_TAKEN);
  try {
    return await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable("training_programmes")
        .set((eb) => ({ name: input.name, provider: input.provider, description: input.description ?? "", version: eb("version", "+", 1) }))
        .where("id", "=", id)
        .where("version", "=", input.version)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) {
        const now = await trx.selectFrom("training_programmes").select(["name", "provider", "description"]).where("id", "=", id).executeTakeFirstOrThrow();
        return answerOldVersion(trx, actor, {
          submitted: { name: input.name, provider: input.provider, description: input.description ?? "" },
          recorded: now,
          labels: { name: "name", provider: "provider", description: "description" },
          changed: await lastChangeOf(trx, { type: "training_programme", id }, ["training_programme.create", "training_programme.update"]),
        });
      }
      await recordAudit(trx, {
        actor,
        action: "training_programme.update",
        subjectType: "training_programme",
        subjectId: id,
        requestId,
        detail: { version: input.version + 1 },
      });
      return { ok: true as const };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("name", PROGRAMME_TAKEN);
    throw error;
  }
}

export async function programmeOptions(db: DB) {
  return db.selectFrom("training_programmes").select(["id", "name"]).where("active", "=", true).orderBy("sort_order").orderBy("name").execute();
}

export async function getCourse(db: DB, actor: Actor, id: number) {
  requirePermission(actor, "training:manage");
  const row = await db.selectFrom("training_courses")
    .select(["id", "programme_id", "title", "audience", "description", "version"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) notFound();
  const areas = await db.selectFrom("training_course_need_areas").select("need_area").where("course_id", "=", id).execute();
  return { ...row, needAreas: areas.map((a) => a.need_area) };
}

/** The need areas ticked, checked against the list: unknown ones are a field error (a crafted form). */
async function checkAreas(db: DB, areas: string[]) {
  const known = new Set((await courseNeedAreas(db)).map((a) => a.name));
  const unique = [...new Set(areas)];
  return unique.every((a) => known.has(a)) ? unique : null;
}

const AREA_UNKNOWN = "Select the areas of need from the list";

async function checkCourse(db: DB, input: CourseInput) {
  const programme = await db.selectFrom("training_programmes").select("id").where("id", "=", input.programmeId).executeTakeFirst();
  if (!programme) return { refusal: refuse("programmeId", "Select the programme the course belongs to") };
  const areas = await checkAreas(db, input.needAreas);
  if (!areas) return { refusal: refuse("needAreas", AREA_UNKNOWN) };
  return { areas };
}

export async function createCourse(db: DB, actor: Actor, input: CourseInput, requestId: string): Promise<Result<{ courseId: number }>> {
  requirePermission(actor, "training:manage");
  const checked = await checkCourse(db, input);
  if (checked.refusal) return checked.refusal;
  const existing = await db.selectFrom("training_courses")
    .select(["id", "audience", "description"])
    .where("programme_id", "=", input.programmeId)
    .where("title", "=", input.title)
    .executeTakeFirst();
  if (existing && existing.audience === input.audience && existing.description === (input.description ?? "")) return { ok: true, courseId: existing.id };
  if (existing) return refuse("title", COURSE_TAKEN);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("training_courses")
        .values({ programme_id: input.programmeId, title: input.title, audience: input.audience, description: input.description ?? "" })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (checked.areas!.length > 0) await trx.insertInto("training_course_need_areas")
        .values(checked.areas!.map((need_area) => ({ course_id: row.id, need_area })))
        .execute();
      await recordAudit(trx, {
        actor,
        action: "training_course.create",
        subjectType: "training_course",
        subjectId: row.id,
        requestId,
        detail: { programmeId: input.programmeId },
      });
      return { ok: true as const, courseId: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("title", COURSE_TAKEN);
    throw error;
  }
}

export async function changeCourse(db: DB, actor: Actor, id: number, input: CourseInput & { version: number }, requestId: string): Promise<Result<object>> {
  requirePermission(actor, "training:manage");
  await getCourse(db, actor, id);
  const checked = await checkCourse(db, input);
  if (checked.refusal) return checked.refusal;
  const areas = checked.areas!;
  try {
    return await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable("training_courses")
        .set((eb) => ({ programme_id: input.programmeId, title: input.title, audience: input.audience, description: input.description ?? "", version: eb("version", "+", 1) }))
        .where("id", "=", id)
        .where("version", "=", input.version)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) {
        const now = await trx.selectFrom("training_courses")
          .select(["programme_id", "title", "audience", "description"])
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        const nowAreas = await trx.selectFrom("training_course_need_areas").select("need_area").where("course_id", "=", id).orderBy("need_area").execute();
        return answerOldVersion(trx, actor, {
          submitted: { programmeId: input.programmeId, title: input.title, audience: input.audience, description: input.description ?? "", needAreas: [...areas].sort() },
          recorded: { programmeId: now.programme_id, title: now.title, audience: now.audience, description: now.description, needAreas: nowAreas.map((a) => a.need_area) },
          labels: { programmeId: "programme", title: "title", audience: "who it is for", description: "description", needAreas: "areas of need" },
          changed: await lastChangeOf(trx, { type: "training_course", id }, ["training_course.create", "training_course.update"]),
        });
      }
      await trx.deleteFrom("training_course_need_areas").where("course_id", "=", id).execute();
      if (areas.length > 0) await trx.insertInto("training_course_need_areas").values(areas.map((need_area) => ({ course_id: id, need_area }))).execute();
      await recordAudit(trx, {
        actor,
        action: "training_course.update",
        subjectType: "training_course",
        subjectId: id,
        requestId,
        detail: { version: input.version + 1, needAreas: areas },
      });
      return { ok: true as const };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("title", COURSE_TAKEN);
    throw error;
  }
}
