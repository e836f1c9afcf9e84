import { beforeAll, describe, expect, it } from "vitest";
import { type FundingSeed, insertFundingRequests, typicalPlan } from "../../db/seed/funding.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";

// The funding request journey over real HTTP on a real database: SENCO drafts, headteacher signs off,
// officer decides; every transition, every refusal, and what each person is told.

const t = seededApp();
const browsers: Record<string, Browser> = {};
let oakfieldPupil: number;
let oakfieldPlanPupil: number;
let ehcSchemeId: number;
let riversidePupil: number;
let hnfSchemeId: number;
let sisSchemeId: number;
let reasonId: number;

const FY = (() => {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const [y, m] = today.split("-").map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
})();
const START = `${FY}-09-01`;
const END = `${FY + 1}-03-31`;

async function pupilAt(urn: string, first: string, last: string, provision: "K" | "E" = "K") {
  const db = t.database.db;
  const school = await db.selectFrom("schools").select("id").where("urn", "=", urn).executeTakeFirstOrThrow();
  const row = await db
    .insertInto("pupils")
    .values({
      school_id: school.id,
      first_name: first,
      last_name: last,
      date_of_birth: "2017-05-04",
      upn: null,
      year_group: "4",
      sen_provision: provision,
      primary_need: "ASD",
      date_added: "2024-09-01",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  for (const email of ["senco@oakfield.example", "head@oakfield.example", "officer@kent.example", "senco@riverside.example", "head@riverside.example"]) {
    browsers[email] = new Browser(t.app.baseUrl);
    await browsers[email].signIn(email);
  }
  oakfieldPupil = await pupilAt("990001", "Zara", "Testwell");
  riversidePupil = await pupilAt("990002", "Yusuf", "Otherschool");
  oakfieldPlanPupil = await pupilAt("990001", "Xavier", "Planholder", "E");
  const schemes = await t.database.db.selectFrom("funding_schemes").select(["id", "code"]).execute();
  hnfSchemeId = schemes.find((s) => s.code === "HNF")!.id;
  sisSchemeId = schemes.find((s) => s.code === "SIS")!.id;
  ehcSchemeId = schemes.find((s) => s.code === "EHC")!.id;
  reasonId = (await t.database.db.selectFrom("decision_reasons").select("id").orderBy("sort_order").executeTakeFirstOrThrow()).id;
});

const senco = () => browsers["senco@oakfield.example"]!;
const head = () => browsers["head@oakfield.example"]!;
const officer = () => browsers["officer@kent.example"]!;

async function requestRow(reference: string) {
  return t.database.db.selectFrom("funding_requests").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
}

async function start(schemeId = hnfSchemeId, key = `key-${Math.random().toString(36).slice(2)}-${Date.now()}`) {
  // Each request is for a pupil of its own: one pupil may not have two requests under a scheme for the same period
  // (issue 8), and these tests send many for the same one.
  if (schemeId === hnfSchemeId) oakfieldPupil = await pupilAt("990001", "Zara", "Testwell");
  const reply = await senco().post("/funding/new", { schemeId: String(schemeId), idempotencyKey: key });
  expect(reply.status).toBe(302);
  const reference = /^\/funding\/([A-Z]+-\d{4}-\d{5})\/edit/.exec(reply.location ?? "")?.[1];
  expect(reference).toBeDefined();
  return reference!;
}

const HNF_EVIDENCE = ["complex-needs", "full-time", "external-professionals", "own-resources", "personalised", "lift-advice", "lift-recommendations", "staff-training"];

function draft(version: number, overrides: Record<string, string> = {}, intent = "save") {
  const fields: Record<string, string> = {
    version: String(version),
    intent,
    pupilId: String(oakfieldPupil),
    periodStart: START,
    periodEnd: END,
    amountRequested: "8,500",
    consentGivenBy: "Sam Testwell, mother",
    consentDate: `${FY}-04-02`,
    consentMethod: "in_writing",
    "lines[0].description": "1:1 teaching assistant support",
    "lines[0].deliveredBy": "Level 3 teaching assistant",
    "lines[0].hoursPerWeek": "15",
    "lines[0].weeks": "38",
    "lines[0].cost": "12,000",
    "lines[1].description": "Speech and language programme",
    "lines[1].deliveredBy": "Speech and language therapist",
    "lines[1].hoursPerWeek": "1.5",
    "lines[1].weeks": "12",
    "lines[1].cost": "2500.50",
    "lines[2].description": "",
    "lines[2].deliveredBy": "",
    "lines[2].hoursPerWeek": "",
    "lines[2].weeks": "",
    "lines[2].cost": "",
  };
  for (const key of HNF_EVIDENCE) fields[`evidence.${key}`] = `We meet this: ${key}`;
  return { ...fields, ...overrides };
}

/** A request taken to the headteacher, or further: "awaiting_headteacher", "submitted". */
async function requestAt(status: "awaiting_headteacher" | "submitted" | "in_review") {
  const reference = await start();
  let row = await requestRow(reference);
  expect((await senco().post(`/funding/${reference}/edit`, draft(row.version))).status).toBe(302);
  row = await requestRow(reference);
  expect((await senco().post(`/funding/${reference}/check`, { version: String(row.version) })).location).toBe(`/funding/${reference}?done=sent`);
  if (status === "awaiting_headteacher") return reference;
  row = await requestRow(reference);
  expect((await head().post(`/funding/${reference}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: String(row.version), comment: "" })).status).toBe(302);
  if (status === "submitted") return reference;
  row = await requestRow(reference);
  expect((await officer().post(`/funding/${reference}`, { intent: "start_review", version: String(row.version), comment: "" })).status).toBe(302);
  return reference;
}

async function eventsOf(reference: string) {
  const row = await requestRow(reference);
  return t.database.db.selectFrom("funding_request_events").selectAll().where("funding_request_id", "=", row.id).orderBy("id").execute();
}

async function notificationsFor(email: string) {
  return t.database.db
    .selectFrom("notifications")
    .innerJoin("users", "users.id", "notifications.user_id")
    .select(["notifications.message", "notifications.link"])
    .where("users.email", "=", email)
    .orderBy("notifications.id")
    .execute();
}

describe("starting and drafting a request", () => {
  it("starts one draft however often the form is sent, with a reference in the council's format", async () => {
    const key = "double-click-key-0123456789";
    const first = await start(hnfSchemeId, key);
    const second = await start(hnfSchemeId, key);
    expect(second).toBe(first);
    expect(first).toMatch(new RegExp(`^HNF-\\d{4}-\\d{5}$`));
    const rows = await t.database.db.selectFrom("funding_requests").select("id").where("idempotency_key", "=", key).execute();
    expect(rows).toHaveLength(1);
    expect((await eventsOf(first)).map((e) => e.action)).toEqual(["created"]);
  });

  it("refuses a start without a scheme, or with one that does not exist", async () => {
    const none = await senco().post("/funding/new", { idempotencyKey: "no-scheme-key-0123456789" });
    expect(none.status).toBe(400);
    expect(title(none.text)).toMatch(/^Error: /);
    expect(mainText(none.text)).toContain("Select the kind of funding");
    const missing = await senco().post("/funding/new", { schemeId: "99999", idempotencyKey: "bad-scheme-key-0123456789" });
    expect(missing.status).toBe(400);
    expect(await t.database.db.selectFrom("funding_requests").select("id").where("idempotency_key", "in", ["no-scheme-key-0123456789", "bad-scheme-key-0123456789"]).execute()).toHaveLength(0);
  });

  it("saves the draft, computes the plan's totals and shows it again to resume", async () => {
    const reference = await start();
    const row = await requestRow(reference);
    const saved = await senco().post(`/funding/${reference}/edit`, draft(row.version));
    expect(saved.location).toBe(`/funding/${reference}/edit?saved=1`);
    const after = await requestRow(reference);
    expect(after.amount_requested_pence).toBe(850_000);
    expect(after.period_start).toBe(START);
    expect(after.financial_year).toBe(FY);
    expect(after.version).toBe(row.version + 1);
    const lines = await t.database.db.selectFrom("funding_request_lines").selectAll().where("funding_request_id", "=", after.id).orderBy("position").execute();
    expect(lines.map((l) => [l.cost_pence, Number(l.hours_per_week), l.weeks])).toEqual([
      [1_200_000, 15, 38],
      [250_050, 1.5, 12],
    ]);
    // Issue 14: the draft is a task list; each section's page shows what it saved.
    expect(mainText((await senco().get(`/funding/${reference}/edit`)).text)).toContain("You have completed 6 of 6 tasks");
    const page = mainText((await senco().get(`/funding/${reference}/edit/plan`)).text);
    expect(page).toContain("total cost £14,500.50");
    expect(page).toContain("you can request up to £8,500.50");
    const html = (await senco().get(`/funding/${reference}/edit/plan`)).text;
    expect(html).toContain('value="Speech and language programme"');
    expect((await senco().get(`/funding/${reference}/edit/evidence`)).text).toContain("We meet this: staff-training");
  });

  // Issue 14: "Save as draft" saves every answer that can be stored, even when others cannot be. An answer that
  // cannot be stored is refused with a field error and keeps its saved value; the rest of the form is saved.
  const badInputs: [string, Record<string, string>, string, string][] = [
    ["a negative amount", { amountRequested: "-500" }, "amountRequested", "Amount requested cannot be negative"],
    ["an absurd amount", { amountRequested: "250000" }, "amountRequested", "must be £200,000 or less"],
    ["letters for an amount", { amountRequested: "lots" }, "amountRequested", "Enter the amount requested in pounds"],
    ["an end before the start", { periodStart: `${FY}-10-01`, periodEnd: `${FY}-09-01` }, "periodEnd", "The end date must be the same as or after the start date"],
    ["a date that does not exist", { periodStart: `${FY}-02-30` }, "periodStart", "must be a real date"],
    ["a pupil from another school", {}, "pupilId", "Select a pupil from your school's register"],
    ["a plan line with impossible weeks", { "lines[1].weeks": "60" }, "lines[1].weeks", "Line 2: weeks must be a whole number from 1 to 52"],
  ];
  it.each(badInputs)("refuses %s with a field error, keeps what was typed, does not store it, and saves the rest", async (_, overrides, field, message) => {
    const reference = await start();
    const before = await requestRow(reference);
    const fields = draft(before.version, overrides);
    if (_ === "a pupil from another school") fields.pupilId = String(riversidePupil);
    const reply = await senco().post(`/funding/${reference}/edit`, fields);
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: /);
    expect(mainText(reply.text)).toContain(message);
    expect(mainText(reply.text)).toContain("What you entered without an error has been saved");
    expect(reply.text).toContain('value="1:1 teaching assistant support"');
    const after = await requestRow(reference);
    expect(after.version).toBe(before.version + 1);
    const lines = await t.database.db.selectFrom("funding_request_lines").selectAll().where("funding_request_id", "=", after.id).orderBy("position").execute();
    // The answer refused is not stored ...
    if (field === "amountRequested") expect(after.amount_requested_pence).toBeNull();
    else expect(after.amount_requested_pence).toBe(850_000);
    if (field.startsWith("period")) expect([after.period_start, after.period_end]).toEqual(field === "periodStart" ? [null, END] : [null, null]);
    else expect([after.period_start, after.period_end]).toEqual([START, END]);
    if (field === "pupilId") expect(after.pupil_id).toBeNull();
    else expect(after.pupil_id).toBe(oakfieldPupil);
    // ... and a plan line keeps every part that can be: line 2's impossible weeks are left empty.
    expect(lines.map((l) => [l.description, l.cost_pence, l.weeks])).toEqual([
      ["1:1 teaching assistant support", 1_200_000, 38],
      ["Speech and language programme", 250_050, field === "lines[1].weeks" ? null : 12],
    ]);
    expect(Object.keys(after.evidence as Record<string, string>)).toHaveLength(HNF_EVIDENCE.length);
  });

  // What can be stored but still stops the request being sent is saved, and said when the SENCO continues.
  const notReady: [string, Record<string, string>, string][] = [
    ["a period crossing financial years", { periodStart: `${FY}-09-01`, periodEnd: `${FY + 1}-06-30` }, "must be within one financial year"],
    ["a plan line without a cost", { "lines[0].cost": "" }, "Line 1: enter the cost in pounds"],
  ];
  it.each(notReady)("saves %s as a draft, and will not continue to check your answers until it is put right", async (_, overrides, message) => {
    const reference = await start();
    const before = await requestRow(reference);
    const saved = await senco().post(`/funding/${reference}/edit`, draft(before.version, overrides));
    expect(saved.location).toBe(`/funding/${reference}/edit?saved=1`);
    const tasks = mainText((await senco().get(`/funding/${reference}/edit`)).text);
    expect(tasks).toContain("In progress");
    expect(tasks).toContain(message);
    const after = await requestRow(reference);
    const reply = await senco().post(`/funding/${reference}/edit`, draft(after.version, overrides, "check"));
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: /);
    expect(mainText(reply.text)).toContain(message);
    expect(reply.text).toContain('value="Speech and language programme"');
    expect((await requestRow(reference)).status).toBe("draft");
  });

  it("will not send a request with a missing checklist answer, or asking for more than the plan less the school's £6,000", async () => {
    const reference = await start();
    let row = await requestRow(reference);
    const missing = await senco().post(`/funding/${reference}/edit`, draft(row.version, { "evidence.lift-advice": "", amountRequested: "9000" }, "check"));
    // The draft is kept, and the problems are shown against their fields.
    expect(missing.status).toBe(400);
    const text = mainText(missing.text);
    expect(text).toContain("Say how the request meets this: LIFT advice has been sought");
    expect(text).toContain("You can request up to £8,500.50: the plan costs £14,500.50 and the school meets the first £6,000");
    const check = mainText((await senco().get(`/funding/${reference}/check`)).text);
    expect(check).toContain("Before you can send this request");
    row = await requestRow(reference);
    const send = await senco().post(`/funding/${reference}/check`, { version: String(row.version) });
    expect(send.status).toBe(409);
    expect((await requestRow(reference)).status).toBe("draft");
  });

  it("asks for a pupil when the scheme needs one, and not when it does not", async () => {
    const reference = await start();
    const row = await requestRow(reference);
    const reply = await senco().post(`/funding/${reference}/edit`, draft(row.version, { pupilId: "" }, "check"));
    expect(mainText(reply.text)).toContain("Select the pupil this request is for");
    const schoolLevel = await start(sisSchemeId);
    const sis = await requestRow(schoolLevel);
    const fields: Record<string, string> = { ...draft(sis.version, {}, "check"), amountRequested: "3000" };
    for (const key of ["need-shown", "core-standards", "outcomes"]) fields[`evidence.${key}`] = "Shown in our provision map";
    const sent = await senco().post(`/funding/${schoolLevel}/edit`, fields);
    expect(sent.location).toBe(`/funding/${schoolLevel}/check`);
    expect((await requestRow(schoolLevel)).pupil_id).toBeNull();
  });
});

describe("the pupils a scheme is for", () => {
  const options = (html: string) => [...html.matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)].map((m) => m[2]!);

  it("offers High Needs Funding (no EHC plan) only pupils on SEN support, and the EHC top-up only pupils with a plan", async () => {
    const hnf = await start(hnfSchemeId);
    const hnfPage = await senco().get(`/funding/${hnf}/edit/pupil`);
    expect(options(hnfPage.text)).toContain("Zara Testwell");
    expect(options(hnfPage.text)).not.toContain("Xavier Planholder");
    // Noah Bennett, Freya Holt and Ava Quinn have EHC plans in the demo register.
    expect(options(hnfPage.text).join(", ")).not.toMatch(/Bennett|Holt|Quinn/);
    expect(mainText(hnfPage.text)).toContain("Pupils on SEN support (K) on your school's register: this scheme is not for pupils with an EHC plan");

    const ehc = await start(ehcSchemeId);
    const ehcPage = await senco().get(`/funding/${ehc}/edit/pupil`);
    expect(options(ehcPage.text)).toContain("Xavier Planholder");
    expect(options(ehcPage.text)).not.toContain("Zara Testwell");
    expect(options(ehcPage.text).join(", ")).toMatch(/Noah Bennett/);
    expect(mainText(ehcPage.text)).toContain("Pupils with an EHC plan (E) on your school's register");
  });

  it("refuses a crafted POST naming a pupil the scheme is not for, with a field error, and does not store the pupil", async () => {
    const hnf = await start(hnfSchemeId);
    const before = await requestRow(hnf);
    const reply = await senco().post(`/funding/${hnf}/edit`, draft(before.version, { pupilId: String(oakfieldPlanPupil) }));
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: /);
    expect(mainText(reply.text)).toContain("This scheme is for pupils on SEN support (K), not pupils with an EHC plan: select another pupil");
    expect(reply.text).toMatch(/href="#[^"]*pupilId"/);
    expect(reply.text).toContain('value="1:1 teaching assistant support"');
    const after = await requestRow(hnf);
    // The rest of the draft is saved (issue 14); the pupil is not.
    expect([after.version, after.pupil_id, after.amount_requested_pence]).toEqual([before.version + 1, null, 850_000]);

    const ehc = await start(ehcSchemeId);
    let ehcRow = await requestRow(ehc);
    const wrong = await senco().post(`/funding/${ehc}/edit`, draft(ehcRow.version, { pupilId: String(oakfieldPupil) }));
    expect(wrong.status).toBe(400);
    expect(mainText(wrong.text)).toContain("This scheme is for pupils with an EHC plan (E): select a pupil who has one");
    expect((await requestRow(ehc)).pupil_id).toBeNull();
    ehcRow = await requestRow(ehc);
    expect((await senco().post(`/funding/${ehc}/edit`, draft(ehcRow.version, { pupilId: String(oakfieldPlanPupil) }))).status).toBe(302);
    expect((await requestRow(ehc)).pupil_id).toBe(oakfieldPlanPupil);
  });

  it("will not send a request whose pupil no longer fits the scheme (the pupil has since been given an EHC plan)", async () => {
    const reference = await start(hnfSchemeId);
    let row = await requestRow(reference);
    const pupil = await pupilAt("990001", "Walter", "Laterplan");
    expect((await senco().post(`/funding/${reference}/edit`, draft(row.version, { pupilId: String(pupil) }))).status).toBe(302);
    await t.database.db.updateTable("pupils").set({ sen_provision: "E" }).where("id", "=", pupil).execute();
    const check = mainText((await senco().get(`/funding/${reference}/check`)).text);
    expect(check).toContain("This scheme is for pupils on SEN support (K), not pupils with an EHC plan: select another pupil");
    row = await requestRow(reference);
    expect((await senco().post(`/funding/${reference}/check`, { version: String(row.version) })).status).toBe(409);
    expect((await requestRow(reference)).status).toBe("draft");
  });
});

describe("sign-off by the headteacher", () => {
  it("sends a complete request to the headteacher, who is told by reference only", async () => {
    const reference = await requestAt("awaiting_headteacher");
    expect((await requestRow(reference)).status).toBe("awaiting_headteacher");
    const notices = await notificationsFor("head@oakfield.example");
    expect(notices.at(-1)).toEqual({ message: `Funding request ${reference} is waiting for your sign-off.`, link: `/funding/${reference}` });
    const emails = await t.database.db.selectFrom("email_outbox").selectAll().where("to_address", "=", "head@oakfield.example").orderBy("id", "desc").limit(1).execute();
    expect(emails[0]!.subject).toContain(reference);
    expect(`${emails[0]!.subject} ${emails[0]!.body}`).not.toMatch(/Zara|Testwell/);
    // The confirmation page shows the reference.
    expect(mainText((await senco().get(`/funding/${reference}?done=sent`)).text)).toContain(`Your reference ${reference}`);
  });

  it("only reaches the council once signed off: the officer cannot see it before", async () => {
    const reference = await requestAt("awaiting_headteacher");
    expect((await officer().get(`/funding/${reference}`)).status).toBe(404);
    const row = await requestRow(reference);
    const signed = await head().post(`/funding/${reference}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: String(row.version), comment: "Agreed with the governors" });
    expect(signed.location).toBe(`/funding/${reference}?done=sign_off`);
    const after = await requestRow(reference);
    expect(after.status).toBe("submitted");
    expect(after.submitted_at).not.toBeNull();
    expect((await officer().get(`/funding/${reference}`)).status).toBe(200);
    expect((await notificationsFor("officer@kent.example")).at(-1)?.link).toBe(`/funding/${reference}`);
  });

  it("returns a request to the SENCO only with a comment, and the SENCO can send it again", async () => {
    const reference = await requestAt("awaiting_headteacher");
    let row = await requestRow(reference);
    const empty = await head().post(`/funding/${reference}/sign-off`, { intent: "return", version: String(row.version), comment: " " });
    expect(empty.status).toBe(400);
    expect(mainText(empty.text)).toContain("Say what needs to change");
    expect((await requestRow(reference)).status).toBe("awaiting_headteacher");
    const returned = await head().post(`/funding/${reference}/sign-off`, { intent: "return", version: String(row.version), comment: "Add the EP report date" });
    expect(returned.status).toBe(302);
    row = await requestRow(reference);
    expect(row.status).toBe("draft");
    expect((await notificationsFor("senco@oakfield.example")).at(-1)?.message).toContain("returned");
    const page = mainText((await senco().get(`/funding/${reference}`)).text);
    expect(page).toContain("Returned to the SENCO by the headteacher");
    expect(page).toContain("Add the EP report date");
    expect((await senco().post(`/funding/${reference}/check`, { version: String(row.version) })).status).toBe(302);
    expect((await requestRow(reference)).status).toBe("awaiting_headteacher");
  });

  it("does not let the SENCO sign off, nor another school's headteacher see it", async () => {
    const reference = await requestAt("awaiting_headteacher");
    const row = await requestRow(reference);
    expect((await senco().post(`/funding/${reference}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: String(row.version) })).status).toBe(404);
    expect((await browsers["head@riverside.example"]!.post(`/funding/${reference}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: String(row.version) })).status).toBe(404);
    expect((await requestRow(reference)).status).toBe("awaiting_headteacher");
  });
});

