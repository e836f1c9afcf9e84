import { sql, type Kysely } from "kysely";

// Issue 11, ADR 61: the library's search ranks each match from small vectors kept beside its document, not from the
// whole document. Ranking 5,000 matching articles by their whole weighted documents read (and decompressed) every
// document twice and copied it twice more (ts_filter), about 13 µs a match: 66 ms to rank a word every article has.
// Kept now for each article, by the same trigger as the document:
// - title_words and summary_words: the title's and the summary's own words (which tier a match is in);
// - opening: the title (A), the summary (B) and the body's first 1,000 characters (C), for ts_rank_cd within a tier.
// The document stays the one thing matched (GIN), and guidance_search.ranked(q) reads the matches through that index
// (a function with enable_seqscan off: a word in every article would otherwise be matched by reading every
// document), with each match's rank, in one pass.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE FUNCTION guidance_opening(title text, summary text, body_text text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN setweight(to_tsvector('british'::regconfig, title), 'A') || setweight(to_tsvector('british'::regconfig, summary), 'B') || setweight(to_tsvector('british'::regconfig, left(body_text, 1000)), 'C')`.execute(
    db,
  );
  await sql`ALTER TABLE guidance_search.documents
    ADD COLUMN title_words tsvector,
    ADD COLUMN summary_words tsvector,
    ADD COLUMN opening tsvector`.execute(db);
  await sql`UPDATE guidance_search.documents d
    SET title_words = to_tsvector('british'::regconfig, a.title),
        summary_words = to_tsvector('british'::regconfig, a.summary),
        opening = public.guidance_opening(a.title, a.summary, a.body_text)
    FROM guidance_articles a WHERE a.id = d.guidance_article_id`.execute(db);
  await sql`ALTER TABLE guidance_search.documents
    ALTER COLUMN title_words SET NOT NULL,
    ALTER COLUMN summary_words SET NOT NULL,
    ALTER COLUMN opening SET NOT NULL`.execute(db);
  await sql`CREATE OR REPLACE FUNCTION guidance_search.keep_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO guidance_search.documents (guidance_article_id, document, title_words, summary_words, opening)
        VALUES (NEW.id, public.guidance_document(NEW.title, NEW.summary, NEW.body_text), to_tsvector('british'::regconfig, NEW.title),
          to_tsvector('british'::regconfig, NEW.summary), public.guidance_opening(NEW.title, NEW.summary, NEW.body_text))
        ON CONFLICT (guidance_article_id) DO UPDATE SET document = EXCLUDED.document, title_words = EXCLUDED.title_words,
          summary_words = EXCLUDED.summary_words, opening = EXCLUDED.opening;
      RETURN NULL;
    END $$`.execute(db);
  // Every article the query matches, with its rank: 2 if its title matches, 1 more if its summary does, and then
  // ts_rank_cd over its opening (weights: body 0.4, summary 0.7, title 1; normalised to 0..1 by flag 32), so the rank
  // orders within a tier and never lifts an article over one whose title says the words.
  await sql`CREATE FUNCTION guidance_search.ranked(q tsquery) RETURNS TABLE (guidance_article_id integer, rank double precision)
    LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off
    BEGIN ATOMIC
      SELECT d.guidance_article_id,
        2 * (d.title_words @@ q)::int + (d.summary_words @@ q)::int + ts_rank_cd('{0.1, 0.4, 0.7, 1.0}'::float4[], d.opening, q, 32)
      FROM guidance_search.documents d
      WHERE d.document @@ q;
    END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION guidance_search.ranked(tsquery)`.execute(db);
  await sql`CREATE OR REPLACE FUNCTION guidance_search.keep_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO guidance_search.documents (guidance_article_id, document)
        VALUES (NEW.id, public.guidance_document(NEW.title, NEW.summary, NEW.body_text))
        ON CONFLICT (guidance_article_id) DO UPDATE SET document = EXCLUDED.document;
      RETURN NULL;
    END $$`.execute(db);
  await sql`ALTER TABLE guidance_search.documents DROP COLUMN title_words, DROP COLUMN summary_words, DROP COLUMN opening`.execute(db);
  await sql`DROP FUNCTION guidance_opening(text, text, text)`.execute(db);
}
