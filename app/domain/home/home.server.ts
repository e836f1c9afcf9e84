import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { ROLE_LABELS } from "../access/roles.ts";
import { fundingSummary } from "../funding/summary.server.ts";
import { type ToDoGroup, toDoFor } from "../funding/to-do.server.ts";
import { guidanceToDo } from "../guidance/summary.server.ts";
import { schoolsSummary } from "../schools/summary.server.ts";
import { usersSummary } from "../users/summary.server.ts";

export { type ToDoGroup, type ToDoItem, TO_DO_SHOWN } from "../funding/to-do.server.ts";

type DB = Kysely<Database>;

/** What each role's home page shows: its to-do list first (ADR 22), then the facts. One shape per role. */
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

/**
 * Each role's home page, composed of one summary per area (schools, funding, users), each scoped to the actor by
 * the area itself; an area with nothing for the actor gives none. The to-do list comes from the funding area.
 */
export async function getHome(db: DB, actor: Actor, now = new Date()): Promise<Home> {
  requirePermission(actor, "home:view");
  const [fundingToDo, schools, funding, users, guidance] = await Promise.all([
    toDoFor(db, actor, now),
    schoolsSummary(db, actor),
    fundingSummary(db, actor, now.getTime()),
    usersSummary(db, actor),
    // The guidance library: a writer's articles overdue for review, after the funding work.
    guidanceToDo(db, actor, now),
  ]);
  const todo = [...fundingToDo, ...guidance];
  if (users) return { todo, kind: "admin", ...users, schools: schools?.reach === "county" ? schools.schools : 0 };
  switch (schools?.reach) {
    case "own_school":
      return { todo, kind: "school", roleLabel: ROLE_LABELS[actor.role], school: schools.school, funding: funding?.kind === "school" ? funding.funding : [] };
    case "assigned_schools":
      return { todo, kind: "champion", schools: schools.schools };
    case "district":
      return { todo, kind: "stls", district: schools.district, area: schools.area, schoolCount: schools.schoolCount, resourcedProvisions: schools.resourcedProvisions };
    default:
      return {
        todo,
        kind: "council",
        districts: schools?.reach === "county" ? schools.districts : [],
        queue: funding?.kind === "council" ? funding.queue : { waiting: 0, oldestDays: null },
      };
  }
}
