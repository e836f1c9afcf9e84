import { type Actor, requirePermission } from "../access/access.server.ts";
import { guidanceArticleInReach } from "../access/scopes.server.ts";
import type { DB } from "./article-store.server.ts";

export { guidanceArticleHref } from "./guidance.workflow.ts";

/**
 * Published guidance articles as choices, for another area's form (a champion visit's agreed action links to
 * one): `{ id, slug, title }` in title order, each at guidanceArticleHref(slug). Only published articles, scoped to
 * the actor (a reader never sees a draft offered), however the actor may otherwise see drafts.
 */
export async function guidanceArticleChoices(db: DB, actor: Actor): Promise<{ id: number; slug: string; title: string }[]> {
  requirePermission(actor, "guidance:view");
  return db
    .selectFrom("guidance_articles")
    .select(["id", "slug", "title"])
    .where("status", "=", "published")
    .where(guidanceArticleInReach(actor))
    .orderBy("title")
    .orderBy("id")
    .limit(1000)
    .execute();
}

/**
 * Of `ids`, those that are published articles the actor reaches: for checking the articles a form chose without
 * reading every choice the form offered.
 */
export async function publishedGuidanceArticleIds(db: DB, actor: Actor, ids: number[]): Promise<number[]> {
  requirePermission(actor, "guidance:view");
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("guidance_articles").select("id").where("id", "in", ids).where("status", "=", "published").where(guidanceArticleInReach(actor)).execute();
  return rows.map((r) => r.id);
}
