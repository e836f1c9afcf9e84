import { beforeAll, describe, expect, it } from "vitest";
import { Browser, mainText, seededApp } from "../setup/app.ts";

// Every role's home page is a to-do list first (issue 14): what waits for them, the action one click away,
// the facts after. The demo's request waiting for sign-off has told its headteacher.

const t = seededApp();
const browsers = new Map<string, Browser>();
const as = (email: string) => browsers.get(email)!;

beforeAll(async () => {
  for (const email of ["head@oakfield.example", "senco@oakfield.example", "officer@kent.example", "champion@kent.example", "head@riverside.example", "admin@kent.example"]) {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(email);
    browsers.set(email, browser);
  }
});

const db = () => t.database.db;

async function requests(statuses: string[], urn?: string) {
  let query = db()
    .selectFrom("funding_requests")
    .innerJoin("schools", "schools.id", "funding_requests.school_id")
    .select(["funding_requests.reference", "funding_requests.submitted_at"])
    .where("funding_requests.status", "in", statuses);
  if (urn) query = query.where("schools.urn", "=", urn);
  return query.orderBy("funding_requests.submitted_at").orderBy("funding_requests.id").execute();
}

async function home(email: string) {
  const reply = await as(email).get("/home");
  expect(reply.status).toBe(200);
  return { html: reply.text, text: mainText(reply.text) };
}

describe("the home page's to-do list", () => {
  it("shows the headteacher what waits for sign-off first, each a link to the request, the school's facts after", async () => {
    const [waiting] = await requests(["awaiting_headteacher"], "990001");
    const { html, text } = await home("head@oakfield.example");
    expect(text.indexOf("Waiting for you")).toBeGreaterThan(-1);
    expect(text.indexOf("Waiting for you")).toBeLessThan(text.indexOf("Your school"));
    expect(text).toContain("To sign off (1)");
    expect(html).toContain(`<a href="/funding/${waiting!.reference}/sign-off" class="font-bold">Review and sign off ${waiting!.reference}</a>`);
    expect(text).toMatch(new RegExp(`Review and sign off ${waiting!.reference} .+, for [A-Z][a-z]+ [A-Z][a-z]+ Sent`));
    expect(text).toMatch(/Sent \d+ days ago/);
    // One click: the link opens the request's sign-off page, its declaration under the request's summary.
    const request = await as("head@oakfield.example").get(`/funding/${waiting!.reference}/sign-off`);
    expect(mainText(request.text)).toContain("Sign off and send to the council");
  });

  it("shows the SENCO the requests the council sent back and the drafts to finish, each linking to its form", async () => {
    const [more] = await requests(["more_information_needed"], "990001");
    const drafts = await requests(["draft"], "990001");
    const { html, text } = await home("senco@oakfield.example");
    expect(text).toContain("More information needed (1)");
    expect(text).toContain(`Drafts to finish (${drafts.length})`);
    expect(html).toContain(`href="/funding/${more!.reference}/edit"`);
    expect(text.indexOf("More information needed")).toBeLessThan(text.indexOf("Drafts to finish"));
    expect(text.indexOf("Drafts to finish")).toBeLessThan(text.indexOf("Your school"));
    expect((await as("senco@oakfield.example").get(`/funding/${more!.reference}/edit`)).status).toBe(200);
  });

  it("shows the officer what waits for a decision, oldest first, no pupil named, and links to the rest", async () => {
    const waiting = await requests(["submitted", "in_review"]);
    const { html, text } = await home("officer@kent.example");
    expect(text).toContain(`To decide (${waiting.length})`);
    const shown = [...html.matchAll(/href="\/funding\/([A-Z]+-\d{4}-\d{5})\/decide"/g)].map((m) => m[1]);
    expect(shown).toEqual(waiting.slice(0, 5).map((r) => r.reference));
    if (waiting.length > 5) expect(html).toContain('href="/funding?status=awaiting_decision"');
    expect(text.indexOf("To decide")).toBeLessThan(text.indexOf("Schools by district"));
    const pupils = await db().selectFrom("pupils").select(["first_name", "last_name"]).execute();
    for (const p of pupils) expect(text).not.toContain(`${p.first_name} ${p.last_name}`);
    expect((await as("officer@kent.example").get(`/funding/${waiting[0]!.reference}/decide`)).status).toBe(200);
  });

  it("says in words when nothing waits, before the facts", async () => {
    const { text } = await home("admin@kent.example");
    expect(text).toContain("Waiting for you Nothing is waiting for you.");
    // The champion's list holds the demo's champion visits (db/seed/champion-visits.ts): an overdue action, a draft.
    const champion = await home("champion@kent.example");
    expect(champion.text).toContain("Waiting for you Agreed actions overdue at your schools (1)");
  });

  it("empties as the work is done: a request signed off leaves the headteacher's list and joins the officer's", async () => {
    const [waiting] = await requests(["awaiting_headteacher"], "990002");
    const deciding = (await requests(["submitted", "in_review"])).length;
    const before = await home("head@riverside.example");
    expect(before.text).toContain("To sign off (1)");
    const version = (await db().selectFrom("funding_requests").select("version").where("reference", "=", waiting!.reference).executeTakeFirstOrThrow()).version;
    const signed = await as("head@riverside.example").post(`/funding/${waiting!.reference}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: String(version), comment: "" });
    expect(signed.status).toBe(302);
    const after = await home("head@riverside.example");
    expect(after.text).not.toContain("To sign off");
    // What is left is the school's overdue review of last year's award (the demo seed's), not a request.
    expect(after.text).toContain("Reviews overdue (1)");
    expect((await home("officer@kent.example")).text).toContain(`To decide (${deciding + 1})`);
  });
});

describe("the demo's notifications", () => {
  it("gives each request waiting for sign-off its notification to the school's headteacher, with the workflow's words and link", async () => {
    const waiting = await requests(["awaiting_headteacher"]);
    expect(waiting.length).toBeGreaterThan(0);
    for (const r of waiting) {
      const rows = await db()
        .selectFrom("notifications")
        .innerJoin("memberships", "memberships.user_id", "notifications.user_id")
        .select(["notifications.message", "notifications.link", "memberships.role"])
        .where("notifications.link", "=", `/funding/${r.reference}`)
        .execute();
      expect(rows.length, r.reference).toBeGreaterThan(0);
      expect(rows[0]).toMatchObject({ message: `Funding request ${r.reference} is waiting for your sign-off.`, role: "headteacher" });
    }
    const riverside = await as("champion@kent.example").get("/home");
    expect(riverside.status).toBe(200);
  });
});
