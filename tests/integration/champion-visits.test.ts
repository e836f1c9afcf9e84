import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "../../app/domain/financial-year.ts";
import { newIdempotencyKey } from "../../app/domain/references.server.ts";
import { addDays } from "../../app/domain/stls/meeting-dates.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { createChampion, createChampionVisit, schoolIdOf, userIdOf } from "../setup/champions.ts";

// Issue 11, Inclusion Champion visits over HTTP as a champion and a school's staff use them: the champion's schools
// with their last visit, actions and profile; starting a report (only for an assigned school, a double click
// starting one); a draft that keeps what was typed and refuses a due date before the visit; publishing, which the
// school is told of; the school's side (a draft never seen, its own actions marked done, nothing else changed
// however the POST is made); carrying forward and closing; stale forms; and each side's overdue actions at home.

const t = seededApp();
const db = () => t.database.db;
const b: Record<string, Browser> = {};
const as = (email: string) => b[email]!;
const champion = () => as("champion@kent.example");
const head = () => as("head@oakfield.example");
const today = () => londonToday();

beforeAll(async () => {
  await createChampion(db(), "champion.two@kent.example", "Ruth Okoro", ["990001"]);
  for (const email of ["champion@kent.example", "head@oakfield.example", "senco@oakfield.example", "senco@riverside.example", "champion.two@kent.example", "officer@kent.example"]) {
    b[email] = new Browser(t.app.baseUrl);
    await b[email].signIn(email);
  }
});

