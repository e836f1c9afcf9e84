import type { ToDoGroup } from "../funding/to-do.server.ts";
import { type Actor, can } from "../access/access.server.ts";
import { formatLondonDay } from "../../components/format.ts";
import type { DB } from "./article-store.server.ts";
import { guidanceArticleHref } from "./guidance.workflow.ts";
import { overdueBefore, reviewDueAt } from "./review.ts";

/** How many overdue articles the home page lists before linking to the rest. */
const SHOWN = 5;

/**
 * The guidance library's part of a writer's home page (ADR 22, ADR 54): their published articles overdue for
 * review, oldest review first. Nothing for anyone who does not write the library, or owns nothing overdue.
 */
export async function guidanceToDo(db: DB, actor: Actor, now: Date): Promise<ToDoGroup[]> {
  if (!can(actor, "guidance:write")) return [];
  // The first few and how many in all, in one statement (the count is taken over every match, before the limit).
  const rows = await db
    .selectFrom("guidance_articles")
    .where("owner_user_id", "=", actor.userId)
    .where("status", "=", "published")
    .where("last_reviewed_at", "<", overdueBefore(now))
    .select((eb) => ["slug", "title", "last_reviewed_at", eb.fn.countAll<number>().over().as("total")])
    .orderBy("last_reviewed_at")
    .orderBy("id")
    .limit(SHOWN)
    .execute();
  if (rows.length === 0) return [];
  return [
    {
      key: "guidance-review",
      heading: "Guidance to review",
      total: Number(rows[0]!.total),
      allHref: "/guidance/yours",
      items: rows.map((r) => ({
        about: r.title,
        action: `Review ${r.title}`,
        href: guidanceArticleHref(r.slug),
        detail: `Review was due ${formatLondonDay(reviewDueAt(r.last_reviewed_at!))}`,
      })),
    },
  ];
}
