import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { guidanceArticleChoices } from "../../app/domain/guidance/choices.server.ts";
import { searchLibrary } from "../../app/domain/guidance/search.server.ts";
import { getHome } from "../../app/domain/home/home.server.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { anotherChampion, articleRow, writeArticle } from "../setup/guidance.ts";

// Issue 11, the guidance library's rules over HTTP and through its domain: who reads what (readers never see a
// draft or an archived article, a school user cannot write), writing and publishing, a stale edit refused and a
// resent one counted once with every version kept, reviews (overdue flagged to the owner, marked by the owner or an
// officer only), and the library's search: ranked title > summary > body, highlighted as data, typo-tolerant, by tag.

const t = seededApp();
const db = () => t.database.db;
const b: Record<string, Browser> = {};
const as = (email: string) => b[email]!;

const DRAFT = "/guidance/supporting-pupils-with-tourette-syndrome";
const ARCHIVED = "/guidance/applying-for-high-needs-funding-before-september-2025";
const PUBLISHED = "/guidance/sen-support-and-the-graduated-approach";
const OVERDUE = "/guidance/physical-disability-access-independence-and-safety";

beforeAll(async () => {
  await anotherChampion(db());
  for (const email of ["senco@oakfield.example", "head@oakfield.example", "stls@kent.example", "champion@kent.example", "champion2@kent.example", "officer@kent.example", "officer.east@kent.example", "admin@kent.example"]) {
    b[email] = new Browser(t.app.baseUrl);
    await b[email].signIn(email);
  }
});

const articleFields = (overrides: Record<string, string> = {}) => ({
  title: "Using visual timetables",
  summary: "Why and how to use a visual timetable in class.",
  body: "## Why\n\nPredictability helps **every** pupil.",
  needCodes: "ASD",
  topicCodes: "inclusive-practice",
  ownerUserId: "",
  ...overrides,
});

async function idOf(email: string) {
  return String((await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id);
}

describe("who reads what", () => {
  it("shows readers published articles only: a draft or an archived article is the same 404 as none", async () => {
    for (const reader of ["senco@oakfield.example", "head@oakfield.example", "stls@kent.example"]) {
      expect((await as(reader).get(PUBLISHED)).status, reader).toBe(200);
      expect((await as(reader).get(DRAFT)).status, reader).toBe(404);
      expect((await as(reader).get(ARCHIVED)).status, reader).toBe(404);
      expect((await as(reader).get("/guidance/no-such-article")).status, reader).toBe(404);
    }
    // Writers see drafts and archived ones, marked as such.
    const draft = await as("champion@kent.example").get(DRAFT);
    expect(draft.status).toBe(200);
    expect(mainText(draft.text)).toContain("Draft");
    expect((await as("officer@kent.example").get(ARCHIVED)).status).toBe(200);
    // The administrator does not read the library at all.
    expect((await as("admin@kent.example").get("/guidance")).status).toBe(404);
  });

  it("never lists a draft to a reader, in search, by tag or in another area's choices", async () => {
    const reader = await actorForEmail(db(), "senco@oakfield.example");
    const writer = await actorForEmail(db(), "champion@kent.example");
    const readerFinds = await searchLibrary(db(), reader, { q: "Tourette", tag: "", page: 1 });
    expect(readerFinds.rows.map((r) => r.slug)).not.toContain("supporting-pupils-with-tourette-syndrome");
    const writerFinds = await searchLibrary(db(), writer, { q: "Tourette", tag: "", page: 1 });
    expect(writerFinds.rows.map((r) => [r.slug, r.status])).toContainEqual(["supporting-pupils-with-tourette-syndrome", "draft"]);
    const byTag = await searchLibrary(db(), reader, { q: "", tag: "OTH", page: 1 });
    expect(byTag.rows.map((r) => r.slug)).not.toContain("supporting-pupils-with-tourette-syndrome");
    expect(mainText((await as("senco@oakfield.example").get("/guidance?q=Tourette")).text)).not.toContain("Tourette syndrome");
    // The choices a champion's visit offers are published articles only, even to a writer.
    const choices = await guidanceArticleChoices(db(), writer);
    expect(choices.length).toBeGreaterThanOrEqual(15);
    expect(choices.map((c) => c.slug)).toContain("sen-support-and-the-graduated-approach");
    expect(choices.map((c) => c.slug)).not.toContain("supporting-pupils-with-tourette-syndrome");
    expect(choices.map((c) => c.slug)).not.toContain("applying-for-high-needs-funding-before-september-2025");
    expect(Object.keys(choices[0]!).sort()).toEqual(["id", "slug", "title"]);
  });

  it("refuses a school user who tries to write, publish or change an article, however the POST is made", async () => {
    const senco = as("senco@oakfield.example");
    const before = await db().selectFrom("guidance_articles").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect((await senco.get("/guidance/new")).status).toBe(404);
    expect((await senco.post("/guidance/new", articleFields({ ownerUserId: await idOf("senco@oakfield.example") }))).status).toBe(404);
    const draft = await articleRow(db(), "supporting-pupils-with-tourette-syndrome");
    expect((await senco.post(DRAFT, { intent: "publish", version: String(draft.version) })).status).toBe(404);
    expect((await senco.get(`${DRAFT}/edit`)).status).toBe(404);
    expect((await senco.post(`${PUBLISHED}/edit`, { ...articleFields(), intent: "save", version: "2" })).status).toBe(404);
    expect((await as("head@oakfield.example").post(PUBLISHED, { intent: "archive", version: "2" })).status).toBe(404);
    const after = await db().selectFrom("guidance_articles").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await articleRow(db(), "supporting-pupils-with-tourette-syndrome")).status).toBe("draft");
    expect((await articleRow(db(), "sen-support-and-the-graduated-approach")).status).toBe("published");
  });
});

