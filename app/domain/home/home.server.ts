import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission, scopeSchools } from "../access/access.server.ts";
import { fundingRequestInReach } from "../access/scopes.server.ts";
import { ROLE_LABELS } from "../access/roles.ts";
import { FUNDING_STATUS_LABELS, type FundingStatus } from "../funding/funding.schema.ts";

type DB = Kysely<Database>;

/** A school's requests that are still moving, in the order they move. */
const OPEN_STATUSES = ["draft", "awaiting_headteacher", "submitted", "in_review", "more_information_needed"] as const satisfies FundingStatus[];

/** What each role's home page shows. One use-case, one shape per role. */
export type Home =
  | {
      kind: "school";
      roleLabel: string;
      school: { urn: string; name: string; district: string; phase: string; numberOnRoll: number | null } | null;
      /** The school's funding requests that need someone, by status: what to do next. */
      funding: { status: string; label: string; count: number }[];
    }
  | { kind: "champion"; schools: { urn: string; name: string; district: string; phase: string }[] }
  | { kind: "stls"; district: string; area: string; schoolCount: number; resourcedProvisions: number }
  | {
      kind: "council";
      districts: { code: string; name: string; area: string; schools: number; onRoll: number; resourcedProvisions: number }[];
      queue: { waiting: number; oldestDays: number | null };
    }
  | { kind: "admin"; activeUsers: number; deactivatedUsers: number; schools: number };

function schoolsWithDistrict(db: DB, actor: Actor) {
  return scopeSchools(
    db
      .selectFrom("schools")
      .innerJoin("districts", "districts.id", "schools.district_id")
      .select(["schools.urn", "schools.name", "districts.name as district", "schools.phase", "schools.number_on_roll"]),
    actor,
  ).orderBy("schools.name");
}

export async function getHome(db: DB, actor: Actor): Promise<Home> {
  requirePermission(actor, "home:view");
  switch (actor.role) {
    case "senco":
    case "headteacher": {
      const [school, counts] = await Promise.all([
        schoolsWithDistrict(db, actor).executeTakeFirst(),
        db
          .selectFrom("funding_requests")
          .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
          .where(fundingRequestInReach(actor))
          .where("status", "in", OPEN_STATUSES)
          .groupBy("status")
          .execute(),
      ]);
      return {
        kind: "school",
        roleLabel: ROLE_LABELS[actor.role],
        school: school
          ? { urn: school.urn, name: school.name, district: school.district, phase: school.phase, numberOnRoll: school.number_on_roll }
          : null,
        funding: OPEN_STATUSES.map((status) => ({
          status,
          label: FUNDING_STATUS_LABELS[status],
          count: Number(counts.find((c) => c.status === status)?.n ?? 0),
        })),
      };
    }
    case "inclusion_champion": {
      const schools = await schoolsWithDistrict(db, actor).execute();
      return { kind: "champion", schools: schools.map(({ urn, name, district, phase }) => ({ urn, name, district, phase })) };
    }
    case "stls": {
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
        kind: "stls",
        district: district?.name ?? "",
        area: district?.area ?? "",
        schoolCount: Number(district?.schools ?? 0),
        resourcedProvisions: Number(district?.srps ?? 0),
      };
    }
    case "council_officer": {
      // Counts of schools only: nothing about any child leaves this query.
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
      const queue = await db
        .selectFrom("funding_requests")
        .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("submitted_at").as("oldest")])
        .where("status", "in", ["submitted", "in_review"])
        .executeTakeFirstOrThrow();
      return {
        kind: "council",
        queue: {
          waiting: Number(queue.n),
          oldestDays: queue.oldest ? Math.floor((Date.now() - new Date(queue.oldest).getTime()) / 86_400_000) : null,
        },
        districts: rows.map((r) => ({
          code: r.code,
          name: r.name,
          area: r.area,
          schools: Number(r.schools),
          onRoll: Number(r.on_roll),
          resourcedProvisions: Number(r.srps),
        })),
      };
    }
    case "admin": {
      const counts = await db
        .selectNoFrom((eb) => [
          eb.selectFrom("users").select((e) => e.fn.countAll<number>().as("n")).where("active", "=", true).as("active"),
          eb.selectFrom("users").select((e) => e.fn.countAll<number>().as("n")).where("active", "=", false).as("inactive"),
          eb.selectFrom("schools").select((e) => e.fn.countAll<number>().as("n")).as("schools"),
        ])
        .executeTakeFirstOrThrow();
      return {
        kind: "admin",
        activeUsers: Number(counts.active),
        deactivatedUsers: Number(counts.inactive),
        schools: Number(counts.schools),
      };
    }
  }
}
