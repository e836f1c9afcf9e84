import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import { LRUCache } from "lru-cache";
import type { Database } from "../../../db/types.ts";
import { type Actor, can, requirePermission } from "../access/access.server.ts";
import { guidanceArticleInReach } from "../access/scopes.server.ts";
import type { DB } from "./article-store.server.ts";
import { tagChoices } from "./articles.server.ts";
import type { LibraryQuery } from "./library-query.ts";
import { type ArticleStatus, isArticleStatus } from "./guidance.workflow.ts";
import { MARK_START, MARK_STOP, type Segment, segmentsOf } from "./highlight.ts";
import { isOverdueForReview } from "./review.ts";

/**
 * The library's search and browsing (ADR 55, ADR 61). PostgreSQL full-text search in the `british` configuration (the
 * migration's copy of the English Snowball stemmer) over each article's weighted document (guidance_document():
 * title A, summary B, body C, kept by the database in guidance_search.documents), ranked title over summary over
 * body and then by ts_rank_cd over the article's opening (guidance_search.ranked), the matching words marked by ts_headline
 * with two private-use characters (never HTML) and split into segments here. When full text finds fewer than
 * FEW, each word of the query is matched by trigram similarity (pg_trgm) to the words of the titles and summaries
 * in reach, and a corrected query is searched: shown instead when the typed one found nothing, offered as
 * "did you mean" when it found a few. Filtered by a tag (a DfE need code or a topic), paged.
 */

export const PAGE_SIZE = 15;
/** Below this many results, the search looks for a spelling it can correct. */
export const FEW = 3;
/** How like a typed word a title's or summary's word must be (trigram similarity) to be offered instead. */
const SIMILAR = 0.35;

const tsquery = (q: string) => sql`websearch_to_tsquery('british', ${q})`;
const MARKS = `StartSel="${MARK_START}", StopSel="${MARK_STOP}"`;

type Where = (eb: ExpressionBuilder<Database, "guidance_articles">) => Expression<SqlBool>;

function tagged(tag: string): Where {
  return (eb) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom("guidance_article_need_types")
          .select("guidance_article_need_types.guidance_article_id")
          .whereRef("guidance_article_need_types.guidance_article_id", "=", "guidance_articles.id")
          .where("guidance_article_need_types.need_code", "=", tag),
      ),
      eb.exists(
        eb
          .selectFrom("guidance_article_topics")
          .select("guidance_article_topics.guidance_article_id")
          .whereRef("guidance_article_topics.guidance_article_id", "=", "guidance_articles.id")
          .where("guidance_article_topics.topic_code", "=", tag),
      ),
    ]);
}

function inLibrary(db: DB, actor: Actor, tag: string) {
  let query = db.selectFrom("guidance_articles").where(guidanceArticleInReach(actor));
  if (tag) query = query.where(tagged(tag));
  return query;
}

/**
 * The library in reach that matches `q`, each match with its rank (guidance_search.ranked, ADR 61): title over summary
 * over body, then ts_rank_cd over the article's opening, read from small vectors kept beside the document.
 */
function searched(db: DB, actor: Actor, tag: string, q: string) {
  return inLibrary(db, actor, tag).innerJoin(
    sql<{ guidance_article_id: number; rank: number }>`guidance_search.ranked(${tsquery(q)})`.as("hit"),
    (join) => join.onRef("hit.guidance_article_id", "=", "guidance_articles.id"),
  );
}

export interface LibraryRow {
  slug: string;
  title: Segment[];
  summary: Segment[];
  /** A passage of the body around the matching words; none when browsing. */
  passage: Segment[] | null;
  status: ArticleStatus;
  /** The actor owns it and it is overdue for review. */
  overdueForYou: boolean;
}

export interface LibraryPage {
  rows: LibraryRow[];
  total: number;
  page: number;
  pageCount: number;
  /** The query searched instead of what was typed (it found nothing), or null. */
  searchedFor: string | null;
  /** A corrected query offered when what was typed found only a few, or null. */
  didYouMean: string | null;
  /** The tag's name, when filtering by one that exists. */
  tagName: string | null;
  /** Whether the actor sees drafts and archived articles (a writer). */
  seesDrafts: boolean;
  /** The tags to browse by: need areas and topics. */
  tags: { needs: { code: string; name: string }[]; topics: { code: string; name: string }[] };
}

