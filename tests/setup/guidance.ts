import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { createArticle, takeArticleStep } from "../../app/domain/guidance/articles.server.ts";
import type { ArticleInput } from "../../app/domain/guidance/guidance.schema.ts";

type DB = Kysely<Database>;

/** Guidance articles for tests (issue 11): written and, unless `draft`, published, through the domain's own use-cases. */
export async function writeArticle(
  db: DB,
  article: Partial<ArticleInput> & { title: string },
  options: { as?: string; draft?: boolean } = {},
): Promise<string> {
  const actor = await actorForEmail(db, options.as ?? "champion@kent.example");
  const created = await createArticle(
    db,
    actor,
    {
      summary: article.summary ?? `About ${article.title}.`,
      body: article.body ?? `Guidance on ${article.title}.`,
      needCodes: article.needCodes ?? [],
      topicCodes: article.topicCodes ?? [],
      ownerUserId: article.ownerUserId ?? actor.userId,
      title: article.title,
    },
    "test",
  );
  if (!created.ok) throw new Error(`writeArticle: ${JSON.stringify(created)}`);
  if (!options.draft) {
    const published = await takeArticleStep(db, actor, created.slug, { intent: "publish", version: 1 }, "test");
    if (!published.ok) throw new Error(`publish: ${JSON.stringify(published)}`);
  }
  return created.slug;
}

/** An article's current row. */
export function articleRow(db: DB, slug: string) {
  return db.selectFrom("guidance_articles").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();
}

/** A second Inclusion Champion (who writes the library but owns none of the demo articles), with the demo password. */
export async function anotherChampion(db: DB, email = "champion2@kent.example"): Promise<number> {
  const existing = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  if (existing) return existing.id;
  const hash = await db.selectFrom("users").select("password_hash").where("email", "=", "champion@kent.example").executeTakeFirstOrThrow();
  const user = await db.insertInto("users").values({ email, display_name: "Ravi Patel", password_hash: hash.password_hash }).returning("id").executeTakeFirstOrThrow();
  const school = await db.selectFrom("schools").select("id").where("urn", "=", "990002").executeTakeFirstOrThrow();
  await db.insertInto("memberships").values({ user_id: user.id, role: "inclusion_champion", school_id: school.id, district_id: null }).execute();
  return user.id;
}
