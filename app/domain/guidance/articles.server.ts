import { sql } from "kysely";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { PERMISSIONS, type Role } from "../access/roles.ts";
import { recordAudit } from "../audit/audit.server.ts";
import type { Refusal, Result } from "../result.ts";
import { type StepResult, stepDigest, takeStep } from "../workflow/engine.server.ts";
import { ARTICLE_STORE, type DB, type Trx, addArticleEvent } from "./article-store.server.ts";
import type { ArticleInput } from "./guidance.schema.ts";
import { markdownPlainText } from "./markdown.server.ts";

/**
 * Writing guidance articles (ADR 54): a champion or an officer writes one as a draft, changes it at the version
 * they saw (every version kept, in guidance_article_versions, beside the case's timeline), publishes it, marks it
 * as reviewed (its owner, or an officer), archives and restores it. Each in one transaction with its timeline event
 * and audit row; the steps go through the workflow engine.
 */

/** The roles that write the library: the owner of an article is one of them. */
const WRITER_ROLES = PERMISSIONS["guidance:write"] as readonly Role[];

/** The need-area tags (the DfE SEN types the register keeps) and the library's topics, in their order. */
export async function tagChoices(db: DB) {
  const [needs, topics] = await Promise.all([
    db.selectFrom("sen_need_types").select(["code", "name"]).where("active", "=", true).orderBy("sort_order").execute(),
    db.selectFrom("guidance_topics").select(["code", "name"]).where("active", "=", true).orderBy("sort_order").execute(),
  ]);
  return { needs, topics };
}

/** The people who may own an article: active users holding a membership that writes the library. */
export async function ownerChoices(db: DB) {
  const rows = await db
    .selectFrom("users")
    .select(["users.id", "users.display_name"])
    .where("users.active", "=", true)
    .where((eb) => eb.exists(eb.selectFrom("memberships").select("memberships.id").whereRef("memberships.user_id", "=", "users.id").where("memberships.role", "in", WRITER_ROLES)))
    .orderBy("users.display_name")
    .orderBy("users.id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

/** The tags and owner a form names, checked against the lists: each a field error when it is not one of them. */
async function checkReferences(db: DB, input: ArticleInput): Promise<Refusal | { ok: true }> {
  const { needs, topics } = await tagChoices(db);
  const owners = await ownerChoices(db);
  const fieldErrors: Record<string, string[]> = {};
  if (input.needCodes.some((c) => !needs.some((n) => n.code === c))) fieldErrors.needCodes = ["Select the areas of need from the list"];
  if (input.topicCodes.some((c) => !topics.some((t) => t.code === c))) fieldErrors.topicCodes = ["Select the topics from the list"];
  if (!owners.some((o) => o.id === input.ownerUserId)) fieldErrors.ownerUserId = ["Select who owns the article: a champion or a council officer"];
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true };
}

/** The address words of a title: "SEN support: the graduated approach" -> "sen-support-the-graduated-approach". */
export function slugOf(title: string): string {
  const words = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  if (!words) return "article";
  return words === "new" || words === "yours" ? `${words}-article` : words;
}

/** The title's slug, or the first of slug-2, slug-3 ... not taken. Called under the creation lock. */
async function freeSlug(trx: Trx, title: string): Promise<string> {
  const base = slugOf(title);
  const taken = new Set(
    (
      await trx
        .selectFrom("guidance_articles")
        .select("slug")
        .where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)]))
        .execute()
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function columns(input: ArticleInput) {
  return {
    title: input.title,
    summary: input.summary,
    body_markdown: input.body,
    body_text: markdownPlainText(input.body).slice(0, 60_000),
    owner_user_id: input.ownerUserId,
  };
}

async function saveTags(trx: Trx, articleId: number, input: ArticleInput) {
  await trx.deleteFrom("guidance_article_need_types").where("guidance_article_id", "=", articleId).execute();
  await trx.deleteFrom("guidance_article_topics").where("guidance_article_id", "=", articleId).execute();
  if (input.needCodes.length > 0) await trx.insertInto("guidance_article_need_types").values(input.needCodes.map((need_code) => ({ guidance_article_id: articleId, need_code }))).execute();
  if (input.topicCodes.length > 0) await trx.insertInto("guidance_article_topics").values(input.topicCodes.map((topic_code) => ({ guidance_article_id: articleId, topic_code }))).execute();
}