async function countOf(db: DB, actor: Actor, tag: string, q: string): Promise<number> {
  const row = await searched(db, actor, tag, q)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the matches, ranked, and how many match in all (counted in the same statement). */
async function searchPage(db: DB, actor: Actor, tag: string, q: string, page: number): Promise<{ total: number; rows: FoundRow[] }> {
  const hits = await searched(db, actor, tag, q)
    .select((eb) => ["guidance_articles.id", "hit.rank", eb.fn.countAll<number>().over().as("total")])
    .orderBy("hit.rank", "desc")
    .orderBy("guidance_articles.title")
    .orderBy("guidance_articles.id")
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  // Past the last page there are no rows to carry the count: count alone (a page asked for by hand, or stale).
  if (hits.length === 0) return { total: page > 1 ? await countOf(db, actor, tag, q) : 0, rows: [] };
  return { total: Number(hits[0]!.total), rows: await pageRows(db, q, hits) };
}

/** A found article as kept for its search (whoever asked): what makes "overdue for you" is read per person. */
type FoundRow = Omit<LibraryRow, "overdueForYou"> & { ownerUserId: number; lastReviewedAt: Date | null };

async function pageRows(db: DB, q: string, hits: { id: number }[]): Promise<FoundRow[]> {
  // The headlines for this page's articles only: ts_headline reads the whole text, so never for every match.
  const rows = await db
    .selectFrom("guidance_articles")
    .select([
      "id",
      "slug",
      "status",
      "owner_user_id",
      "last_reviewed_at",
      sql<string>`ts_headline('british', title, ${tsquery(q)}, ${`HighlightAll=true, ${MARKS}`})`.as("title_hl"),
      sql<string>`ts_headline('british', summary, ${tsquery(q)}, ${`HighlightAll=true, ${MARKS}`})`.as("summary_hl"),
      sql<string>`ts_headline('british', body_text, ${tsquery(q)}, ${`MaxFragments=2, MaxWords=24, MinWords=10, FragmentDelimiter=" … ", ${MARKS}`})`.as("passage_hl"),
    ])
    .where(
      "id",
      "in",
      hits.map((h) => h.id),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return hits.map((h) => {
    const r = byId.get(h.id)!;
    const status = isArticleStatus(r.status) ? r.status : "draft";
    return {
      slug: r.slug,
      title: segmentsOf(r.title_hl),
      summary: segmentsOf(r.summary_hl),
      passage: segmentsOf(r.passage_hl),
      status,
      ownerUserId: r.owner_user_id,
      lastReviewedAt: r.last_reviewed_at,
    };
  });
}

/** What one search found, for one page: the same for everyone of the same reach while the library is unchanged. */
interface Found {
  total: number;
  rows: FoundRow[];
  searchedFor: string | null;
  didYouMean: string | null;
}

/** The searches ranked in this process, by database handle: at most this many pages of results each (ADR 64). */
const REMEMBERED = 1_000;
const remembered = new WeakMap<object, LRUCache<string, Found>>();

function rememberedFor(db: DB): LRUCache<string, Found> {
  let cache = remembered.get(db);
  if (!cache) remembered.set(db, (cache = new LRUCache<string, Found>({ max: REMEMBERED })));
  return cache;
}

/** Forgets the searches this process has ranked on `db` (a benchmark's first-search figures). */
export function forgetRankedSearches(db: DB): void {
  remembered.delete(db);
}

/** The library's version (guidance_search.library_version): every write to an article or its tags moves it on. */
async function libraryVersion(db: DB): Promise<number> {
  const result = await sql<{ version: number }>`select version from guidance_search.library_version`.execute(db);
  return Number(result.rows[0]?.version ?? 0);
}

/**
 * A search's page as found for the actor's reach, ranked once per library version (ADR 64): the version is read first,
 * then the search, so a page found while an article was being written is kept under the version before the write and
 * asked for by nobody after it.
 */
async function found(db: DB, actor: Actor, tag: string, q: string, page: number): Promise<Found> {
  const version = await libraryVersion(db);
  // The reach, as guidanceArticleInReach reads it: writers search every article, readers the published ones.
  const key = JSON.stringify([version, can(actor, "guidance:write") ? "every" : "published", tag, q, page]);
  const cache = rememberedFor(db);
  const kept = cache.get(key);
  if (kept) return kept;
  const result = await rank(db, actor, tag, q, page);
  cache.set(key, result);
  return result;
}

/** The search itself: ranked, and corrected by trigrams when full text finds fewer than FEW. */
async function rank(db: DB, actor: Actor, tag: string, q: string, page: number): Promise<Found> {
  const typed = await searchPage(db, actor, tag, q, page);
  const answer = (result: { total: number; rows: FoundRow[] }, extra: Partial<Found> = {}): Found => ({ ...result, searchedFor: null, didYouMean: null, ...extra });
  if (typed.total >= FEW) return answer(typed);
  const fixed = await corrected(db, actor, tag, q);
  if (!fixed) return answer(typed);
  if (typed.total > 0) return answer(typed, { didYouMean: fixed });
  const instead = await searchPage(db, actor, tag, fixed, page);
  return instead.total > 0 ? answer(instead, { searchedFor: fixed }) : answer({ total: 0, rows: [] });
}

/** The words of a query worth correcting: letters and digits, three or more, lower case, at most eight. */
export function queryWords(q: string): string[] {
  return [...new Set((q.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).slice(0, 8))];
}

/**
 * The query with each word replaced by the most similar word (pg_trgm similarity) of the titles and summaries in
 * reach that are like it (word_similarity, indexed); null when nothing would change.
 */
async function corrected(db: DB, actor: Actor, tag: string, q: string): Promise<string | null> {
  const words = queryWords(q);
  if (words.length === 0) return null;
  return db.transaction().execute(async (trx) => {
    // The index's threshold for `<%`, for this transaction only: looser than the default 0.6, for one typo in a short word.
    await sql`select set_config('pg_trgm.word_similarity_threshold', '0.4', true)`.execute(trx);
    const candidates = await inLibrary(trx, actor, tag)
      .where((eb) => eb.or(words.map((w) => sql<SqlBool>`${w} <% (guidance_articles.title || ' ' || guidance_articles.summary)`)))
      .select(sql<string>`guidance_articles.title || ' ' || guidance_articles.summary`.as("words"))
      .limit(50)
      .execute();
    if (candidates.length === 0) return null;
    const vocabulary = [...new Set(candidates.flatMap((c) => c.words.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []))];
    const best = await sql<{ term: string; word: string }>`select distinct on (t.term) t.term, w.word
      from jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) as t(term)
      cross join jsonb_array_elements_text(${JSON.stringify(vocabulary)}::jsonb) as w(word)
      where similarity(t.term, w.word) >= ${SIMILAR}
      order by t.term, similarity(t.term, w.word) desc, w.word`.execute(trx);
    const replacement = new Map(best.rows.map((r) => [r.term, r.word]));
    let changed = false;
    const fixed = q.replace(/[\p{L}\p{N}]{3,}/gu, (word) => {
      const better = replacement.get(word.toLowerCase());
      if (!better || better === word.toLowerCase()) return word;
      changed = true;
      return better;
    });
    return changed ? fixed : null;
  });
}

async function browsePage(db: DB, actor: Actor, tag: string, page: number, now: Date) {
  const [count, rows] = await Promise.all([
    inLibrary(db, actor, tag)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    inLibrary(db, actor, tag)
      .select(["slug", "title", "summary", "status", "owner_user_id", "last_reviewed_at"])
      .orderBy("title")
      .orderBy("id")
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
  ]);
  return {
    total: Number(count.n),
    rows: rows.map((r): LibraryRow => {
      const status = isArticleStatus(r.status) ? r.status : "draft";
      return {
        slug: r.slug,
        title: [{ text: r.title, mark: false }],
        summary: [{ text: r.summary, mark: false }],
        passage: null,
        status,
        overdueForYou: r.owner_user_id === actor.userId && isOverdueForReview({ status, lastReviewedAt: r.last_reviewed_at }, now),
      };
    }),
  };
}

async function tagNameOf(db: DB, tag: string): Promise<string | null> {
  if (!tag) return null;
  const need = await db.selectFrom("sen_need_types").select("name").where("code", "=", tag).executeTakeFirst();
  if (need) return need.name;
  const topic = await db.selectFrom("guidance_topics").select("name").where("code", "=", tag).executeTakeFirst();
  return topic?.name ?? null;
}

/** One page of the library for the actor: searched (ranked, highlighted, typo-tolerant) or browsed by title. */
export async function searchLibrary(db: DB, actor: Actor, query: LibraryQuery, now = new Date()): Promise<LibraryPage> {
  requirePermission(actor, "guidance:view");
  const { q, tag, page } = query;
  const [tagName, tags] = await Promise.all([tagNameOf(db, tag), tagChoices(db)]);
  const seesDrafts = can(actor, "guidance:write");
  const shape = (total: number, rows: LibraryRow[], extra: { searchedFor?: string | null; didYouMean?: string | null } = {}): LibraryPage => ({
    rows,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    searchedFor: extra.searchedFor ?? null,
    didYouMean: extra.didYouMean ?? null,
    tagName,
    seesDrafts,
    tags,
  });
  if (!q) {
    const browsed = await browsePage(db, actor, tag, page, now);
    return shape(browsed.total, browsed.rows);
  }
  const result = await found(db, actor, tag, q, page);
  const rows = result.rows.map(({ ownerUserId, lastReviewedAt, ...row }): LibraryRow => ({
    ...row,
    overdueForYou: ownerUserId === actor.userId && isOverdueForReview({ status: row.status, lastReviewedAt }, now),
  }));
  return shape(result.total, rows, { searchedFor: result.searchedFor, didYouMean: result.didYouMean });
}