describe("writing and publishing", () => {
  it("writes a draft (a double click writes it once), publishes it, and readers then find it", async () => {
    const champion = as("champion@kent.example");
    const fields = articleFields({ title: "Using visual timetables in Year 1", ownerUserId: await idOf("champion@kent.example") });
    const first = await champion.post("/guidance/new", fields);
    expect(first.status).toBe(302);
    expect(first.location).toBe("/guidance/using-visual-timetables-in-year-1?done=created");
    const again = await champion.post("/guidance/new", fields);
    expect(again.location).toBe(first.location);
    expect(await db().selectFrom("guidance_articles").select("id").where("title", "=", "Using visual timetables in Year 1").execute()).toHaveLength(1);
    const slug = "/guidance/using-visual-timetables-in-year-1";
    expect((await as("senco@oakfield.example").get(slug)).status).toBe(404);
    const row = await articleRow(db(), "using-visual-timetables-in-year-1");
    const published = await champion.post(slug, { intent: "publish", version: String(row.version) });
    expect(published.status).toBe(302);
    const page = await as("senco@oakfield.example").get(slug);
    expect(page.status).toBe(200);
    expect(title(page.text)).toContain("Using visual timetables in Year 1");
    const text = mainText(page.text);
    expect(text).toContain("Owner Grace Adeyemi");
    expect(text).toMatch(/Last reviewed \d{1,2} \w+ \d{4} by Grace Adeyemi/);
    expect(page.text).toContain("<strong>every</strong>");
    expect(page.text).toContain('href="/guidance?tag=ASD"');
    // A second article of the same title gets its own address.
    const twin = await champion.post("/guidance/new", { ...fields, summary: "Another take." });
    expect(twin.location).toBe("/guidance/using-visual-timetables-in-year-1-2?done=created");
    const events = await db().selectFrom("guidance_article_events").select("action").where("guidance_article_id", "=", row.id).orderBy("id").execute();
    expect(events.map((e) => e.action)).toEqual(["created", "published"]);
    expect(await db().selectFrom("audit_events").select("action").where("subject_type", "=", "guidance_article").where("subject_id", "=", String(row.id)).orderBy("id").execute()).toEqual([
      { action: "guidance_article.created" },
      { action: "guidance_article.published" },
    ]);
  });

  it("refuses an empty title, unknown tags and an owner who does not write the library, keeping what was typed", async () => {
    const reply = await as("officer@kent.example").post(
      "/guidance/new",
      articleFields({ title: "  ", needCodes: "XYZ", body: "Kept **as typed**", ownerUserId: await idOf("senco@oakfield.example") }),
    );
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: /);
    const text = mainText(reply.text);
    expect(text).toContain("Enter the article's title");
    expect(reply.text).toContain("Kept **as typed**");
    const owner = await as("officer@kent.example").post("/guidance/new", articleFields({ title: "Owned by a SENCO", ownerUserId: await idOf("senco@oakfield.example") }));
    expect(owner.status).toBe(400);
    expect(mainText(owner.text)).toContain("Select who owns the article: a champion or a council officer");
    const tag = await as("officer@kent.example").post("/guidance/new", articleFields({ title: "Odd tag", needCodes: "ZZZ", ownerUserId: await idOf("officer@kent.example") }));
    expect(tag.status).toBe(400);
    expect(mainText(tag.text)).toContain("Select the areas of need from the list");
    expect(await db().selectFrom("guidance_articles").select("id").where("title", "in", ["Owned by a SENCO", "Odd tag"]).execute()).toEqual([]);
  });

  it("refuses a stale edit saying who changed it, counts a resent edit once, and keeps every version", async () => {
    const slug = await writeArticle(db(), { title: "Stale edits article", body: "First words." });
    const row = await articleRow(db(), slug);
    const officerId = await idOf("officer@kent.example");
    const officerEdit = { ...articleFields({ title: "Stale edits article", body: "The officer's words.", ownerUserId: officerId }), intent: "save", version: String(row.version) };
    const saved = await as("officer@kent.example").post(`/guidance/${slug}/edit`, officerEdit);
    expect(saved.status).toBe(302);
    // The same form sent again (a slow reply, a double click): done once.
    const resent = await as("officer@kent.example").post(`/guidance/${slug}/edit`, officerEdit);
    expect(resent.status).toBe(302);
    // The champion's form was drawn at the old version.
    const stale = await as("champion@kent.example").post(`/guidance/${slug}/edit`, { ...officerEdit, body: "The champion's words.", ownerUserId: await idOf("champion@kent.example") });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record while you were working on it");
    expect(mainText(stale.text)).toContain("Helen Marsh");
    expect(stale.text).toContain("The champion&#x27;s words.");
    const now = await articleRow(db(), slug);
    expect(now.body_markdown).toBe("The officer's words.");
    expect(now.owner_user_id).toBe(Number(officerId));
    const versions = await db().selectFrom("guidance_article_versions").select(["version", "body_markdown"]).where("guidance_article_id", "=", row.id).orderBy("version").execute();
    expect(versions.map((v) => v.body_markdown)).toEqual(["First words.", "The officer's words."]);
    const page = mainText((await as("champion@kent.example").get(`/guidance/${slug}`)).text);
    expect(page).toContain("2 versions kept");
    expect(page).toMatch(/Changed by Helen Marsh/);
  });

  it("archives an article (readers lose it) and restores it as a draft", async () => {
    const slug = await writeArticle(db(), { title: "Archived and restored" });
    expect((await as("senco@oakfield.example").get(`/guidance/${slug}`)).status).toBe(200);
    const v = (await articleRow(db(), slug)).version;
    expect((await as("officer@kent.example").post(`/guidance/${slug}`, { intent: "archive", version: String(v) })).status).toBe(302);
    expect((await as("senco@oakfield.example").get(`/guidance/${slug}`)).status).toBe(404);
    // Publishing an archived article is refused: it is restored as a draft first.
    const wrong = await as("officer@kent.example").post(`/guidance/${slug}`, { intent: "publish", version: String(v + 1) });
    expect(wrong.status).toBe(409);
    expect(mainText(wrong.text)).toContain("This article is now archived, so that cannot be done.");
    expect((await as("officer@kent.example").post(`/guidance/${slug}`, { intent: "restore", version: String(v + 1) })).status).toBe(302);
    expect((await articleRow(db(), slug)).status).toBe("draft");
  });
});