async function keepVersion(trx: Trx, actor: Actor, articleId: number, version: number, input: ArticleInput) {
  await trx
    .insertInto("guidance_article_versions")
    .values({
      guidance_article_id: articleId,
      version,
      title: input.title,
      summary: input.summary,
      body_markdown: input.body,
      need_codes: JSON.stringify(input.needCodes),
      topic_codes: JSON.stringify(input.topicCodes),
      owner_user_id: input.ownerUserId,
      saved_by: actor.userId,
    })
    .execute();
}

/** Writes an article as a draft; its address is made from its title. A resent form (same fields, same person) writes it once. */
export async function createArticle(db: DB, actor: Actor, input: ArticleInput, requestId: string): Promise<Result<{ slug: string }>> {
  requirePermission(actor, "guidance:write");
  const checked = await checkReferences(db, input);
  if (!checked.ok) return checked;
  const digest = stepDigest(0, "created", input as unknown as Record<string, unknown>);
  return db.transaction().execute(async (trx) => {
    // One article written at a time: a double click finds the first click's article, and two titles alike get two addresses.
    await sql`select pg_advisory_xact_lock(hashtext('guidance_article.create'))`.execute(trx);
    const earlier = await trx
      .selectFrom("guidance_article_events")
      .innerJoin("guidance_articles", "guidance_articles.id", "guidance_article_events.guidance_article_id")
      .select("guidance_articles.slug")
      .where("guidance_article_events.actor_user_id", "=", actor.userId)
      .where("guidance_article_events.action", "=", "created")
      .where("guidance_article_events.submission_digest", "=", digest)
      .executeTakeFirst();
    if (earlier) return { ok: true as const, slug: earlier.slug };
    const slug = await freeSlug(trx, input.title);
    const article = await trx
      .insertInto("guidance_articles")
      .values({ ...columns(input), slug, status: "draft", created_by: actor.userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await saveTags(trx, article.id, input);
    await keepVersion(trx, actor, article.id, 1, input);
    await addArticleEvent(trx, actor, article.id, { action: "created", from: null, to: "draft", digest });
    await recordAudit(trx, { actor, action: "guidance_article.created", subjectType: "guidance_article", subjectId: article.id, requestId, detail: { slug } });
    return { ok: true as const, slug };
  });
}

/** Changes an article at the version the writer saw; the new version is kept beside the old ones. */
export async function editArticle(db: DB, actor: Actor, slug: string, input: ArticleInput & { version: number }, requestId: string): Promise<StepResult> {
  requirePermission(actor, "guidance:write");
  const { version, ...fields } = input;
  const checked = await checkReferences(db, fields);
  if (!checked.ok) return checked;
  return takeStep(db, actor, ARTICLE_STORE, "edit", { key: slug, version, fields }, requestId, async (trx, row) => {
    await saveTags(trx, row.id, fields);
    await keepVersion(trx, actor, row.id, row.version + 1, fields);
    return { set: columns(fields) };
  });
}

const STEP_OF_INTENT = { publish: "publish", reviewed: "markReviewed", archive: "archive", restore: "restore" } as const;

/** Whether the actor may mark this article as reviewed: its owner, or a council officer. */
export function mayReview(actor: Pick<Actor, "userId" | "role">, article: { owner_user_id: number }): boolean {
  return actor.role === "council_officer" || article.owner_user_id === actor.userId;
}

/**
 * Publishes, marks as reviewed, archives or restores an article, at the version seen. Publishing and a review set
 * the last review to now; only the owner or an officer may mark one as reviewed.
 */
export async function takeArticleStep(
  db: DB,
  actor: Actor,
  slug: string,
  input: { intent: keyof typeof STEP_OF_INTENT; version: number },
  requestId: string,
  now = new Date(),
): Promise<StepResult> {
  requirePermission(actor, "guidance:write");
  const step = STEP_OF_INTENT[input.intent];
  return takeStep(db, actor, ARTICLE_STORE, step, { key: slug, version: input.version, fields: {} }, requestId, async (_trx, row) => {
    if (step === "markReviewed") {
      if (!mayReview(actor, row)) return { ok: false, formError: "Only the article's owner or a council officer can mark it as reviewed." };
      return { set: { last_reviewed_at: now, last_reviewed_by: actor.userId } };
    }
    if (step === "publish") return { set: { published_at: now, last_reviewed_at: now, last_reviewed_by: actor.userId } };
  });
}

/** What an article's form offers: the need areas, the topics, and who may own it. Writers only. */
export async function articleFormChoices(db: DB, actor: Actor) {
  requirePermission(actor, "guidance:write");
  const [tags, owners] = await Promise.all([tagChoices(db), ownerChoices(db)]);
  return { ...tags, owners };
}
