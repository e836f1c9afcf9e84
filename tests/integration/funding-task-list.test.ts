import { beforeAll, describe, expect, it } from "vitest";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { pageForms } from "../setup/forms.ts";

// Issue 14: a funding request's draft is a GOV.UK task list. Each section is its own page with a back link;
// "Save as draft" saves every answer that can be stored, even when others cannot be, and says what is still
// needed; only "Save and continue" insists on the section being complete.

const t = seededApp();
let senco: Browser;
let hnfSchemeId: number;
let sisSchemeId: number;

beforeAll(async () => {
  senco = new Browser(t.app.baseUrl);
  await senco.signIn("senco@oakfield.example");
  const schemes = await t.database.db.selectFrom("funding_schemes").select(["id", "code"]).execute();
  hnfSchemeId = schemes.find((s) => s.code === "HNF")!.id;
  sisSchemeId = schemes.find((s) => s.code === "SIS")!.id;
});

async function newDraft(schemeId = hnfSchemeId) {
  const reply = await senco.post("/funding/new", { schemeId: String(schemeId), idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}` });
  expect(reply.location).toMatch(/\/edit\?started=1$/);
  return /^\/funding\/([A-Z]+-\d{4}-\d{5})\/edit/.exec(reply.location ?? "")![1]!;
}

async function row(reference: string) {
  return t.database.db.selectFrom("funding_requests").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
}

async function lines(reference: string) {
  const { id } = await row(reference);
  return t.database.db.selectFrom("funding_request_lines").selectAll().where("funding_request_id", "=", id).orderBy("position").execute();
}

/** The task list's rows: name and status, as the page says them. */
async function tasks(reference: string) {
  const text = mainText((await senco.get(`/funding/${reference}/edit`)).text);
  return Object.fromEntries(
    ["Pupil", "Parental consent", "Period of funding", "Provision plan", "Amount requested", "Evidence"].map((name) => [
      name,
      new RegExp(`${name}(?: Still needed: [^]*?)? (Not started|In progress|Completed)`).exec(text)?.[1] ?? "absent",
    ]),
  );
}

describe("the draft as a task list", () => {
  it("lists the sections with their status, each a link to its own page with a back link to the list", async () => {
    const reference = await newDraft();
    const page = await senco.get(`/funding/${reference}/edit?started=1`);
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain("You have completed 0 of 6 tasks");
    for (const section of ["pupil", "consent", "period", "plan", "amount", "evidence"]) expect(page.text).toContain(`href="/funding/${reference}/edit/${section}"`);
    expect(await tasks(reference)).toEqual({ Pupil: "Not started", "Parental consent": "Not started", "Period of funding": "Not started", "Provision plan": "Not started", "Amount requested": "Not started", Evidence: "Not started" });

    const section = await senco.get(`/funding/${reference}/edit/period`);
    expect(section.status).toBe(200);
    expect(title(section.text)).toMatch(/^Period of funding - HNF-/);
    expect(section.text).toMatch(new RegExp(`<a href="/funding/${reference}/edit" data-back-link=""[^>]*>Back to the request</a>`));
    // Only the section's own fields are on its page.
    expect(section.text).toContain('name="periodStart.day"');
    expect(section.text).not.toContain('name="amountRequested"');
  });

  it("has no pupil section for a school-level scheme, and answers 404 for a section that does not exist", async () => {
    const reference = await newDraft(sisSchemeId);
    expect(await tasks(reference)).toMatchObject({ Pupil: "absent", "Parental consent": "absent" });
    expect((await senco.get(`/funding/${reference}/edit/pupil`)).status).toBe(404);
    expect((await senco.get(`/funding/${reference}/edit/nonsense`)).status).toBe(404);
    expect((await senco.post(`/funding/${reference}/edit/nonsense`, { version: "1", intent: "save" })).status).toBe(404);
  });

  it("saves a section's answers without touching the others, and shows the sections in progress with what is still needed", async () => {
    const reference = await newDraft();
    let current = await row(reference);
    const plan = await senco.post(`/funding/${reference}/edit/plan`, {
      version: String(current.version),
      intent: "save",
      "lines[0].description": "1:1 teaching assistant support",
      "lines[0].deliveredBy": "Level 3 teaching assistant",
      "lines[0].hoursPerWeek": "15",
      "lines[0].weeks": "38",
      "lines[0].cost": "12,000",
    });
    expect(plan.location).toBe(`/funding/${reference}/edit?saved=1`);
    current = await row(reference);
    const period = await senco.post(`/funding/${reference}/edit/period`, {
      version: String(current.version),
      intent: "save",
      "periodStart.day": "1",
      "periodStart.month": "9",
      "periodStart.year": "2026",
      "periodEnd.day": "",
      "periodEnd.month": "",
      "periodEnd.year": "",
    });
    expect(period.location).toBe(`/funding/${reference}/edit?saved=1`);
    // The period's page did not carry the plan: the plan is as it was saved.
    expect((await lines(reference)).map((l) => l.cost_pence)).toEqual([1_200_000]);
    expect((await row(reference)).period_start).toBe("2026-09-01");
    const status = await tasks(reference);
    expect(status).toMatchObject({ "Period of funding": "In progress", "Provision plan": "Completed", "Amount requested": "Not started" });
    expect(mainText((await senco.get(`/funding/${reference}/edit`)).text)).toContain("Still needed: Enter the date the funding ends");
  });

  it("keeps every answer that can be stored when one cannot be, and says so, so nothing typed is lost on reload", async () => {
    const reference = await newDraft();
    const current = await row(reference);
    const evidence = await senco.post(`/funding/${reference}/edit/evidence`, {
      version: String(current.version),
      intent: "save",
      "evidence.complex-needs": "Complex needs shown in the EP report",
      "evidence.full-time": "x".repeat(1001),
      "evidence.lift-advice": "LIFT met on 3 March",
    });
    expect(evidence.status).toBe(400);
    expect(title(evidence.text)).toMatch(/^Error: /);
    const text = mainText(evidence.text);
    expect(text).toContain("Answers must be 1,000 characters or fewer");
    expect(text).toContain("What you entered without an error has been saved");
    // Reloading the page shows what was stored: the two answers that could be, not the one that could not.
    const again = (await senco.get(`/funding/${reference}/edit/evidence`)).text;
    expect(again).toContain("Complex needs shown in the EP report");
    expect(again).toContain("LIFT met on 3 March");
    expect(again).not.toContain("x".repeat(1001));
    expect((await row(reference)).version).toBe(current.version + 1);

    // A plan line keeps what can be stored of it: its provision and cost, not hours of "lots".
    const plan = await senco.post(`/funding/${reference}/edit/plan`, {
      version: String(current.version + 1),
      intent: "save",
      "lines[0].description": "Speech and language programme",
      "lines[0].deliveredBy": "",
      "lines[0].hoursPerWeek": "lots",
      "lines[0].weeks": "12",
      "lines[0].cost": "2500.50",
    });
    expect(plan.status).toBe(400);
    expect(mainText(plan.text)).toContain("Line 1: hours per week must be a number from 0 to 60");
    expect(plan.text).toMatch(/name="lines\[0\]\.hoursPerWeek"[^>]*value="lots"/);
    expect((await lines(reference)).map((l) => [l.description, l.delivered_by, l.hours_per_week, l.weeks, l.cost_pence])).toEqual([
      ["Speech and language programme", null, null, 12, 250_050],
    ]);
    const tasksNow = mainText((await senco.get(`/funding/${reference}/edit`)).text);
    expect(tasksNow).toContain("Still needed: Line 1: say who delivers it");
  });

  it("only lets 'Save and continue' go back to the list once the section is complete", async () => {
    const reference = await newDraft();
    let current = await row(reference);
    const half = { version: String(current.version), intent: "continue", "periodStart.day": "1", "periodStart.month": "9", "periodStart.year": "2026" };
    const refused = await senco.post(`/funding/${reference}/edit/period`, half);
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain("Enter the date the funding ends");
    expect(refused.text).toMatch(/name="periodStart.day"[^>]*value="1"/);
    // What was complete was still saved.
    current = await row(reference);
    expect(current.period_start).toBe("2026-09-01");
    const done = await senco.post(`/funding/${reference}/edit/period`, {
      ...half,
      version: String(current.version),
      "periodEnd.day": "31",
      "periodEnd.month": "3",
      "periodEnd.year": "2027",
    });
    expect(done.location).toBe(`/funding/${reference}/edit?saved=1`);
    expect(await tasks(reference)).toMatchObject({ "Period of funding": "Completed" });
  });

  it("adds a blank plan line on the plan's own page", async () => {
    const reference = await newDraft();
    const current = await row(reference);
    const reply = await senco.post(`/funding/${reference}/edit/plan`, {
      version: String(current.version),
      intent: "add-line",
      "lines[0].description": "Speech and language programme",
      "lines[0].deliveredBy": "Therapist",
      "lines[0].hoursPerWeek": "1",
      "lines[0].weeks": "12",
      "lines[0].cost": "2500",
      "lines[1].description": "",
    });
    expect(reply.location).toBe(`/funding/${reference}/edit/plan?saved=1&lines=2#section-lines`);
    const page = await senco.get(reply.location!);
    const form = pageForms(page.text, `/funding/${reference}/edit/plan`).find((f) => f.fields.some(([name]) => name === "version"))!;
    const names = form.fields.map(([name]) => name);
    expect(names.filter((n) => /^lines\[\d+\]\.description$/.test(n))).toEqual(["lines[0].description", "lines[1].description", "lines[2].description"]);
  });

  it("refuses a section sent against an old version that differs from what is saved now, keeping what was typed", async () => {
    const reference = await newDraft();
    const current = await row(reference);
    const first = { version: String(current.version), intent: "save", amountRequested: "5,000" };
    expect((await senco.post(`/funding/${reference}/edit/amount`, first)).location).toBe(`/funding/${reference}/edit?saved=1`);
    // The same save again (a double click) is counted once.
    expect((await senco.post(`/funding/${reference}/edit/amount`, first)).location).toBe(`/funding/${reference}/edit?saved=1`);
    const stale = await senco.post(`/funding/${reference}/edit/amount`, { ...first, amountRequested: "7,000" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record");
    expect(stale.text).toMatch(/name="amountRequested"[^>]*value="7,000"/);
    expect((await row(reference)).amount_requested_pence).toBe(500_000);
  });

  it("links each answer on check your answers to its section's page", async () => {
    const reference = await newDraft();
    const check = (await senco.get(`/funding/${reference}/check`)).text;
    for (const [section, anchor] of [
      ["pupil", "pupilId"],
      ["period", "periodStart"],
      ["amount", "amountRequested"],
      ["evidence", "evidence-complex-needs"],
    ]) {
      expect(check).toContain(`href="/funding/${reference}/edit/${section}#section-${anchor}"`);
    }
    const target = await senco.get(`/funding/${reference}/edit/evidence`);
    expect(target.text).toContain('id="section-evidence-complex-needs"');
  });

  it("does not let another school's SENCO or a headteacher reach a section page", async () => {
    const reference = await newDraft();
    const other = new Browser(t.app.baseUrl);
    await other.signIn("senco@riverside.example");
    expect((await other.get(`/funding/${reference}/edit/period`)).status).toBe(404);
    const current = await row(reference);
    expect((await other.post(`/funding/${reference}/edit/amount`, { version: String(current.version), intent: "save", amountRequested: "1" })).status).toBe(404);
    const head = new Browser(t.app.baseUrl);
    await head.signIn("head@oakfield.example");
    expect((await head.get(`/funding/${reference}/edit/period`)).status).toBe(404);
    expect((await row(reference)).amount_requested_pence).toBeNull();
  });
});