describe("reviews", () => {
  it("flags an article overdue for review to its owner on the article, in their list and on their home page", async () => {
    const owner = as("officer@kent.example");
    const page = mainText((await owner.get(OVERDUE)).text);
    expect(page).toContain("You own this article and it is overdue for review");
    expect(page).toContain("Mark as reviewed");
    const list = mainText((await owner.get("/guidance/yours")).text);
    expect(list).toMatch(/Physical disability: access, independence and safety Published .* Overdue since/);
    expect(list).toContain("1 is overdue.");
    const home = await getHome(db(), await actorForEmail(db(), "officer@kent.example"));
    const group = home.todo.find((g) => g.key === "guidance-review");
    expect(group?.items.map((i) => [i.action, i.href])).toEqual([["Review Physical disability: access, independence and safety", OVERDUE]]);
    expect(mainText((await owner.get("/home")).text)).toContain("Guidance to review (1)");
    // Nobody else is told it is theirs; a reader sees no flag at all.
    expect(mainText((await as("champion@kent.example").get(OVERDUE)).text)).not.toContain("You own this article");
    expect(mainText((await as("senco@oakfield.example").get(OVERDUE)).text)).not.toContain("overdue");
    expect((await getHome(db(), await actorForEmail(db(), "champion@kent.example"))).todo.find((g) => g.key === "guidance-review")).toBeUndefined();
    expect(mainText((await as("champion@kent.example").get("/guidance/yours")).text)).toContain("None is overdue.");
  });

  it("lets only the owner or an officer mark it as reviewed, and then it is no longer overdue", async () => {
    const row = await articleRow(db(), "physical-disability-access-independence-and-safety");
    // A champion who does not own it: no button, and the POST is refused.
    expect(mainText((await as("champion@kent.example").get(OVERDUE)).text)).not.toContain("Mark as reviewed");
    const other = await as("champion@kent.example").post(OVERDUE, { intent: "reviewed", version: String(row.version) });
    expect(other.status).toBe(409);
    expect(mainText(other.text)).toContain("Only the article's owner or a council officer can mark it as reviewed.");
    expect((await articleRow(db(), "physical-disability-access-independence-and-safety")).version).toBe(row.version);
    const done = await as("officer@kent.example").post(OVERDUE, { intent: "reviewed", version: String(row.version) });
    expect(done.status).toBe(302);
    const after = await articleRow(db(), "physical-disability-access-independence-and-safety");
    expect(new Date(after.last_reviewed_at!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(mainText((await as("officer@kent.example").get(OVERDUE)).text)).not.toContain("overdue for review");
    expect((await getHome(db(), await actorForEmail(db(), "officer@kent.example"))).todo.find((g) => g.key === "guidance-review")).toBeUndefined();
    // Another officer may review a champion's article; another champion may not.
    const champions = await articleRow(db(), "autism-friendly-classrooms");
    expect((await as("champion2@kent.example").post("/guidance/autism-friendly-classrooms", { intent: "reviewed", version: String(champions.version) })).status).toBe(409);
    expect((await as("officer.east@kent.example").post("/guidance/autism-friendly-classrooms", { intent: "reviewed", version: String(champions.version) })).status).toBe(302);
    expect((await articleRow(db(), "autism-friendly-classrooms")).last_reviewed_by).toBe(Number(await idOf("officer.east@kent.example")));
  });
});

describe("searching the library", () => {
  it("ranks a match in the title above one in the summary above one in the body, however often the body has it", async () => {
    // However often the body says it, the article whose title says it comes first.
    const body = await writeArticle(db(), { title: "Quiet corners", summary: "Calm spaces.", body: "Zephyrine lighting in a quiet corner. ".repeat(40) });
    const summary = await writeArticle(db(), { title: "Calm lighting", summary: "On zephyrine lamps for calm rooms.", body: "Lamps." });
    const titled = await writeArticle(db(), { title: "Zephyrine lamps", summary: "Lamps.", body: "Lamps in class." });
    const reader = await actorForEmail(db(), "senco@oakfield.example");
    const found = await searchLibrary(db(), reader, { q: "zephyrine", tag: "", page: 1 });
    expect(found.rows.map((r) => r.slug)).toEqual([titled, summary, body]);
    expect(found.total).toBe(3);
  });

  it("puts an article that opens with the words before one that mentions them deep in its body, and finds both", async () => {
    // Both match in the body alone; the one about it says so at the start (its opening ranks it, ADR 61), while a
    // passing mention after a long preamble still matches (the whole body is searched) and comes after it.
    const preamble = "Planning the day with the class teacher and the teaching assistant. ".repeat(20);
    const mention = await writeArticle(db(), { title: "Aardvark routines", summary: "Routines.", body: `${preamble}A quillwort chart helps too.` });
    const about = await writeArticle(db(), { title: "Yardstick routines", summary: "Routines.", body: "Quillwort charts: what a quillwort chart is and how quillwort charts help. Routines." });
    const reader = await actorForEmail(db(), "senco@oakfield.example");
    const found = await searchLibrary(db(), reader, { q: "quillwort", tag: "", page: 1 });
    expect(found.rows.map((r) => r.slug)).toEqual([about, mention]);
    // Past the last page: nothing listed, and still the true count (the page's links stay right).
    const beyond = await searchLibrary(db(), reader, { q: "quillwort", tag: "", page: 5 });
    expect(beyond.rows).toEqual([]);
    expect(beyond.total).toBe(2);
  });

  it("answers a search again from what it ranked, until an article or its tags change on any instance (ADR 64)", async () => {
    const reader = await actorForEmail(db(), "senco@oakfield.example");
    const writer = await actorForEmail(db(), "champion@kent.example");
    const first = await writeArticle(db(), { title: "Marramgrass sensory walks", summary: "Outdoors.", body: "A walk." });
    const search = async (who = reader) => (await searchLibrary(db(), who, { q: "marramgrass", tag: "", page: 1 })).rows.map((r) => r.slug);
    expect(await search()).toEqual([first]);
    // A draft: the writer's search finds it at once; the reader's, asked again, still only the published one.
    const draft = await writeArticle(db(), { title: "Marramgrass in the playground", summary: "Play.", body: "Play." }, { draft: true });
    expect((await search(writer)).sort()).toEqual([draft, first].sort());
    expect(await search()).toEqual([first]);
    // Written straight to the table (as another portal instance's write reaches this one): archived, it is gone.
    await db().updateTable("guidance_articles").set({ status: "archived" }).where("slug", "=", first).execute();
    expect(await search()).toEqual([]);
    // A tag added to a published article: a search within the tag finds it.
    const tagged = await writeArticle(db(), { title: "Marramgrass and attention", summary: "Focus.", body: "Focus." });
    const inTag = async () => (await searchLibrary(db(), reader, { q: "marramgrass", tag: "SEMH", page: 1 })).rows.map((r) => r.slug);
    expect(await inTag()).toEqual([]);
    const id = (await articleRow(db(), tagged)).id;
    await db().insertInto("guidance_article_need_types").values({ guidance_article_id: id, need_code: "SEMH" }).execute();
    expect(await inTag()).toEqual([tagged]);
  });

  it("highlights the matching words as data (stemmed), and a hostile title stays text", async () => {
    await writeArticle(db(), { title: "Organising <b>bold</b> provision maps", summary: "Maps that organise support.", body: "When a school organises its provision map, leaders see what works." });
    const reader = await actorForEmail(db(), "senco@oakfield.example");
    const found = await searchLibrary(db(), reader, { q: "organise", tag: "", page: 1 });
    const row = found.rows.find((r) => r.title.some((s) => s.text.includes("<b>bold</b>")))!;
    expect(row.title.filter((s) => s.mark).map((s) => s.text)).toEqual(["Organising"]);
    expect(row.summary.filter((s) => s.mark).map((s) => s.text)).toEqual(["organise"]);
    expect(row.passage!.filter((s) => s.mark).map((s) => s.text)).toEqual(["organises"]);
    const page = await as("senco@oakfield.example").get("/guidance?q=organise");
    expect(page.text).toContain('<mark>Organising</mark>');
    expect(page.text).toContain("&lt;b&gt;bold&lt;/b&gt;");
    expect(page.text).not.toContain("<b>bold</b>");
  });

  it("corrects a misspelt word with trigrams when full text finds nothing, and says so", async () => {
    const reader = await actorForEmail(db(), "senco@oakfield.example");
    const found = await searchLibrary(db(), reader, { q: "dyslxia", tag: "", page: 1 });
    expect(found.searchedFor).toBe("dyslexia");
    expect(found.rows[0]!.slug).toBe("dyslexia-and-specific-learning-difficulties-in-the-classroom");
    const page = mainText((await as("senco@oakfield.example").get("/guidance?q=dyslxia")).text);
    expect(page).toMatch(/No articles matched “\s*dyslxia\s*”\. Showing results for dyslexia instead\./);
    const nurture = await searchLibrary(db(), reader, { q: "nurtre groups", tag: "", page: 1 });
    expect(nurture.searchedFor).toBe("nurture groups");
    expect(nurture.rows[0]!.slug).toBe("nurture-and-the-boxall-profile");
    // A few found as typed (the stemmer takes "boxal" as "Boxall"): those are shown, and the spelling is offered.
    const boxall = await searchLibrary(db(), reader, { q: "boxal", tag: "", page: 1 });
    expect(boxall.rows.map((r) => r.slug)).toContain("nurture-and-the-boxall-profile");
    expect([boxall.searchedFor, boxall.didYouMean]).toEqual([null, "boxall"]);
    // Nothing like it: nothing found, nothing invented.
    const none = await searchLibrary(db(), reader, { q: "qqqxxzz", tag: "", page: 1 });
    expect([none.total, none.searchedFor, none.didYouMean]).toEqual([0, null, null]);
  });

  it("browses by need-area and topic tags, and search within a tag", async () => {
    const reader = await actorForEmail(db(), "senco@oakfield.example");
    const asd = await searchLibrary(db(), reader, { q: "", tag: "ASD", page: 1 });
    expect(asd.tagName).toBe("Autistic spectrum disorder");
    expect(asd.rows.map((r) => r.slug)).toContain("autism-friendly-classrooms");
    expect(asd.rows.map((r) => r.slug)).not.toContain("dyslexia-and-specific-learning-difficulties-in-the-classroom");
    const transition = await searchLibrary(db(), reader, { q: "", tag: "transition", page: 1 });
    expect(transition.rows.map((r) => r.slug)).toEqual(["physical-disability-access-independence-and-safety", "transition-between-phases-and-schools"]);
    const within = await searchLibrary(db(), reader, { q: "February", tag: "transition", page: 1 });
    expect(within.rows.map((r) => r.slug)).toEqual(["transition-between-phases-and-schools"]);
    const page = mainText((await as("senco@oakfield.example").get("/guidance?tag=SEMH")).text);
    expect(page).toContain("tagged Social, emotional and mental health");
    expect(page).toContain("Nurture and the Boxall Profile");
  });

  it("pages the library under 60 KB a page, and shrugs off odd input", async () => {
    for (let i = 0; i < 20; i++) await writeArticle(db(), { title: `Wibblestone article ${String(i).padStart(2, "0")}`, summary: "Wibblestone summary ".repeat(30), body: "wibblestone ".repeat(300) });
    const first = await as("senco@oakfield.example").get("/guidance?q=wibblestone");
    expect(first.status).toBe(200);
    expect(Buffer.byteLength(first.text)).toBeLessThan(60 * 1024);
    expect(mainText(first.text)).toContain("20 articles for “wibblestone”, page 1 of 2");
    const second = mainText((await as("senco@oakfield.example").get("/guidance?q=wibblestone&page=2")).text);
    expect(second).toContain("page 2 of 2");
    const browse = await as("senco@oakfield.example").get("/guidance");
    expect(Buffer.byteLength(browse.text)).toBeLessThan(60 * 1024);
    for (const odd of ["/guidance?q=%27%3B%20drop%20table%20guidance_articles%3B--", "/guidance?q=!!!%20%26%20|", "/guidance?tag=%3Cscript%3E", "/guidance?page=-1", "/guidance?page=1e9", `/guidance?q=${"a".repeat(5000)}`]) {
      expect((await as("senco@oakfield.example").get(odd)).status, odd).toBe(200);
    }
    expect((await articleRow(db(), "autism-friendly-classrooms")).status).toBe("published");
  });
});