describe("the council's queue and decisions", () => {
  it("lists requests waiting for a decision, oldest first, without naming pupils, filtered by district and scheme", async () => {
    const reference = await requestAt("submitted");
    const queue = mainText((await officer().get("/funding?district=maidstone")).text);
    expect(queue).toContain(reference);
    expect(queue).toContain("Oakfield Primary School");
    expect(queue).not.toContain("Testwell");
    expect(queue).not.toContain("Riverside Academy");
    const thanet = mainText((await officer().get("/funding?district=thanet")).text);
    expect(thanet).not.toContain(reference);
    expect(thanet).toContain("Riverside Academy");
    const otherScheme = mainText((await officer().get(`/funding?scheme=${sisSchemeId}`)).text);
    expect(otherScheme).not.toContain(reference);
    // Oldest first: the demo's requests, sent days ago, come before the one sent just now.
    const html = (await officer().get("/funding")).text;
    const demoSubmitted = await t.database.db
      .selectFrom("funding_requests")
      .select("reference")
      .where("status", "in", ["submitted", "in_review"])
      .orderBy("submitted_at")
      .executeTakeFirstOrThrow();
    expect(html.indexOf(demoSubmitted.reference)).toBeLessThan(html.indexOf(reference));
    // A school's own list names its pupils.
    expect(mainText((await senco().get("/funding")).text)).toContain("Zara Testwell");
  });

  it("filters the queue by how long a request has waited", async () => {
    const reference = await requestAt("submitted");
    expect(mainText((await officer().get("/funding?age=7")).text)).not.toContain(reference);
    await t.database.db
      .updateTable("funding_requests")
      .set({ submitted_at: new Date(Date.now() - 30 * 86_400_000) })
      .where("reference", "=", reference)
      .execute();
    expect(mainText((await officer().get("/funding?age=28")).text)).toContain(reference);
  });

  it("pages the queue 50 at a time, oldest first (then by reference), and shows the last page for a page past the end", async () => {
    const db = t.database.db;
    // White Cliffs Primary (Dover): a school no other test sends requests from.
    const school = await db.selectFrom("schools").select("id").where("urn", "=", "990018").executeTakeFirstOrThrow();
    const users = await db.selectFrom("users").select(["id", "email"]).where("email", "in", ["senco@oakfield.example", "head@oakfield.example", "officer@kent.example"]).execute();
    const user = (email: string) => users.find((u) => u.email === email)!.id;
    const sentFrom = Date.now() - 200 * 86_400_000;
    // Pairs sent at the same moment: the queue then orders them as they were made.
    const seeds: FundingSeed[] = Array.from({ length: 55 }, (_, i) => ({
      schoolId: school.id,
      schemeId: sisSchemeId,
      schemeCode: "SIS",
      pupilId: null,
      status: "approved",
      sencoId: user("senco@oakfield.example"),
      headId: user("head@oakfield.example"),
      officerId: user("officer@kent.example"),
      periodStart: START,
      periodEnd: END,
      requestedPence: 100_000 + i,
      lines: typicalPlan(100_000 + i),
      evidence: {},
      startedAt: new Date(sentFrom + Math.floor(i / 2) * 3_600_000),
    }));
    await insertFundingRequests(db, seeds);
    const references = (await db.selectFrom("funding_requests").select("reference").where("school_id", "=", school.id).orderBy("id").execute()).map((r) => r.reference);
    expect(references).toHaveLength(55);
    const shown = (text: string) => references.filter((r) => text.includes(r)).sort((a, b) => text.indexOf(a) - text.indexOf(b));

    const first = mainText((await officer().get("/funding?district=dover&status=approved")).text);
    expect(first).toContain("55 requests, oldest first");
    expect(first).toContain("Page 1 of 2");
    expect(shown(first)).toEqual(references.slice(0, 50));
    const second = mainText((await officer().get("/funding?district=dover&status=approved&page=2")).text);
    expect(second).toContain("Page 2 of 2");
    expect(shown(second)).toEqual(references.slice(50));
    const beyond = mainText((await officer().get("/funding?district=dover&status=approved&page=9")).text);
    expect(beyond).toContain("Page 2 of 2");
    expect(shown(beyond)).toEqual(references.slice(50));
  });

  it("keeps every filter as chosen in its page links, an explicit 'Any status' too, so page 2 goes on with the same list", async () => {
    const db = t.database.db;
    // Sevenoaks Weald Primary (Sevenoaks): a district no other test sends requests from.
    const school = await db.selectFrom("schools").select("id").where("name", "=", "Sevenoaks Weald Primary School").executeTakeFirstOrThrow();
    const users = await db.selectFrom("users").select(["id", "email"]).where("email", "in", ["senco@oakfield.example", "head@oakfield.example", "officer@kent.example"]).execute();
    const user = (email: string) => users.find((u) => u.email === email)!.id;
    const statuses = ["submitted", "in_review", "approved", "declined", "withdrawn", "more_information_needed"] as const;
    const seeds: FundingSeed[] = Array.from({ length: 60 }, (_, i) => ({
      schoolId: school.id,
      schemeId: sisSchemeId,
      schemeCode: "SIS",
      pupilId: null,
      status: statuses[i % statuses.length]!,
      sencoId: user("senco@oakfield.example"),
      headId: user("head@oakfield.example"),
      officerId: user("officer@kent.example"),
      periodStart: START,
      periodEnd: END,
      requestedPence: 200_000 + i,
      lines: typicalPlan(200_000 + i),
      evidence: {},
      startedAt: new Date(Date.now() - (100 - i) * 86_400_000),
    }));
    await insertFundingRequests(db, seeds);

    // The queue's filter form, as a browser sends it with "Any status" chosen and every other filter set.
    const form = (await officer().get("/funding?district=sevenoaks")).text;
    const anyStatus = /<option value="([^"]*)">Any status<\/option>/.exec(form)?.[1];
    expect(anyStatus).toBeDefined();
    const chosen = new URLSearchParams({ status: anyStatus!, district: "sevenoaks", scheme: String(sisSchemeId), age: "7" });
    const first = await officer().get(`/funding?${chosen}`);
    expect(mainText(first.text)).toContain("60 requests, oldest first");
    expect(mainText(first.text)).toContain("Page 1 of 2");
    const link = (html: string, label: string) => [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].find((m) => m[2] === label)?.[1]?.replace(/&amp;/g, "&");
    const next = link(first.text, "Next page");
    expect(next).toBeDefined();
    const params = new URLSearchParams(next!.replace(/^\?/, ""));
    expect(Object.fromEntries(params)).toEqual({ status: anyStatus, district: "sevenoaks", scheme: String(sisSchemeId), age: "7", page: "2" });

    const second = await officer().get(`/funding${next}`);
    const text = mainText(second.text);
    expect(text).toContain("60 requests, oldest first");
    expect(text).toContain("Page 2 of 2");
    // The rest of the same list: decided and withdrawn requests too, not only those waiting.
    expect(text).toContain("Withdrawn");
    expect(text).toContain("Approved");
    const previous = link(second.text, "Previous page");
    expect(mainText((await officer().get(`/funding${previous}`)).text)).toContain("60 requests, oldest first");
    // The select shows the choice on every page.
    expect(second.text).toMatch(new RegExp(`<option value="${anyStatus}" selected="">Any status</option>`));
  });

  it("audits an officer's view of a request, of the pupil in it and of the pupil's LIFT support shown with it", async () => {
    const reference = await requestAt("submitted");
    const row = await requestRow(reference);
    const page = mainText((await officer().get(`/funding/${reference}`)).text);
    expect(page).toContain("Zara Testwell");
    const audits = await t.database.db
      .selectFrom("audit_events")
      .select(["action", "subject_id", "actor_role", "detail"])
      .where("action", "in", ["funding_request.view", "pupil.view"])
      .orderBy("id", "desc")
      .limit(3)
      .execute();
    expect(audits.map((a) => [a.action, a.subject_id, a.actor_role]).sort()).toEqual(
      [
        ["funding_request.view", String(row.id), "council_officer"],
        ["pupil.view", String(oakfieldPupil), "council_officer"],
        ["pupil.view", String(oakfieldPupil), "council_officer"],
      ].sort(),
    );
    expect(audits.filter((a) => JSON.stringify(a.detail).includes("lift_support"))).toHaveLength(1);
    expect(JSON.stringify(audits.map((a) => a.detail))).not.toMatch(/Zara|Testwell/);
  });

  it("asks the school for more information with a comment; the school updates and sends it again", async () => {
    const reference = await requestAt("in_review");
    let row = await requestRow(reference);
    expect((await officer().post(`/funding/${reference}`, { intent: "more_information", version: String(row.version), comment: "" })).status).toBe(400);
    const asked = await officer().post(`/funding/${reference}`, { intent: "more_information", version: String(row.version), comment: "Please attach the LIFT notes" });
    expect(asked.status).toBe(302);
    row = await requestRow(reference);
    expect(row.status).toBe("more_information_needed");
    expect((await notificationsFor("senco@oakfield.example")).at(-1)?.message).toContain("more information");
    expect((await senco().post(`/funding/${reference}/edit`, draft(row.version, { "evidence.lift-advice": "LIFT met on 3 March" }))).status).toBe(302);
    row = await requestRow(reference);
    expect((await senco().post(`/funding/${reference}/check`, { version: String(row.version) })).status).toBe(302);
    row = await requestRow(reference);
    expect(row.status).toBe("awaiting_headteacher");
    expect((await head().post(`/funding/${reference}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: String(row.version) })).status).toBe(302);
    expect((await requestRow(reference)).status).toBe("submitted");
  });

  it("refuses decisions from school staff however the POST is made, and changes nothing", async () => {
    const reference = await requestAt("submitted");
    const row = await requestRow(reference);
    const decision = { version: String(row.version), outcome: "approved", awarded: "8500", reasonId: "", reasonText: "" };
    for (const who of ["senco@oakfield.example", "head@oakfield.example"]) {
      expect((await browsers[who]!.post(`/funding/${reference}/decide`, decision)).status).toBe(404);
      expect((await browsers[who]!.post(`/funding/${reference}`, { intent: "start_review", version: String(row.version) })).status).toBe(404);
      expect((await browsers[who]!.post(`/funding/${reference}`, { ...decision, intent: "decide", status: "approved", awarded_pence: "850000" })).status).toBe(404);
    }
    const after = await requestRow(reference);
    expect(after.status).toBe("submitted");
    expect(after.version).toBe(row.version);
    expect(after.awarded_pence).toBeNull();
  });

  it("explains each problem with a decision and records nothing", async () => {
    const reference = await requestAt("in_review");
    const row = await requestRow(reference);
    const base = { version: String(row.version), awarded: "", awardStart: "", awardEnd: "", reasonId: "", reasonText: "" };
    const cases: [Record<string, string>, string][] = [
      [{}, "Select a decision"],
      [{ outcome: "partly_approved", awarded: "4000" }, "Select the reason for this decision"],
      [{ outcome: "partly_approved", awarded: "9000", reasonId: String(reasonId) }, "A partial award must be less than the £8,500.00 requested"],
      [{ outcome: "partly_approved", awarded: "-1", reasonId: String(reasonId) }, "Amount awarded cannot be negative"],
      [{ outcome: "approved", awarded: "5000" }, "for less, choose partly approved"],
      [{ outcome: "declined" }, "Select the reason for this decision"],
      [{ outcome: "approved", awardStart: `${FY}-09-01`, awardEnd: `${FY + 1}-09-01` }, "must be within one financial year"],
    ];
    for (const [fields, message] of cases) {
      const reply = await officer().post(`/funding/${reference}/decide`, { ...base, ...fields });
      expect(reply.status, message).toBe(400);
      expect(mainText(reply.text), message).toContain(message);
    }
    const after = await requestRow(reference);
    expect(after.status).toBe("in_review");
    expect(after.version).toBe(row.version);
    expect(await t.database.db.selectFrom("funding_decisions").select("id").where("funding_request_id", "=", row.id).execute()).toHaveLength(0);
  });

  it("records a partial award with its reason, tells the school, and shows it in the timeline", async () => {
    const reference = await requestAt("in_review");
    const row = await requestRow(reference);
    const reply = await officer().post(`/funding/${reference}/decide`, {
      version: String(row.version),
      outcome: "partly_approved",
      awarded: "6000",
      awardStart: `${FY}-10-01`,
      awardEnd: END,
      reasonId: String(reasonId),
      reasonText: "Speech therapy is funded by health",
    });
    expect(reply.location).toBe(`/funding/${reference}/decided`);
    const after = await requestRow(reference);
    expect([after.status, after.awarded_pence, after.award_start, after.award_end]).toEqual(["partly_approved", 600_000, `${FY}-10-01`, END]);
    expect((await notificationsFor("head@oakfield.example")).at(-1)?.message).toBe(`Funding request ${reference} was partly approved by the council.`);
    const page = mainText((await head().get(`/funding/${reference}`)).text);
    expect(page).toContain("Partly approved");
    expect(page).toContain("£6,000.00");
    expect(page).toContain("Speech therapy is funded by health");
    const actions = (await eventsOf(reference)).map((e) => e.action);
    expect(actions).toEqual(["created", "sent_to_headteacher", "signed_off", "review_started", "decided"]);
  });

  it("lets one of two officers deciding at once win; the other is told it changed", async () => {
    const reference = await requestAt("submitted");
    const row = await requestRow(reference);
    // A second officer, deciding the same request at the same moment as the first.
    const db = t.database.db;
    const first = await db.selectFrom("users").select("password_hash").where("email", "=", "officer@kent.example").executeTakeFirstOrThrow();
    const colleague = await db
      .insertInto("users")
      .values({ email: `officer2-${Date.now()}@kent.example`, display_name: "Second Officer", password_hash: first.password_hash })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    await db.insertInto("memberships").values({ user_id: colleague.id, role: "council_officer", school_id: null, district_id: null }).execute();
    const second = new Browser(t.app.baseUrl);
    await second.signIn(colleague.email);
    const decision = (outcome: string) => ({ version: String(row.version), outcome, awarded: "", awardStart: "", awardEnd: "", reasonId: String(reasonId), reasonText: "" });
    const [a, b] = await Promise.all([officer().post(`/funding/${reference}/decide`, decision("approved")), second.post(`/funding/${reference}/decide`, decision("declined"))]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([302, 409]);
    const loser = a.status === 409 ? a : b;
    expect(mainText(loser.text)).toContain("Someone else changed this record");
    expect(await t.database.db.selectFrom("funding_decisions").select("id").where("funding_request_id", "=", row.id).execute()).toHaveLength(1);
  });

  it("treats the same decision sent twice as one", async () => {
    const reference = await requestAt("submitted");
    const row = await requestRow(reference);
    const decision = { version: String(row.version), outcome: "approved", awarded: "", awardStart: "", awardEnd: "", reasonId: "", reasonText: "" };
    expect((await officer().post(`/funding/${reference}/decide`, decision)).status).toBe(302);
    expect((await officer().post(`/funding/${reference}/decide`, decision)).status).toBe(302);
    expect(await t.database.db.selectFrom("funding_decisions").select("id").where("funding_request_id", "=", row.id).execute()).toHaveLength(1);
    expect((await eventsOf(reference)).filter((e) => e.action === "decided")).toHaveLength(1);
  });

  it("corrects a decision only as a new recorded decision with a reason; the first is kept and cannot be changed", async () => {
    const reference = await requestAt("submitted");
    let row = await requestRow(reference);
    await officer().post(`/funding/${reference}/decide`, { version: String(row.version), outcome: "approved", awarded: "", reasonId: "", reasonText: "" });
    row = await requestRow(reference);
    expect(row.status).toBe("approved");
    const silent = await officer().post(`/funding/${reference}/decide`, { version: String(row.version), outcome: "partly_approved", awarded: "5000", reasonId: String(reasonId), reasonText: "" });
    expect(silent.status).toBe(400);
    expect(mainText(silent.text)).toContain("Say why the earlier decision is being corrected");
    const corrected = await officer().post(`/funding/${reference}/decide`, {
      version: String(row.version),
      outcome: "partly_approved",
      awarded: "5000",
      reasonId: String(reasonId),
      reasonText: "The first decision missed that the therapy is funded by health",
    });
    expect(corrected.status).toBe(302);
    const decisions = await t.database.db.selectFrom("funding_decisions").selectAll().where("funding_request_id", "=", row.id).orderBy("id").execute();
    expect(decisions.map((d) => [d.outcome, d.awarded_pence])).toEqual([
      ["approved", 850_000],
      ["partly_approved", 500_000],
    ]);
    expect(decisions[1]!.corrects_decision_id).toBe(decisions[0]!.id);
    expect((await requestRow(reference)).awarded_pence).toBe(500_000);
    expect((await eventsOf(reference)).at(-1)?.action).toBe("corrected");
    await expect(t.database.db.updateTable("funding_decisions").set({ awarded_pence: 1 }).where("id", "=", decisions[0]!.id).execute()).rejects.toThrow(/append-only/);
    expect(mainText((await senco().get(`/funding/${reference}`)).text)).toContain("Decision corrected");
  });
});

describe("withdrawing", () => {
  it("lets the school withdraw before a decision, telling the council if it had the request", async () => {
    const reference = await requestAt("in_review");
    const row = await requestRow(reference);
    const reply = await senco().post(`/funding/${reference}`, { intent: "withdraw", version: String(row.version), comment: "Needs now met in school" });
    expect(reply.location).toBe(`/funding?withdrawn=${reference}`);
    expect((await requestRow(reference)).status).toBe("withdrawn");
    expect((await notificationsFor("officer@kent.example")).at(-1)?.message).toBe(`Funding request ${reference} has been withdrawn by the school.`);
  });

  it("refuses to withdraw after a decision", async () => {
    const reference = await requestAt("submitted");
    let row = await requestRow(reference);
    await officer().post(`/funding/${reference}/decide`, { version: String(row.version), outcome: "approved", reasonId: "", reasonText: "" });
    row = await requestRow(reference);
    const reply = await head().post(`/funding/${reference}`, { intent: "withdraw", version: String(row.version), comment: "" });
    expect(reply.status).toBe(409);
    expect(mainText(reply.text)).toContain("This request is now approved, so that cannot be done");
    expect((await requestRow(reference)).status).toBe("approved");
  });

  it("puts \"Error:\" in the title of a refused step, as on every other page", async () => {
    const reference = await requestAt("submitted");
    let row = await requestRow(reference);
    await officer().post(`/funding/${reference}/decide`, { version: String(row.version), outcome: "approved", reasonId: "", reasonText: "" });
    row = await requestRow(reference);
    const reply = await head().post(`/funding/${reference}`, { intent: "withdraw", version: String(row.version), comment: "" });
    expect(reply.status).toBe(409);
    expect(title(reply.text)).toBe(`Error: ${reference} - Kent SEND Inclusion Portal`);
  });

  it("asks first: the Withdraw link draws a confirm step saying what will happen, and looking at it changes nothing", async () => {
    const reference = await requestAt("in_review");
    const before = await requestRow(reference);
    const eventsBefore = (await eventsOf(reference)).length;
    const page = await senco().get(`/funding/${reference}`);
    expect(page.text).toContain(`href="/funding/${reference}?confirm=withdraw#confirm"`);
    expect(mainText(page.text)).not.toContain("Are you sure");
    // Withdrawing is one choice behind a link, not a form on the page itself.
    expect(page.text).not.toContain("Yes, withdraw this request");

    const confirm = await senco().get(`/funding/${reference}?confirm=withdraw`);
    expect(confirm.status).toBe(200);
    const text = mainText(confirm.text);
    expect(text).toContain(`Are you sure you want to withdraw ${reference}?`);
    expect(text).toContain("It will stay on record, with its timeline, but it cannot be sent or decided after this.");
    expect(text).toContain("The council will be told that it has been withdrawn.");
    expect(text).toContain("Why it is being withdrawn (optional)");
    expect(confirm.text).toMatch(/<button[^>]*>Yes, withdraw this request<\/button>/);
    expect(confirm.text).toContain(`<a href="/funding/${reference}" class="mb-8">No, go back</a>`);
    expect(confirm.text).toContain('name="intent" value="withdraw"');
    expect(confirm.text).toContain(`name="version" value="${before.version}"`);

    const after = await requestRow(reference);
    expect({ status: after.status, version: after.version }).toEqual({ status: "in_review", version: before.version });
    expect(await eventsOf(reference)).toHaveLength(eventsBefore);
  });

  it("says nobody else is told when the council is not waiting for the request", async () => {
    const reference = await start();
    const text = mainText((await senco().get(`/funding/${reference}?confirm=withdraw`)).text);
    expect(text).toContain(`Are you sure you want to withdraw ${reference}?`);
    expect(text).toContain("Nobody else will be told: the council is not waiting to decide it.");
  });

  it("draws no confirm step for someone who may not withdraw, or a request that can no longer be withdrawn", async () => {
    const reference = await requestAt("submitted");
    expect(mainText((await officer().get(`/funding/${reference}?confirm=withdraw`)).text)).not.toContain("Are you sure");
    const row = await requestRow(reference);
    await officer().post(`/funding/${reference}/decide`, { version: String(row.version), outcome: "approved", reasonId: "", reasonText: "" });
    const decided = await senco().get(`/funding/${reference}?confirm=withdraw`);
    expect(decided.status).toBe(200);
    expect(mainText(decided.text)).not.toContain("Are you sure");
    expect(decided.text).not.toContain("?confirm=withdraw");
  });

  it("keeps the reason typed in the confirm step when it is refused, then withdraws once confirmed", async () => {
    const reference = await requestAt("submitted");
    const row = await requestRow(reference);
    const tooLong = "Needs met in school. ".repeat(100).trim();
    const refused = await senco().post(`/funding/${reference}?confirm=withdraw`, { intent: "withdraw", version: String(row.version), comment: tooLong });
    expect(refused.status).toBe(400);
    expect(title(refused.text)).toMatch(/^Error: /);
    const text = mainText(refused.text);
    expect(text).toContain("There is a problem");
    expect(text).toContain("Comments must be 2,000 characters or fewer");
    expect(text).toContain(`Are you sure you want to withdraw ${reference}?`);
    expect(refused.text).toContain(`>${tooLong}</textarea>`);
    expect((await requestRow(reference)).status).toBe("submitted");

    const done = await senco().post(`/funding/${reference}?confirm=withdraw`, { intent: "withdraw", version: String(row.version), comment: "Needs met in school" });
    expect(done.location).toBe(`/funding?withdrawn=${reference}`);
    expect((await requestRow(reference)).status).toBe("withdrawn");
    expect((await eventsOf(reference)).at(-1)).toMatchObject({ action: "withdrawn", comment: "Needs met in school" });
  });

  it("keeps a stale form from overwriting a newer change", async () => {
    const reference = await start();
    const row = await requestRow(reference);
    expect((await senco().post(`/funding/${reference}/edit`, draft(row.version))).status).toBe(302);
    const stale = await senco().post(`/funding/${reference}/edit`, draft(row.version, { amountRequested: "100" }));
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record");
    expect((await requestRow(reference)).amount_requested_pence).toBe(850_000);
  });
});

describe("home pages", () => {
  it("tell the school and the council what funding work is waiting, with the same counts as the lists", async () => {
    const db = t.database.db;
    const school = await db.selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow();
    const count = async (statuses: string[], schoolId?: number) => {
      let query = db.selectFrom("funding_requests").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "in", statuses);
      if (schoolId) query = query.where("school_id", "=", schoolId);
      return Number((await query.executeTakeFirstOrThrow()).n);
    };
    const requests = (n: number) => `${n} ${n === 1 ? "request" : "requests"}`;
    const drafts = await count(["draft"], school.id);
    const home = await senco().get("/home");
    expect(home.text).toContain(`<a href="/funding?status=draft">${requests(drafts)}</a>`);
    const waiting = await count(["submitted", "in_review"]);
    expect(mainText((await officer().get("/home")).text)).toContain(`Funding requests waiting for a decision ${requests(waiting)}, the oldest waiting`);
    const list = mainText((await senco().get("/funding?status=draft")).text);
    expect(list).toContain(requests(drafts));
  });
});
