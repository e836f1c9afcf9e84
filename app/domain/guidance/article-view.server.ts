import { type Actor, can, notFound, requirePermission } from "../access/access.server.ts";
import { guidanceArticleInReach } from "../access/scopes.server.ts";
import { type DB, SLUG } from "./article-store.server.ts";
import { mayReview } from "./articles.server.ts";
import { type ArticleStatus, articleCan, isArticleStatus } from "./guidance.workflow.ts";
import { renderArticleMarkdown } from "./markdown.server.ts";
import { isOverdueForReview, reviewDueAt } from "./review.ts";

/**
 * Reading guidance articles (ADR 54): one article as its page shows it (the Markdown rendered and sanitised on the
 * server), its tags, owner and review, what the reader may do with it, and, for writers, its history; the writer's
 * own articles with what is overdue for review.
 */

async function articleRow(db: DB, actor: Actor, slug: string) {
  if (!SLUG.test(slug) || slug.length > 90) notFound();
  const row = await db
    .selectFrom("guidance_articles")
    .innerJoin("users as owner", "owner.id", "guidance_articles.owner_user_id")
    .leftJoin("users as reviewer", "reviewer.id", "guidance_articles.last_reviewed_by")
    .select([
      "guidance_articles.id",
      "guidance_articles.slug",
      "guidance_articles.title",
      "guidance_articles.summary",
      "guidance_articles.body_markdown",
      "guidance_articles.status",
      "guidance_articles.version",
      "guidance_articles.owner_user_id",
      "guidance_articles.updated_at",
      "guidance_articles.published_at",
      "guidance_articles.last_reviewed_at",
      "owner.display_name as owner_name",
      "reviewer.display_name as reviewer_name",
    ])
    .where("guidance_articles.slug", "=", slug)
    .where(guidanceArticleInReach(actor))
    .executeTakeFirst();
  if (!row || !isArticleStatus(row.status)) notFound();
  return { ...row, status: row.status as ArticleStatus };
}

async function tagsOf(db: DB, articleId: number) {
  const [needs, topics] = await Promise.all([
    db
      .selectFrom("guidance_article_need_types")
      .innerJoin("sen_need_types", "sen_need_types.code", "guidance_article_need_types.need_code")
      .select(["sen_need_types.code", "sen_need_types.name"])
      .where("guidance_article_need_types.guidance_article_id", "=", articleId)
      .orderBy("sen_need_types.sort_order")
      .execute(),
    db
      .selectFrom("guidance_article_topics")
      .innerJoin("guidance_topics", "guidance_topics.code", "guidance_article_topics.topic_code")
      .select(["guidance_topics.code", "guidance_topics.name"])
      .where("guidance_article_topics.guidance_article_id", "=", articleId)
      .orderBy("guidance_topics.sort_order")
      .execute(),
  ]);
  return { needs, topics };
}

/** An article's page: readers reach published articles only (anything else is the same 404 as none). */
export async function getArticle(db: DB, actor: Actor, slug: string, now = new Date()) {
  requirePermission(actor, "guidance:view");
  const row = await articleRow(db, actor, slug);
  const writer = can(actor, "guidance:write");
  const [tags, timeline, versions] = await Promise.all([
    tagsOf(db, row.id),
    writer
      ? db
          .selectFrom("guidance_article_events")
          .innerJoin("users", "users.id", "guidance_article_events.actor_user_id")
          .select(["guidance_article_events.id", "guidance_article_events.action", "guidance_article_events.occurred_at", "users.display_name"])
          .where("guidance_article_events.guidance_article_id", "=", row.id)
          .orderBy("guidance_article_events.id", "desc")
          .limit(50)
          .execute()
      : Promise.resolve([]),
    writer
      ? db.selectFrom("guidance_article_versions").select((eb) => eb.fn.countAll<number>().as("n")).where("guidance_article_id", "=", row.id).executeTakeFirstOrThrow()
      : Promise.resolve({ n: 0 }),
  ]);
  const flags = writer ? articleCan(actor.role, row.status) : null;
  const overdue = isOverdueForReview({ status: row.status, lastReviewedAt: row.last_reviewed_at }, now);
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    html: renderArticleMarkdown(row.body_markdown),
    status: row.status,
    version: row.version,
    owner: row.owner_name,
    ownedByYou: row.owner_user_id === actor.userId,
    lastReviewedAt: row.last_reviewed_at,
    lastReviewedBy: row.reviewer_name,
    reviewDueAt: row.last_reviewed_at ? reviewDueAt(row.last_reviewed_at) : null,
    overdue,
    updatedAt: row.updated_at,
    tags,
    can: flags && {
      edit: flags.edit,
      publish: flags.publish,
      archive: flags.archive,
      restore: flags.restore,
      markReviewed: flags.markReviewed && mayReview(actor, row),
    },
    timeline: timeline.map((t) => ({ id: t.id, action: t.action, at: t.occurred_at, who: t.display_name })),
    versionCount: Number(versions.n),
  };
}

/** An article as its edit form starts: what was saved last, its tags and owner. Writers only. */
export async function getArticleForEdit(db: DB, actor: Actor, slug: string) {
  requirePermission(actor, "guidance:write");
  const row = await articleRow(db, actor, slug);
  if (!articleCan(actor.role, row.status).edit) notFound();
  const tags = await tagsOf(db, row.id);
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    body: row.body_markdown,
    status: row.status,
    version: row.version,
    ownerUserId: row.owner_user_id,
    needCodes: tags.needs.map((n) => n.code),
    topicCodes: tags.topics.map((t) => t.code),
  };
}

/** The articles the actor owns (drafts, published, archived), each with its review and whether it is overdue. */
export async function listOwnArticles(db: DB, actor: Actor, now = new Date()) {
  requirePermission(actor, "guidance:write");
  const rows = await db
    .selectFrom("guidance_articles")
    .select(["slug", "title", "status", "last_reviewed_at", "updated_at"])
    .where("owner_user_id", "=", actor.userId)
    .where(guidanceArticleInReach(actor))
    .orderBy("title")
    .orderBy("id")
    .limit(500)
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    status: r.status as ArticleStatus,
    lastReviewedAt: r.last_reviewed_at,
    reviewDueAt: r.last_reviewed_at ? reviewDueAt(r.last_reviewed_at) : null,
    overdue: isOverdueForReview({ status: r.status, lastReviewedAt: r.last_reviewed_at }, now),
    updatedAt: r.updated_at,
  }));
}
