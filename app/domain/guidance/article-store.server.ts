import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import { guidanceArticleInReach } from "../access/scopes.server.ts";
import type { CaseStore } from "../workflow/engine.server.ts";
import { appendToTimeline, lastChangeOn, timelineHas } from "../workflow/timeline.server.ts";
import { ARTICLE_EVENT_LABELS, ARTICLE_STATUS_LABELS, ARTICLE_WORKFLOW, type ArticleAudience, type ArticleStatus, type ArticleStep, isArticleStatus } from "./guidance.workflow.ts";

/**
 * How guidance articles are stored, for the workflow engine (ADR 20, ADR 54): the article's row by its slug, under
 * the actor's reach (guidanceArticleInReach), locked; its append-only timeline `guidance_article_events`.
 */

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;

export const ARTICLE_TIMELINE = { table: "guidance_article_events", caseColumn: "guidance_article_id" };

/** An article's address: lower-case words joined by hyphens. */
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

async function lockArticle(trx: Trx, actor: Actor, key: string) {
  if (!SLUG.test(key) || key.length > 90) return undefined;
  const row = await trx
    .selectFrom("guidance_articles")
    .select(["id", "slug", "status", "version", "owner_user_id", "title"])
    .where("slug", "=", key)
    .where(guidanceArticleInReach(actor))
    .forUpdate()
    .executeTakeFirst();
  if (!row || !isArticleStatus(row.status)) return undefined;
  return { ...row, status: row.status as ArticleStatus };
}

export type LockedArticle = NonNullable<Awaited<ReturnType<typeof lockArticle>>>;

export async function addArticleEvent(
  trx: Trx,
  actor: Pick<Actor, "userId" | "role">,
  articleId: number,
  event: { action: string; from: ArticleStatus | null; to: ArticleStatus; comment?: string | null; digest?: string | null },
) {
  await appendToTimeline(trx, ARTICLE_TIMELINE, articleId, actor, event);
}

export const ARTICLE_STORE: CaseStore<ArticleStatus, ArticleStep, ArticleAudience, LockedArticle> = {
  workflow: ARTICLE_WORKFLOW,
  noun: "article",
  lock: lockArticle,
  stateLabel: (status) => ARTICLE_STATUS_LABELS[status],
  async save(trx, row, set) {
    await trx
      .updateTable("guidance_articles")
      .set((eb) => ({ ...set, version: eb("version", "+", 1), updated_at: new Date() }))
      .where("id", "=", row.id)
      .execute();
  },
  addEvent: (trx, actor, row, event) => addArticleEvent(trx, actor, row.id, event),
  eventRecorded: (trx, actor, row, digest) => timelineHas(trx, ARTICLE_TIMELINE, row.id, actor.userId, digest),
  lastChange: (trx, row) => lastChangeOn(trx, ARTICLE_TIMELINE, row.id, ARTICLE_EVENT_LABELS),
  audience: async () => [],
  auditDetail: (row) => ({ slug: row.slug }),
};
