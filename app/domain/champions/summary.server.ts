import { sql } from "kysely";
import type { Actor } from "../access/access.server.ts";
import { roleCan } from "../access/roles.ts";
import { formatDate } from "../../components/format.ts";
import type { ToDoGroup } from "../funding/to-do.server.ts";
import { TO_DO_SHOWN } from "../funding/to-do.server.ts";
import { londonToday } from "../financial-year.ts";
import { overdueActions } from "./overview.server.ts";
import type { DB } from "./store.server.ts";

/**
 * The champion visits area's part of each home page's to-do list (ADR 22, ADR 52): for a school's staff, the
 * school's own agreed actions past their due date; for a champion, every open action overdue at their schools
 * (to follow up, close or carry forward) and their reports still in draft. Nobody else has any.
 */

function daysLate(dueOn: string, today: string) {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000);
  return `Due ${formatDate(dueOn)}, ${days === 1 ? "1 day" : `${days} days`} overdue`;
}

const short = (text: string | null) => {
  const t = text ?? "An agreed action";
  return t.length > 90 ? `${t.slice(0, 87)}...` : t;
};

export async function visitsToDo(db: DB, actor: Actor, now: Date): Promise<ToDoGroup[]> {
  if (!roleCan(actor.role, "visits:view") || actor.schoolIds.length === 0) return [];
  const today = londonToday(now);
  const overdue = await overdueActions(db, actor, now, TO_DO_SHOWN);
  const groups: ToDoGroup[] = [];
  if (overdue.total > 0) {
    groups.push({
      key: "overdue-actions",
      heading: roleCan(actor.role, "visits:log") ? "Agreed actions overdue at your schools" : "Agreed actions overdue from champion visits",
      total: overdue.total,
      allHref: "/visits",
      items: overdue.rows.map((a) => ({
        about: roleCan(actor.role, "visits:log") ? `${a.school}: ${short(a.description)}` : short(a.description),
        action: roleCan(actor.role, "visits:log") ? "Follow up this action" : "Update this action",
        href: `/visits/actions/${a.id}`,
        detail: daysLate(a.dueOn, today),
      })),
    });
  }
  if (roleCan(actor.role, "visits:log")) {
    const drafts = db
      .selectFrom("champion_visits")
      .innerJoin("schools", "schools.id", "champion_visits.school_id")
      .where("champion_visits.champion_user_id", "=", actor.userId)
      .where("champion_visits.status", "=", "draft")
      .where("champion_visits.school_id", "in", actor.schoolIds);
    const [rows, total] = await Promise.all([
      drafts.select(["champion_visits.id", "champion_visits.updated_at", "schools.name"]).orderBy("champion_visits.updated_at", "desc").limit(TO_DO_SHOWN).execute(),
      drafts.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
    ]);
    if (Number(total.n) > 0) {
      groups.push({
        key: "visit-drafts",
        heading: "Visit reports to finish and publish",
        total: Number(total.n),
        allHref: "/visits",
        items: rows.map((r) => ({ about: r.name, action: `Continue the report for ${r.name}`, href: `/visits/${r.id}/edit`, detail: `Last saved ${formatDate(londonToday(new Date(r.updated_at)))}` })),
      });
    }
  }
  return groups;
}
