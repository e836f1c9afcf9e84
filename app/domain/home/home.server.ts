import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { ROLE_LABELS } from "../access/roles.ts";
import { fundingSummary } from "../funding/summary.server.ts";
import { type ToDoGroup, toDoFor } from "../funding/to-do.server.ts";
import { provisionSummary, type ProvisionSummary } from "../provision/summary.server.ts";
import { guidanceToDo } from "../guidance/summary.server.ts";
import { schoolsSummary } from "../schools/summary.server.ts";
import { usersSummary } from "../users/summary.server.ts";
import { visitsToDo } from "../champions/summary.server.ts";

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
      /** The term's SRP returns still to send, when the school hosts an SRP and a window is open. */
      provision: ProvisionSummary;
    }
  | { kind: "champion"; schools: { urn: string; name: string; district: string; phase: string }[] }
  | { kind: "stls"; district: string; area: string; schoolCount: number; resourcedProvisions: number }
  | {
      kind: "council";
      districts: { code: string; name: string; area: string; schools: number; onRoll: number; resourcedProvisions: number }[];
      queue: { waiting: number; oldestDays: number | null };
      /** The current term's SRP returns: how many are not in, and how many are above the places commissioned. */
      provision: ProvisionSummary;
    }
  | { kind: "admin"; activeUsers: number; deactivatedUsers: number; schools: number }
);

/**
 * Each role's home page, composed of one summary per area (schools, funding, users), each scoped to the actor by
 * the area itself; an area with nothing for the actor gives none. The to-do list comes from the funding area.
 */
export async function getHome(db: DB, actor: Actor, now = new Date()): Promise<Home> {
  requirePermission(actor, "home:view");
  const [fundingToDo, schools, funding, users, visits, provision, guidance] = await Promise.all([
    toDoFor(db, actor, now),
    schoolsSummary(db, actor),
    fundingSummary(db, actor, now.getTime()),
    usersSummary(db, actor),
    visitsToDo(db, actor, now),
    provisionSummary(db, actor, now),
    // The guidance library: a writer's articles overdue for review.
    guidanceToDo(db, actor, now),
  ]);
  // After the funding work: champion visits (overdue agreed actions, unfinished reports), then guidance to review.
  const todo = [...fundingToDo, ...visits, ...guidance];
  if (users) return { todo, kind: "admin", ...users, schools: schools?.reach === "county" ? schools.schools : 0 };
  switch (schools?.reach) {
    case "own_school":
      return { todo, kind: "school", roleLabel: ROLE_LABELS[actor.role], school: schools.school, funding: funding?.kind === "school" ? funding.funding : [], provision };
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
        provision,
      };
  }
}
