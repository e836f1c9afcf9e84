import type { Kysely } from "kysely";
import type { DatabaseHandle } from "../../app/db.server.ts";
import type { Database } from "../../db/types.ts";

/**
 * Champion visits in tests (issue 11): the route inventory's samples from the demo seed (db/seed/champion-visits.ts),
 * and visits made directly in the database for a test of its own.
 */

export interface ChampionVisitSamples {
  /** Oakfield's latest published visit, its open school action, and Grace Adeyemi's draft (Medway Valley). */
  championVisitId: number;
  agreedActionId: number;
  championDraftId: number;
}

export async function championVisitSamples(database: DatabaseHandle): Promise<ChampionVisitSamples> {
  const db = database.db;
  const visit = await db
    .selectFrom("champion_visits")
    .innerJoin("schools", "schools.id", "champion_visits.school_id")
    .select("champion_visits.id")
    .where("schools.urn", "=", "990001")
    .where("champion_visits.status", "=", "published")
    .orderBy("champion_visits.visited_on", "desc")
    .executeTakeFirstOrThrow();
  const action = await db
    .selectFrom("agreed_actions")
    .select("id")
    .where("champion_visit_id", "=", visit.id)
    .where("owner", "=", "school")
    .where("status", "=", "open")
    .orderBy("position")
    .executeTakeFirstOrThrow();
  const draft = await db
    .selectFrom("champion_visits")
    .innerJoin("users", "users.id", "champion_visits.champion_user_id")
    .select("champion_visits.id")
    .where("users.email", "=", "champion@kent.example")
    .where("champion_visits.status", "=", "draft")
    .orderBy("champion_visits.id")
    .executeTakeFirstOrThrow();
  return { championVisitId: visit.id, agreedActionId: action.id, championDraftId: draft.id };
}

export const schoolIdOf = async (db: Kysely<Database>, urn: string) => (await db.selectFrom("schools").select("id").where("urn", "=", urn).executeTakeFirstOrThrow()).id;
export const userIdOf = async (db: Kysely<Database>, email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

/**
 * A visit of the demo champion's to a school, made in the database: published (with its events) or a draft, with
 * actions as given (`dueOn` ISO dates).
 */
export async function createChampionVisit(
  db: Kysely<Database>,
  options: {
    urn?: string;
    championEmail?: string;
    published?: boolean;
    visitedOn?: string;
    actions?: { description: string; owner: "school" | "champion" | "council"; dueOn: string }[];
  } = {},
): Promise<{ visitId: number; actionIds: number[] }> {
  const school = await schoolIdOf(db, options.urn ?? "990001");
  const champion = await userIdOf(db, options.championEmail ?? "champion@kent.example");
  const published = options.published ?? true;
  const visitedOn = options.visitedOn ?? "2026-11-02";
  const visit = await db
    .insertInto("champion_visits")
    .values({
      school_id: school,
      champion_user_id: champion,
      status: published ? "published" : "draft",
      visited_on: visitedOn,
      format: "in_person",
      seen: "Lessons in Years 2 and 4.",
      strengths: "Calm, purposeful classrooms.",
      published_at: published ? new Date() : null,
      published_by: published ? champion : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("champion_visit_focus_areas").values({ champion_visit_id: visit.id, focus_area: "inclusive_classroom_practice" }).execute();
  const actionIds: number[] = [];
  for (const [index, action] of (options.actions ?? []).entries()) {
    const row = await db
      .insertInto("agreed_actions")
      .values({ champion_visit_id: visit.id, position: index + 1, description: action.description, owner: action.owner, due_on: action.dueOn })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (published) {
      await db.insertInto("agreed_action_events").values({ agreed_action_id: row.id, actor_user_id: champion, actor_role: "inclusion_champion", action: "agreed", to_status: "open" }).execute();
    }
    actionIds.push(row.id);
  }
  return { visitId: visit.id, actionIds };
}

/** Another Inclusion Champion (the demo password), assigned to the schools given by URN. */
export async function createChampion(db: Kysely<Database>, email: string, name: string, urns: string[]): Promise<number> {
  const hash = await db.selectFrom("users").select("password_hash").where("email", "=", "champion@kent.example").executeTakeFirstOrThrow();
  const user = await db.insertInto("users").values({ email, display_name: name, password_hash: hash.password_hash }).returning("id").executeTakeFirstOrThrow();
  for (const urn of urns) {
    await db.insertInto("memberships").values({ user_id: user.id, role: "inclusion_champion", school_id: await schoolIdOf(db, urn), district_id: null }).execute();
  }
  return user.id;
}