const visitRow = (id: number) => db().selectFrom("champion_visits").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const actionsOf = (id: number) => db().selectFrom("agreed_actions").selectAll().where("champion_visit_id", "=", id).orderBy("position").execute();
const actionRow = (id: number) => db().selectFrom("agreed_actions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

async function startDraft(urn = "990001") {
  const reply = await champion().post("/visits/new", { schoolId: String(await schoolIdOf(db(), urn)), idempotencyKey: newIdempotencyKey() });
  expect(reply.status).toBe(302);
  return Number(/^\/visits\/(\d+)\/edit$/.exec(reply.location!)![1]);
}

/** A whole draft's form: the visit a week ago, one school action due in a month. */
function wholeDraft(version: number, changes: Record<string, string> = {}) {
  return {
    version: String(version),
    intent: "save",
    visitedOn: addDays(today(), -7),
    format: "in_person",
    focusAreas: "transition",
    seen: "Year 6 transition meetings with two secondary schools.",
    strengths: "Transition plans started in the spring term.",
    "actions[0].description": "Send one-page profiles to the receiving schools",
    "actions[0].owner": "school",
    "actions[0].dueOn": addDays(today(), 30),
    ...changes,
  };
}

describe("the champion's schools", () => {
  it("lists each assigned school with its last visit, open and overdue actions and a profile of counts, and no other school", async () => {
    const page = await champion().get("/visits");
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain("Oakfield Primary School");
    expect(text).toContain("Tonbridge Castle Primary School");
    expect(text).not.toContain("Riverside Academy");
    // The seed: Oakfield's last visit 40 days ago, three open actions over its two reports, one overdue.
    const oakfieldRow = /<tr>(?:(?!<\/tr>)[\s\S])*Oakfield Primary School(?:(?!<\/tr>)[\s\S])*<\/tr>/.exec(page.text)![0];
    const row = mainText(oakfieldRow);
    expect(row).toContain("Primary, 412 on roll");
    expect(row).toContain("Maidstone");
    expect(row).toMatch(/\d+ funding requests? open/);
    expect(row).toMatch(/\d+ LIFT referrals? waiting/);
    expect(row).toContain("1 overdue");
    // The resource provision Oakfield hosts (db/seed/provision.ts), named as the register names it.
    expect(row).toMatch(/ASD resource provision, Years? [^ ]+/);
    const tonbridgeRow = mainText(/<tr>(?:(?!<\/tr>)[\s\S])*Tonbridge Castle Primary School(?:(?!<\/tr>)[\s\S])*<\/tr>/.exec(page.text)![0]);
    const tonbridgeSrps = await db()
      .selectFrom("resource_provisions")
      .innerJoin("schools", "schools.id", "resource_provisions.school_id")
      .select("resource_provisions.id")
      .where("schools.name", "=", "Tonbridge Castle Primary School")
      .where("resource_provisions.status", "<>", "closed")
      .execute();
    expect(tonbridgeRow.includes("resource provision")).toBe(tonbridgeSrps.length > 0);
    const last = await db()
      .selectFrom("champion_visits")
      .select((eb) => eb.fn.max("visited_on").as("d"))
      .where("school_id", "=", await schoolIdOf(db(), "990001"))
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const [y, m, d] = String(last.d).split("-").map(Number) as [number, number, number];
    expect(row).toContain(new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(Date.UTC(y, m - 1, d)));
    // The draft is listed for its champion only.
    expect(text).toContain("Draft");
  });
});

describe("starting a report", () => {
  it("starts one draft for an assigned school, counting a double click once", async () => {
    const fields = { schoolId: String(await schoolIdOf(db(), "990003")), idempotencyKey: newIdempotencyKey() };
    const first = await champion().post("/visits/new", fields);
    const again = await champion().post("/visits/new", fields);
    expect(first.status).toBe(302);
    expect(again.location).toBe(first.location);
    const id = Number(/\/visits\/(\d+)\/edit/.exec(first.location!)![1]);
    expect((await visitRow(id)).status).toBe("draft");
    expect(await db().selectFrom("champion_visits").select("id").where("idempotency_key", "=", fields.idempotencyKey).execute()).toHaveLength(1);
    const audit = await db().selectFrom("audit_events").select("action").where("subject_type", "=", "champion_visit").where("subject_id", "=", String(id)).execute();
    expect(audit).toEqual([{ action: "champion_visit.started" }]);
  });

  it("answers a school not assigned to the champion as it answers one that does not exist, and starts nothing", async () => {
    const before = await db().selectFrom("champion_visits").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const riverside = await champion().post("/visits/new", { schoolId: String(await schoolIdOf(db(), "990002")), idempotencyKey: newIdempotencyKey() });
    const missing = await champion().post("/visits/new", { schoolId: "999999", idempotencyKey: newIdempotencyKey() });
    expect(riverside.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(mainText(riverside.text)).toBe(mainText(missing.text));
    const after = await db().selectFrom("champion_visits").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // Nor is the school offered on the form.
    expect(mainText((await champion().get("/visits/new")).text)).not.toContain("Riverside Academy");
  });
});

describe("a draft", () => {
  it("keeps what was typed, saves what can be stored, and refuses a due date before the visit against its own field", async () => {
    const id = await startDraft();
    const reply = await champion().post(`/visits/${id}/edit`, wholeDraft(1, { "actions[0].dueOn": addDays(today(), -10), "actions[1].description": "Share the transition passport template", "actions[1].owner": "champion" }));
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: /);
    const text = mainText(reply.text);
    expect(text).toContain("The due date must be on or after the date of the visit");
    // What was typed is on the page again, the refused date included.
    expect(reply.text).toContain("Send one-page profiles to the receiving schools");
    expect(reply.text).toContain("Share the transition passport template");
    const saved = await visitRow(id);
    expect(saved.seen).toBe("Year 6 transition meetings with two secondary schools.");
    expect(saved.visited_on).toBe(addDays(today(), -7));
    expect(saved.version).toBe(2);
    const actions = await actionsOf(id);
    expect(actions.map((a) => [a.description, a.owner, a.due_on])).toEqual([
      ["Send one-page profiles to the receiving schools", "school", null],
      ["Share the transition passport template", "champion", null],
    ]);
  });

  it("adds and removes actions without JavaScript, each kept as its own row", async () => {
    const id = await startDraft();
    const added = await champion().post(`/visits/${id}/edit`, wholeDraft(1, { intent: "add-action" }));
    expect(added.status).toBe(302);
    expect(added.location).toBe(`/visits/${id}/edit?blank=1#action-2`);
    const page = await champion().get(`/visits/${id}/edit?blank=1`);
    expect(mainText(page.text)).toContain("Action 2");
    const [first] = await actionsOf(id);
    const two = await champion().post(`/visits/${id}/edit`, {
      ...wholeDraft(2),
      "actions[0].id": String(first!.id),
      "actions[1].description": "Visit the receiving secondary school with the SENCO",
      "actions[1].owner": "champion",
      "actions[1].dueOn": addDays(today(), 14),
    });
    expect(two.status).toBe(302);
    expect((await actionsOf(id)).map((a) => a.id)[0]).toBe(first!.id);
    const [, second] = await actionsOf(id);
    const removed = await champion().post(`/visits/${id}/edit`, {
      ...wholeDraft(3, { intent: "remove-action-0" }),
      "actions[0].id": String(first!.id),
      "actions[1].id": String(second!.id),
      "actions[1].description": "Visit the receiving secondary school with the SENCO",
      "actions[1].owner": "champion",
      "actions[1].dueOn": addDays(today(), 14),
    });
    expect(removed.status).toBe(302);
    expect(removed.location).toBe(`/visits/${id}/edit?removed=1#actions`);
    const left = await actionsOf(id);
    expect(left.map((a) => [a.id, a.position, a.description])).toEqual([[second!.id, 1, "Visit the receiving secondary school with the SENCO"]]);
  });

  it("keeps an action asked to be removed when the same form is refused for another answer, as the refused page still shows it", async () => {
    const id = await startDraft();
    expect((await champion().post(`/visits/${id}/edit`, wholeDraft(1))).status).toBe(302);
    const [action] = await actionsOf(id);
    const refused = await champion().post(`/visits/${id}/edit`, { ...wholeDraft(2, { intent: "remove-action-0", visitedOn: "31/02/2026" }), "actions[0].id": String(action!.id) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Send one-page profiles to the receiving schools");
    expect((await actionsOf(id)).map((a) => a.id)).toEqual([action!.id]);
    const removed = await champion().post(`/visits/${id}/edit`, { ...wholeDraft(3, { intent: "remove-action-0" }), "actions[0].id": String(action!.id) });
    expect(removed.status).toBe(302);
    expect(await actionsOf(id)).toEqual([]);
  });

  it("is seen by nobody but its champion: not the school, its actions neither, nor another champion of the school", async () => {
    const id = await startDraft();
    expect((await champion().post(`/visits/${id}/edit`, wholeDraft(1))).status).toBe(302);
    const [action] = await actionsOf(id);
    for (const email of ["head@oakfield.example", "senco@oakfield.example", "champion.two@kent.example"]) {
      expect((await as(email).get(`/visits/${id}`)).status, email).toBe(404);
      expect((await as(email).get(`/visits/actions/${action!.id}`)).status, email).toBe(404);
    }
    expect((await head().get("/visits")).text).not.toContain(`/visits/${id}"`);
    // However the school's POST is made: to mark the draft's action done, or to publish or change the draft.
    expect((await head().post(`/visits/actions/${action!.id}`, { intent: "complete", version: "1", note: "Done" })).status).toBe(404);
    expect((await head().post(`/visits/${id}`, { intent: "publish", version: "2" })).status).toBe(404);
    expect((await head().post(`/visits/${id}/edit`, wholeDraft(2, { seen: "Changed by the school" }))).status).toBe(404);
    expect((await as("champion.two@kent.example").post(`/visits/${id}/edit`, wholeDraft(2, { seen: "Changed by another champion" }))).status).toBe(404);
    expect((await visitRow(id)).seen).toBe("Year 6 transition meetings with two secondary schools.");
    expect((await actionRow(action!.id)).status).toBe("open");
  });

  it("refuses a draft saved from an old form with other answers, saying someone changed it, and counts the same form sent twice once", async () => {
    const id = await startDraft();
    const fields = wholeDraft(1);
    expect((await champion().post(`/visits/${id}/edit`, fields)).status).toBe(302);
    const again = await champion().post(`/visits/${id}/edit`, fields);
    expect(again.status).toBe(302);
    expect((await visitRow(id)).version).toBe(2);
    const stale = await champion().post(`/visits/${id}/edit`, wholeDraft(1, { seen: "Something else" }));
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record while you were working on it");
    expect((await visitRow(id)).seen).toBe("Year 6 transition meetings with two secondary schools.");
  });
});

describe("publishing", () => {
  it("refuses an incomplete draft saying what is missing, then publishes the whole report, tells the school once, and starts each action's timeline", async () => {
    const id = await startDraft();
    expect((await champion().post(`/visits/${id}/edit`, wholeDraft(1, { strengths: "", "actions[0].owner": "" }))).status).toBe(302);
    const early = await champion().post(`/visits/${id}`, { intent: "publish", version: "2" });
    expect(early.status).toBe(409);
    expect(mainText(early.text)).toContain("Before you publish this report, add the strengths; action 1: who will do it");
    expect((await visitRow(id)).status).toBe("draft");
    expect((await champion().post(`/visits/${id}/edit`, wholeDraft(2))).status).toBe(302);
    const published = await champion().post(`/visits/${id}`, { intent: "publish", version: "3" });
    expect(published.status).toBe(302);
    expect(published.location).toBe(`/visits/${id}?done=publish`);
    expect((await champion().post(`/visits/${id}`, { intent: "publish", version: "3" })).status).toBe(302);
    const row = await visitRow(id);
    expect(row.status).toBe("published");
    expect(row.version).toBe(4);
    const events = await db().selectFrom("champion_visit_events").select("action").where("champion_visit_id", "=", id).where("action", "=", "published").execute();
    expect(events).toHaveLength(1);
    const told = await db()
      .selectFrom("notifications")
      .innerJoin("users", "users.id", "notifications.user_id")
      .select(["users.email", "notifications.message"])
      .where("notifications.link", "=", `/visits/${id}`)
      .orderBy("users.email")
      .execute();
    expect(told.map((n) => n.email)).toEqual(["head@oakfield.example", "senco@oakfield.example"]);
    expect(told[0]!.message).toContain("Grace Adeyemi has published the report of the visit to Oakfield Primary School");
    const [action] = await actionsOf(id);
    const actionEvents = await db().selectFrom("agreed_action_events").select("action").where("agreed_action_id", "=", action!.id).execute();
    expect(actionEvents).toEqual([{ action: "agreed" }]);
    // The school reads it now; the report's text can no longer be changed.
    const report = mainText((await head().get(`/visits/${id}`)).text);
    expect(report).toContain("Year 6 transition meetings with two secondary schools.");
    expect(report).toContain("Send one-page profiles to the receiving schools");
    const late = await champion().post(`/visits/${id}/edit`, wholeDraft(4, { seen: "Rewritten" }));
    expect(late.status).toBe(409);
    expect(mainText(late.text)).toContain("This visit report has been published, so it can no longer be changed");
    expect(mainText(late.text)).toContain("This report can no longer be changed");
    expect((await visitRow(id)).seen).toBe("Year 6 transition meetings with two secondary schools.");
  });

  it("links an action to a published guidance article, which the school follows from the report, and refuses any other", async () => {
    const articles = await db().selectFrom("guidance_articles").select(["id", "slug", "title", "status"]).orderBy("id").execute();
    const article = articles.find((a) => a.status === "published")!;
    const draftArticle = articles.find((a) => a.status === "draft")!;
    const id = await startDraft();
    // A draft or unknown article is not offered, and is refused against its own field; the rest is saved.
    for (const [value, version] of [[String(draftArticle.id), 1], ["999999", 2], ["1e3", 3]] as const) {
      const refused = await champion().post(`/visits/${id}/edit`, wholeDraft(version, { "actions[0].guidance": value }));
      expect(refused.status).toBe(400);
      expect(mainText(refused.text)).toContain("Select guidance from the library's list, or none");
    }
    expect((await actionsOf(id))[0]!.guidance_article_id).toBeNull();
    const form = mainText((await champion().get(`/visits/${id}/edit`)).text);
    expect(form).toContain("Guidance for the school to read (optional)");
    expect(form).toContain(article.title);
    expect(form).not.toContain(draftArticle.title);

    expect((await champion().post(`/visits/${id}/edit`, wholeDraft(4, { "actions[0].guidance": String(article.id) }))).status).toBe(302);
    expect((await actionsOf(id))[0]!.guidance_article_id).toBe(article.id);
    expect((await champion().post(`/visits/${id}`, { intent: "publish", version: "5" })).status).toBe(302);
    const report = await head().get(`/visits/${id}`);
    expect(report.text).toContain(`href="/guidance/${article.slug}"`);
    expect(mainText(report.text)).toContain(`Guidance: ${article.title}`);
    const [action] = await actionsOf(id);
    const actionPage = await head().get(`/visits/actions/${action!.id}`);
    expect(mainText(actionPage.text)).toContain(`Guidance to read ${article.title}`);
    expect((await head().get(`/guidance/${article.slug}`)).status).toBe(200);

    // Archived later: the action still names it, with no link the school could not follow.
    await db().updateTable("guidance_articles").set({ status: "archived" }).where("id", "=", article.id).execute();
    try {
      const after = await head().get(`/visits/${id}`);
      expect(after.text).not.toContain(`href="/guidance/${article.slug}"`);
      expect(mainText(after.text)).toContain(`${article.title} (no longer in the library)`);
    } finally {
      await db().updateTable("guidance_articles").set({ status: "published" }).where("id", "=", article.id).execute();
    }
  });

  it("lets only the report's own champion publish it", async () => {
    const { visitId } = await createChampionVisit(db(), { published: false, championEmail: "champion.two@kent.example", actions: [] });
    // Grace is assigned to Oakfield too, but another champion's draft is not hers to see.
    expect((await champion().post(`/visits/${visitId}`, { intent: "publish", version: "1" })).status).toBe(404);
    expect((await visitRow(visitId)).status).toBe("draft");
  });
});

describe("the school's actions", () => {
  const due = () => addDays(today(), 20);

  it("marks the school's own action done with a note, tells the champion, and refuses an out-of-date form", async () => {
    const { actionIds } = await createChampionVisit(db(), { actions: [{ description: "Update the SEN information report", owner: "school", dueOn: due() }] });
    const id = actionIds[0]!;
    const page = await head().get(`/visits/actions/${id}`);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("Mark this action done");
    const reply = await head().post(`/visits/actions/${id}`, { intent: "complete", version: "1", note: "Updated and on the website." });
    expect(reply.status).toBe(302);
    expect((await head().post(`/visits/actions/${id}`, { intent: "complete", version: "1", note: "Updated and on the website." })).status).toBe(302);
    const row = await actionRow(id);
    expect([row.status, row.done_note, row.version]).toEqual(["done", "Updated and on the website.", 2]);
    expect(await db().selectFrom("agreed_action_events").select("action").where("agreed_action_id", "=", id).orderBy("id").execute()).toEqual([{ action: "agreed" }, { action: "done" }]);
    const told = await db().selectFrom("notifications").select("message").where("user_id", "=", await userIdOf(db(), "champion@kent.example")).where("link", "=", `/visits/actions/${id}`).execute();
    expect(told).toHaveLength(1);
    // The notice (and its email) names the action by its place, never by its freely typed words.
    expect(told[0]!.message).toMatch(/^The school has marked done action 1 of the visit on \d{1,2} [A-Z][a-z]+ \d{4}\.$/);
    const emailed = await db().selectFrom("email_outbox").select("body").where("link", "=", `/visits/actions/${id}`).execute();
    for (const email of emailed) expect(email.body).not.toContain("Update the SEN information report");
    const stale = await as("senco@oakfield.example").post(`/visits/actions/${id}`, { intent: "complete", version: "1", note: "Something else" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record while you were working on it: it was marked done by Martin Cole");
    expect((await actionRow(id)).done_note).toBe("Updated and on the website.");
  });

  it("refuses, whatever the POST, an action that is not the school's, the champion's steps, and another school's actions", async () => {
    const { visitId, actionIds } = await createChampionVisit(db(), {
      actions: [
        { description: "Send the school the core standards tool", owner: "champion", dueOn: due() },
        { description: "Review the provision map", owner: "school", dueOn: due() },
      ],
    });
    const [championsAction, schoolsAction] = actionIds as [number, number];
    const notTheirs = await head().post(`/visits/actions/${championsAction}`, { intent: "complete", version: "1", note: "We did it" });
    expect(notTheirs.status).toBe(409);
    expect(mainText(notTheirs.text)).toContain("only the school's own actions can be marked done here");
    expect((await head().post(`/visits/actions/${schoolsAction}`, { intent: "close", version: "1", comment: "" })).status).toBe(404);
    expect((await head().post(`/visits/actions/${schoolsAction}`, { intent: "carry", version: "1", dueOn: addDays(today(), 90), reason: "More time" })).status).toBe(404);
    expect((await head().post(`/visits/${visitId}`, { intent: "publish", version: "1" })).status).toBe(404);
    const riverside = as("senco@riverside.example");
    expect((await riverside.get(`/visits/${visitId}`)).status).toBe(404);
    expect((await riverside.get(`/visits/actions/${schoolsAction}`)).status).toBe(404);
    expect((await riverside.post(`/visits/actions/${schoolsAction}`, { intent: "complete", version: "1", note: "Not ours" })).status).toBe(404);
    expect((await as("officer@kent.example").get(`/visits/${visitId}`)).status).toBe(404);
    for (const id of actionIds) expect((await actionRow(id)).status).toBe("open");
  });
});

describe("the champion's follow-up", () => {
  it("carries an action forward to a later date, keeping the history, and closes it", async () => {
    const { actionIds } = await createChampionVisit(db(), { actions: [{ description: "Set review dates for SEN support", owner: "school", dueOn: addDays(today(), -3) }] });
    const id = actionIds[0]!;
    expect(mainText((await head().get(`/visits/actions/${id}`)).text)).toContain("Overdue");
    const earlier = await champion().post(`/visits/actions/${id}`, { intent: "carry", version: "1", dueOn: addDays(today(), -5), reason: "More time" });
    expect(earlier.status).toBe(400);
    expect(mainText(earlier.text)).toContain("The new due date must be after the current one");
    const carried = await champion().post(`/visits/actions/${id}`, { intent: "carry", version: "1", dueOn: addDays(today(), 28), reason: "Waiting for the new SEN register" });
    expect(carried.status).toBe(302);
    const row = await actionRow(id);
    expect([row.status, row.due_on, row.carried_count]).toEqual(["open", addDays(today(), 28), 1]);
    const history = mainText((await head().get(`/visits/actions/${id}`)).text);
    expect(history).toContain("Carried forward: Grace Adeyemi");
    expect(history).toContain("Waiting for the new SEN register");
    expect(history).not.toContain("Overdue");
    expect(await db().selectFrom("notifications").select("id").where("link", "=", `/visits/actions/${id}`).where("user_id", "=", await userIdOf(db(), "head@oakfield.example")).execute()).toHaveLength(1);
    // Another champion of the school reads the action but does not follow it up: it is Grace's.
    const other = await as("champion.two@kent.example").post(`/visits/actions/${id}`, { intent: "close", version: "2", comment: "" });
    expect(other.status).toBe(409);
    expect(mainText(other.text)).toContain("Only the Inclusion Champion who agreed this action at the visit can change it");
    expect((await champion().post(`/visits/actions/${id}`, { intent: "close", version: "2", comment: "No longer needed" })).status).toBe(302);
    expect((await actionRow(id)).status).toBe("closed");
    const closedAgain = await champion().post(`/visits/actions/${id}`, { intent: "carry", version: "3", dueOn: addDays(today(), 60), reason: "Again" });
    expect(closedAgain.status).toBe(409);
    expect(mainText(closedAgain.text)).toContain("This action is now closed");
  });
});

describe("overdue actions at home", () => {
  it("shows the school its own overdue actions, and the champion every overdue action at her schools", async () => {
    const { actionIds } = await createChampionVisit(db(), {
      actions: [
        { description: "Overdue school action for the home page", owner: "school", dueOn: addDays(today(), -2) },
        { description: "Overdue council action for the home page", owner: "council", dueOn: addDays(today(), -2) },
      ],
    });
    const school = mainText((await head().get("/home")).text);
    expect(school).toContain("Agreed actions overdue from champion visits");
    expect(school).toContain("Overdue school action for the home page");
    expect(school).not.toContain("Overdue council action for the home page");
    const home = await champion().get("/home");
    const text = mainText(home.text);
    expect(text).toContain("Agreed actions overdue at your schools");
    expect(home.text).toContain(`/visits/actions/${actionIds[0]}`);
    expect(text).toContain("Visit reports to finish and publish");
    expect(mainText((await as("senco@riverside.example").get("/home")).text)).not.toContain("Overdue school action for the home page");
  });
});

describe("odd and hostile input", () => {
  it("refuses text over the limit, a focus area not on the list and a date in the future, keeping the rest", async () => {
    const id = await startDraft();
    const reply = await champion().post(`/visits/${id}/edit`, wholeDraft(1, { seen: "x".repeat(8001), focusAreas: "astrology", visitedOn: addDays(today(), 3) }));
    expect(reply.status).toBe(400);
    const text = mainText(reply.text);
    expect(text).toContain("What you saw must be 8,000 characters or fewer");
    expect(text).toContain("Select focus areas from the list");
    expect(text).toContain("The date of the visit must be today or in the past");
    const row = await visitRow(id);
    expect([row.seen, row.visited_on, row.strengths]).toEqual([null, null, "Transition plans started in the spring term."]);
    expect(await db().selectFrom("champion_visit_focus_areas").select("focus_area").where("champion_visit_id", "=", id).execute()).toEqual([]);
  });

  it("never changes another visit's action by its id: a forged id is a new action of this draft", async () => {
    const { actionIds } = await createChampionVisit(db(), { actions: [{ description: "Someone else's action", owner: "school", dueOn: addDays(today(), 10) }] });
    const id = await startDraft();
    expect((await champion().post(`/visits/${id}/edit`, wholeDraft(1, { "actions[0].id": String(actionIds[0]) }))).status).toBe(302);
    expect((await actionRow(actionIds[0]!)).description).toBe("Someone else's action");
    const mine = await actionsOf(id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.id).not.toBe(actionIds[0]);
  });

  it("answers a visit and an action of a school not assigned to the champion as ones that do not exist", async () => {
    const { visitId, actionIds } = await createChampionVisit(db(), { urn: "990002", championEmail: "champion.two@kent.example", actions: [{ description: "Riverside's action", owner: "school", dueOn: addDays(today(), 10) }] });
    const forbidden = await champion().get(`/visits/${visitId}`);
    const missing = await champion().get("/visits/99999999");
    expect([forbidden.status, missing.status]).toEqual([404, 404]);
    expect(mainText(forbidden.text)).toBe(mainText(missing.text));
    expect((await champion().get(`/visits/actions/${actionIds[0]}`)).status).toBe(404);
    expect((await champion().post(`/visits/actions/${actionIds[0]}`, { intent: "close", version: "1", comment: "" })).status).toBe(404);
    expect((await champion().post(`/visits/${visitId}/edit`, wholeDraft(1))).status).toBe(404);
    expect((await actionRow(actionIds[0]!)).status).toBe("open");
    // Riverside's own staff read it.
    expect((await as("senco@riverside.example").get(`/visits/${visitId}`)).status).toBe(200);
  });
});
