import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission, scopeSchools } from "../access/access.server.ts";
import { ROLE_LABELS } from "../access/roles.ts";
import { FUNDING_STATUS_LABELS, type FundingStatus } from "../funding/funding.schema.ts";
import { listFundingRequests } from "../funding/funding.server.ts";

type DB = Kysely<Database>;

/** A school's requests that are still moving, in the order they move. */
const OPEN_STATUSES = ["draft", "awaiting_headteacher", "submitted", "in_review", "more_information_needed"] as const satisfies FundingStatus[];

/** One thing waiting for the person, with the link that does it. */
export interface ToDoItem {
  /** What it is about: "High Needs Funding, for Oliver Grant" (never a child's needs; the council sees the school, not the pupil). */
  about: string;
  /** What to do, as the link's text: "Sign off HNF-2026-00003". */
  action: string;
  href: string;
  /** "Waiting 6 days", "Sent back 2 days ago". */
  detail: string;
}

/** One kind of work waiting for the person (to sign off, more information needed, to decide). */
export interface ToDoGroup {
  key: string;
  heading: string;
  items: ToDoItem[];
  /** How many there are in all; the page shows the first few and links to the rest. */
  total: number;
  allHref: string;
}

/** How many of each kind of work the home page lists before linking to the rest. */
export const TO_DO_SHOWN = 5;

/** What each role's home page shows, its to-do list first. One use-case, one shape per role. */
export type Home = { todo: ToDoGroup[] } & (
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
  | { kind: "admin"; activeUsers: number; deactivatedUsers: number; schools: number }
);

type WorkKind = { key: string; status: FundingStatus | "awaiting_decision"; heading: string; verb: string; path: (reference: string) => string; since: string };

/** The work each role is waited on for, in the order it matters: what others are waiting for first. */
const WORK: Partial<Record<Actor["role"], WorkKind[]>> = {
  headteacher: [
    { key: "sign-off", status: "awaiting_headteacher", heading: "To sign off", verb: "Review and sign off", path: (r) => `/funding/${r}`, since: "Sent" },
  ],
  senco: [
    { key: "more-information", status: "more_information_needed", heading: "More information needed", verb: "Add the information to", path: (r) => `/funding/${r}/edit`, since: "Asked" },
    { key: "drafts", status: "draft", heading: "Drafts to finish", verb: "Continue", path: (r) => `/funding/${r}/edit`, since: "Last changed" },
  ],
  council_officer: [
    { key: "decide", status: "awaiting_decision", heading: "To decide", verb: "Decide", path: (r) => `/funding/${r}/decide`, since: "Waiting" },
  ],
};

function ago(since: string, at: Date, now: Date) {
  const days = Math.max(0, Math.floor((now.getTime() - new Date(at).getTime()) / 86_400_000));
  const words = days === 0 ? "today" : days === 1 ? "1 day" : `${days} days`;
  return since === "Waiting" ? `Waiting ${words === "today" ? "since today" : words}` : `${since} ${words === "today" ? "today" : `${words} ago`}`;
}

/** What waits for the actor, read through the funding area's own list (its scope, its order). */
async function toDoFor(db: DB, actor: Actor, now: Date): Promise<ToDoGroup[]> {
  const kinds = WORK[actor.role] ?? [];
  if (kinds.length === 0 || (actor.role !== "council_officer" && actor.schoolIds.length === 0)) return [];
  const lists = await Promise.all(kinds.map((k) => listFundingRequests(db, actor, { status: k.status }, now)));
  return kinds.map((k, i) => {
    const list = lists[i]!;
    return {
      key: k.key,
      heading: k.heading,
      total: list.total,
      allHref: `/funding?status=${k.status}`,
      items: list.rows.slice(0, TO_DO_SHOWN).map((r) => ({
        about: actor.role === "council_officer" ? `${r.scheme}, ${r.school}` : `${r.scheme}, for ${r.pupil ?? "the whole school"}`,
        action: `${k.verb} ${r.reference}`,
        href: k.path(r.reference),
        detail: ago(k.since, k.status === "awaiting_decision" ? (r.submittedAt ?? r.updatedAt) : r.updatedAt, now),
      })),
    };
  });
}

function schoolsWithDistrict(db: DB, actor: Actor) {
  return scopeSchools(
    db
      .selectFrom("schools")
      .innerJoin("districts", "districts.id", "schools.district_id")
      .select(["schools.urn", "schools.name", "districts.name as district", "schools.phase", "schools.number_on_roll"]),
    actor,
  ).orderBy("schools.name");
}

export async function getHome(db: DB, actor: Actor, now = new Date()): Promise<Home> {
  requirePermission(actor, "home:view");
  const [todo, facts] = await Promise.all([toDoFor(db, actor, now), homeFacts(db, actor)]);
  return { todo, ...facts } as Home;
}

type Facts = Home extends infer H ? (H extends { todo: ToDoGroup[] } ? Omit<H, "todo"> : never) : never;

async function homeFacts(db: DB, actor: Actor): Promise<Facts> {
  switch (actor.role) {
    case "senco":
    case "headteacher": {
      const [school, counts] = await Promise.all([
        schoolsWithDistrict(db, actor).executeTakeFirst(),
        actor.schoolIds.length === 0
          ? Promise.resolve([])
          : db
              .selectFrom("funding_requests")
              .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
              .where("school_id", "in", actor.schoolIds)
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
