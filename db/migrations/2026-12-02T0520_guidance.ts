import { sql, type Kysely } from "kysely";

// Issue 11, the guidance library (ADR 54, ADR 55):
// - pg_trgm, for typo-tolerant search (a misspelt word matched to the titles' and summaries' words), and a text
//   search configuration `british`, a copy of PostgreSQL's `english` (its Snowball stemmer is the English one,
//   spelling-neutral: "organise" and "organisation" stem alike), named for the library's language so a change of
//   dictionary later is one ALTER here, not every query;
// - the topics articles are tagged with, as data (the need-area tags are the DfE codes in sen_need_types);
// - articles: a case (draft, published, archived) with its append-only timeline, and every version kept
//   (title, summary, Markdown body and tags as saved, by whom and when). The Markdown is stored as written and
//   rendered on the server when read; `body_text` is its plain text (for search and highlighting), made on the
//   server from the Markdown at each save. guidance_document() is the weighted document (title A, summary B, body C), kept by a trigger in
//   guidance_search.documents.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE TEXT SEARCH CONFIGURATION british (COPY = pg_catalog.english)`.execute(db);

  await sql`CREATE TABLE guidance_topics (
    code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    sort_order integer NOT NULL,
    active boolean NOT NULL DEFAULT true
  )`.execute(db);
  await sql`INSERT INTO guidance_topics (code, name, sort_order) VALUES
    ('inclusive-practice', 'Inclusive classroom practice', 1),
    ('mainstream-core-standards', 'Mainstream Core Standards', 2),
    ('graduated-approach', 'SEN support and the graduated approach', 3),
    ('provision-mapping', 'Provision mapping', 4),
    ('lift-stls', 'LIFT and STLS', 5),
    ('funding', 'High Needs Funding', 6),
    ('ehc-plans', 'EHC needs assessment and plans', 7),
    ('attendance', 'Attendance and part-time timetables', 8),
    ('transition', 'Transition', 9),
    ('parents', 'Working with parents and carers', 10),
    ('inspection', 'Preparing for inspection', 11),
    ('wellbeing', 'Wellbeing and nurture', 12)`.execute(db);

  // The weighted document searched (title A, summary B, body C): one function, so the index and every query agree.
  await sql`CREATE FUNCTION guidance_document(title text, summary text, body_text text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN setweight(to_tsvector('british'::regconfig, title), 'A') || setweight(to_tsvector('british'::regconfig, summary), 'B') || setweight(to_tsvector('british'::regconfig, body_text), 'C')`.execute(db);
  await sql`CREATE TABLE guidance_articles (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The article's address, /guidance/<slug>: made from the title when it is written, then kept.
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 90 AND slug NOT IN ('new', 'yours')),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 600),
    body_markdown text NOT NULL CHECK (length(body_markdown) BETWEEN 1 AND 60000),
    body_text text NOT NULL CHECK (length(body_text) <= 60000),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    owner_user_id integer NOT NULL REFERENCES users (id),
    created_by integer NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    -- Publishing counts as a review; after that, "mark as reviewed" by the owner or an officer.
    last_reviewed_at timestamptz,
    last_reviewed_by integer REFERENCES users (id),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT guidance_articles_reviewed CHECK ((last_reviewed_at IS NULL) = (last_reviewed_by IS NULL)),
    CONSTRAINT guidance_articles_published CHECK (status = 'draft' OR published_at IS NOT NULL OR status = 'archived')
  )`.execute(db);
  // The weighted document of each article, kept by the database at every write (a trigger) as a real tsvector, in
  // a schema of the search's own: db/typegen.ts (which reads `public`) has no TypeScript type for tsvector, and
  // ranking a stored tsvector costs a fiftieth of parsing it from text (ADR 55). Only the search's SQL reads it.
  await sql`CREATE SCHEMA guidance_search`.execute(db);
  await sql`CREATE TABLE guidance_search.documents (
    guidance_article_id integer PRIMARY KEY REFERENCES guidance_articles (id) ON DELETE CASCADE,
    document tsvector NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX documents_document_idx ON guidance_search.documents USING gin (document)`.execute(db);
  await sql`CREATE FUNCTION guidance_search.keep_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO guidance_search.documents (guidance_article_id, document)
        VALUES (NEW.id, public.guidance_document(NEW.title, NEW.summary, NEW.body_text))
        ON CONFLICT (guidance_article_id) DO UPDATE SET document = EXCLUDED.document;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER guidance_articles_keep_document AFTER INSERT OR UPDATE OF title, summary, body_text ON guidance_articles
    FOR EACH ROW EXECUTE FUNCTION guidance_search.keep_document()`.execute(db);
  // Typo tolerance: a misspelt word is matched against the words of titles and summaries (word_similarity).
  await sql`CREATE INDEX guidance_articles_trgm_idx ON guidance_articles USING gin ((title || ' ' || summary) gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX guidance_articles_status_idx ON guidance_articles (status, title, id)`.execute(db);
  await sql`CREATE INDEX guidance_articles_owner_idx ON guidance_articles (owner_user_id, status)`.execute(db);

  await sql`CREATE TABLE guidance_article_need_types (
    guidance_article_id integer NOT NULL REFERENCES guidance_articles (id) ON DELETE CASCADE,
    need_code text NOT NULL REFERENCES sen_need_types (code),
    PRIMARY KEY (guidance_article_id, need_code)
  )`.execute(db);
  await sql`CREATE INDEX guidance_article_need_types_code_idx ON guidance_article_need_types (need_code, guidance_article_id)`.execute(db);
  await sql`CREATE TABLE guidance_article_topics (
    guidance_article_id integer NOT NULL REFERENCES guidance_articles (id) ON DELETE CASCADE,
    topic_code text NOT NULL REFERENCES guidance_topics (code),
    PRIMARY KEY (guidance_article_id, topic_code)
  )`.execute(db);
  await sql`CREATE INDEX guidance_article_topics_code_idx ON guidance_article_topics (topic_code, guidance_article_id)`.execute(db);

  // Every version as saved: what it said, its tags and owner, who saved it and when (append-only).
  await sql`CREATE TABLE guidance_article_versions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guidance_article_id integer NOT NULL REFERENCES guidance_articles (id),
    version integer NOT NULL,
    title text NOT NULL,
    summary text NOT NULL,
    body_markdown text NOT NULL,
    -- The tags as saved: JSON arrays of need codes and topic codes.
    need_codes jsonb NOT NULL CHECK (jsonb_typeof(need_codes) = 'array'),
    topic_codes jsonb NOT NULL CHECK (jsonb_typeof(topic_codes) = 'array'),
    owner_user_id integer NOT NULL REFERENCES users (id),
    saved_by integer NOT NULL REFERENCES users (id),
    saved_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT guidance_article_versions_one UNIQUE (guidance_article_id, version)
  )`.execute(db);
  await sql`CREATE TRIGGER guidance_article_versions_no_change BEFORE UPDATE OR DELETE ON guidance_article_versions
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);

  await sql`CREATE TABLE guidance_article_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guidance_article_id integer NOT NULL REFERENCES guidance_articles (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer NOT NULL REFERENCES users (id),
    actor_role text NOT NULL,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    comment text CHECK (length(comment) <= 2000),
    submission_digest text CHECK (submission_digest ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`CREATE INDEX guidance_article_events_article_idx ON guidance_article_events (guidance_article_id, id)`.execute(db);
  await sql`CREATE TRIGGER guidance_article_events_no_change BEFORE UPDATE OR DELETE ON guidance_article_events
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE guidance_article_events`.execute(db);
  await sql`DROP TABLE guidance_article_versions`.execute(db);
  await sql`DROP TABLE guidance_article_topics`.execute(db);
  await sql`DROP TABLE guidance_article_need_types`.execute(db);
  await sql`DROP TRIGGER guidance_articles_keep_document ON guidance_articles`.execute(db);
  await sql`DROP TABLE guidance_search.documents`.execute(db);
  await sql`DROP FUNCTION guidance_search.keep_document()`.execute(db);
  await sql`DROP SCHEMA guidance_search`.execute(db);
  await sql`DROP TABLE guidance_articles`.execute(db);
  await sql`DROP FUNCTION guidance_document(text, text, text)`.execute(db);
  await sql`DROP TABLE guidance_topics`.execute(db);
  await sql`DROP TEXT SEARCH CONFIGURATION british`.execute(db);
  await sql`DROP EXTENSION IF EXISTS pg_trgm`.execute(db);
}
