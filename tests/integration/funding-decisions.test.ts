import { beforeAll, describe, expect, it } from "vitest";
import { type FundingSeed, insertFundingRequests, typicalPlan } from "../../db/seed/funding.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { reviewDueDates } from "../../app/domain/funding/reviews.rules.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { pdfText } from "../setup/pdf-text.ts";

// Issue 8, decisions: the check page before a decision, the period rule, the next request in the queue; decision
// letters (page and PDF, naming the pupil only to the school, audited); an award's reviews; resending a failed email.

const t = seededApp();
const browsers: Record<string, Browser> = {};
const as = (email: string) => browsers[email]!;
const officer = () => as("officer@kent.example");
const senco = () => as("senco@oakfield.example");
let ids: { oakfield: number; hnf: number; reason: number; pupil: number; senco: number; head: number; officer: number };
let pupilName: string;

const FY = Number(londonToday().slice(0, 4)) - (Number(londonToday().slice(5, 7)) >= 4 ? 0 : 1);
const START = `${FY}-09-01`;
const END = `${FY + 1}-03-31`;
const parts = (iso: string) => ({ day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) });
const dateFields = (name: string, iso: string) => Object.fromEntries(Object.entries(parts(iso)).map(([k, v]) => [`${name}.${k}`, v]));

const db = () => t.database.db;

/** A fresh request of Oakfield's waiting for the council (submitted), for £8,500 over START..END. */
async function submitted(daysAgo = 400, pupilId = ids.pupil): Promise<string> {
  const before = await db().selectFrom("funding_requests").select("id").execute();
  const seed: FundingSeed = {
    schoolId: ids.oakfield,
    schemeId: ids.hnf,
    schemeCode: "HNF",
    pupilId,
    status: "submitted",
    sencoId: ids.senco,
    headId: ids.head,
    officerId: ids.officer,
    periodStart: START,
    periodEnd: END,
    requestedPence: 850_000,
    lines: typicalPlan(1_450_000),
    evidence: {},
    startedAt: new Date(Date.now() - daysAgo * 86_400_000),
  };
  await insertFundingRequests(db(), [seed]);
  const row = await db().selectFrom("funding_requests").select("reference").where("id", "not in", before.length ? before.map((r) => r.id) : [0]).executeTakeFirstOrThrow();
  return row.reference;
}

const requestRow = (reference: string) => db().selectFrom("funding_requests").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
const decisionsOf = async (reference: string) =>
  db().selectFrom("funding_decisions").selectAll().where("funding_request_id", "=", (await requestRow(reference)).id).orderBy("id").execute();
const reviewsOf = async (reference: string) =>
  db().selectFrom("funding_reviews").selectAll().where("funding_request_id", "=", (await requestRow(reference)).id).orderBy("id").execute();
const auditCount = async (action: string) => Number((await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", action).executeTakeFirstOrThrow()).n);

async function decisionForm(reference: string, fields: Record<string, string>) {
  const row = await requestRow(reference);
  return { version: String(row.version), outcome: "approved", awarded: "", ...dateFields("awardStart", START), ...dateFields("awardEnd", END), reasonId: "", reasonText: "", periodReason: "", ...fields };
}

/** Decides through the check page and the confirm, as the officer's browser does. */
async function decideThroughCheck(reference: string, fields: Record<string, string>) {
  const form = await decisionForm(reference, fields);
  const check = await officer().post(`/funding/${reference}/decide`, { ...form, intent: "check" });
  expect(check.status, mainText(check.text)).toBe(200);
  const confirm = await officer().post(`/funding/${reference}/decide`, { ...form, intent: "confirm" });
  expect(confirm.status, mainText(confirm.text)).toBe(302);
  return confirm;
}

beforeAll(async () => {
  for (const email of ["senco@oakfield.example", "head@oakfield.example", "officer@kent.example", "senco@riverside.example", "admin@kent.example"]) {
    browsers[email] = new Browser(t.app.baseUrl);
    await browsers[email].signIn(email);
  }
  const user = async (email: string) => (await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const oakfield = (await db().selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow()).id;
  const pupil = await db().selectFrom("pupils").select(["id", "first_name", "last_name"]).where("school_id", "=", oakfield).where("sen_provision", "=", "K").where("date_left", "is", null).orderBy("id").executeTakeFirstOrThrow();
  pupilName = `${pupil.first_name} ${pupil.last_name}`;
  ids = {
    oakfield,
    hnf: (await db().selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow()).id,
    reason: (await db().selectFrom("decision_reasons").select("id").orderBy("sort_order").executeTakeFirstOrThrow()).id,
    pupil: pupil.id,
    senco: await user("senco@oakfield.example"),
    head: await user("head@oakfield.example"),
    officer: await user("officer@kent.example"),
  };
});

describe("the check page before a decision", () => {
  it("shows what will be recorded and records nothing; confirming the same fields records it once; Change keeps what was typed", async () => {
    const reference = await submitted();
    const form = await decisionForm(reference, { outcome: "partly_approved", awarded: "6,000", reasonId: String(ids.reason), reasonText: "Half-termly <b>review</b> & “quotes”" });
    const before = await requestRow(reference);
    const check = await officer().post(`/funding/${reference}/decide`, { ...form, intent: "check" });
    expect(check.status).toBe(200);
    const text = mainText(check.text);
    expect(text).toContain("Check your decision before recording it");
    expect(text).toContain("Partly approved");
    expect(text).toContain("£6,000.00");
    expect(text).toContain(`1 September ${FY} to 31 March ${FY + 1}`);
    expect(check.text).not.toContain("<b>review</b>");
    expect(title(check.text)).not.toMatch(/^Error/);
    // Nothing recorded by the check.
    expect((await requestRow(reference)).version).toBe(before.version);
    expect(await decisionsOf(reference)).toHaveLength(0);
    // The confirm form carries what was typed, the version the form was drawn with among it.
    expect(check.text).toContain(`name="version" value="${before.version}"`);
    expect(check.text).toContain('name="awarded" value="6,000"');

    const change = await officer().post(`/funding/${reference}/decide`, { ...form, intent: "change" });
    expect(change.status).toBe(200);
    expect(mainText(change.text)).toContain("Record a decision");
    expect(change.text).toContain('value="6,000"');
    expect(change.text).toContain("Half-termly &lt;b&gt;review&lt;/b&gt;");

    const confirm = await officer().post(`/funding/${reference}/decide`, { ...form, intent: "confirm" });
    expect(confirm.status).toBe(302);
    expect(confirm.location).toBe(`/funding/${reference}/decided`);
    // Sent twice: counted once.
    expect((await officer().post(`/funding/${reference}/decide`, { ...form, intent: "confirm" })).status).toBe(302);
    const decisions = await decisionsOf(reference);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.awarded_pence).toBe(600_000);
    expect((await requestRow(reference)).status).toBe("partly_approved");
  });

  it("refuses a stale check and a stale confirm, saying what changed, and records nothing more", async () => {
    const reference = await submitted();
    const form = await decisionForm(reference, {});
    await decideThroughCheck(reference, { outcome: "declined", reasonId: String(ids.reason) });
    const check = await officer().post(`/funding/${reference}/decide`, { ...form, intent: "check" });
    expect(check.status).toBe(409);
    expect(mainText(check.text)).toContain("Someone else changed this record while you were working on it: it was declined");
    const confirm = await officer().post(`/funding/${reference}/decide`, { ...form, intent: "confirm" });
    expect(confirm.status).toBe(409);
    expect(await decisionsOf(reference)).toHaveLength(1);
  });

  it("refuses the check and the decision with the same messages, and an unknown intent", async () => {
    const reference = await submitted();
    for (const intent of ["check", "confirm"]) {
      const reply = await officer().post(`/funding/${reference}/decide`, { ...(await decisionForm(reference, { outcome: "partly_approved", awarded: "9000" })), intent });
      expect(reply.status, intent).toBe(400);
      expect(mainText(reply.text)).toContain("A partial award must be less than the £8,500.00 requested");
      expect(mainText(reply.text)).toContain("Select the reason for this decision");
      expect(title(reply.text)).toMatch(/^Error: /);
    }
    expect((await officer().post(`/funding/${reference}/decide`, { ...(await decisionForm(reference, {})), intent: "delete" })).status).toBe(400);
    expect(await decisionsOf(reference)).toHaveLength(0);
  });

  it("asks why when the award period goes outside the period requested, and records the reason with the decision", async () => {
    const reference = await submitted();
    const early = { ...dateFields("awardStart", `${FY}-08-01`) };
    for (const intent of ["check", "confirm"]) {
      const reply = await officer().post(`/funding/${reference}/decide`, { ...(await decisionForm(reference, early)), intent });
      expect(reply.status).toBe(400);
      expect(mainText(reply.text)).toContain(`The award period goes outside the period requested (1 September ${FY} to 31 March ${FY + 1}): say why`);
    }
    const why = "The pupil joined in August and support began at the summer school.";
    const check = await officer().post(`/funding/${reference}/decide`, { ...(await decisionForm(reference, { ...early, periodReason: why })), intent: "check" });
    expect(mainText(check.text)).toContain("Outside the period requested");
    expect(mainText(check.text)).toContain(why);
    await decideThroughCheck(reference, { ...early, periodReason: why });
    const [decision] = await decisionsOf(reference);
    expect(decision!.award_start).toBe(`${FY}-08-01`);
    expect(decision!.period_reason).toBe(why);
    // Inside the period requested, a reason typed anyway is not kept: it would explain nothing.
    const inside = await submitted();
    await decideThroughCheck(inside, { ...dateFields("awardStart", `${FY}-10-01`), periodReason: "Not needed" });
    expect((await decisionsOf(inside))[0]!.period_reason).toBeNull();
    // Over 2,000 characters: refused, nothing recorded.
    const long = await submitted();
    const reply = await officer().post(`/funding/${long}/decide`, { ...(await decisionForm(long, { ...early, periodReason: "x".repeat(2001) })), intent: "confirm" });
    expect(reply.status).toBe(400);
    expect(await decisionsOf(long)).toHaveLength(0);
  });

  it("ends on a confirmation with the most urgent other request waiting in the officer's queue (due soonest, then oldest)", async () => {
    const reference = await submitted(1);
    await decideThroughCheck(reference, {});
    const waiting = await db()
      .selectFrom("funding_requests")
      .select("reference")
      .where("status", "in", ["submitted", "in_review"])
      .where("submitted_at", "is not", null)
      .orderBy("due_on", (ob) => ob.asc().nullsLast())
      .orderBy("submitted_at")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const page = await officer().get(`/funding/${reference}/decided`);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("Decision recorded");
    expect(page.text).toContain(`href="/funding/${waiting.reference}/decide"`);
    expect(mainText(page.text)).toContain(`Next request in your queue: ${waiting.reference}`);
    // Not decided yet, or not a reference: 404.
    expect((await officer().get(`/funding/${await submitted()}/decided`)).status).toBe(404);
    expect((await senco().get(`/funding/${reference}/decided`)).status).toBe(404);
  });
});

describe("decision letters", () => {
  it("names the pupil to the school only, gives the monthly payments and how to ask for a review, and audits every view and download", async () => {
    const reference = await submitted();
    await decideThroughCheck(reference, { outcome: "partly_approved", awarded: "7000", reasonId: String(ids.reason), reasonText: "Funded for the spring term’s plan." });
    const school = await senco().get(`/funding/${reference}/letter`);
    expect(school.status).toBe(200);
    const text = mainText(school.text);
    expect(text).toContain(pupilName);
    expect(text).toContain("Oakfield Primary School");
    expect(text).toContain(reference);
    expect(text).toContain("£7,000.00");
    // £7,000 over 7 months: 7 payments of £1,000.
    expect(text).toContain("7 monthly payments of £1,000.00");
    expect(text).toContain("Funded for the spring term’s plan.");
    expect(text).toContain("How to ask for a review of this decision");
    const views = await auditCount("funding_decision.letter_view");
    const council = await officer().get(`/funding/${reference}/letter`);
    expect(council.status).toBe(200);
    expect(mainText(council.text)).not.toContain(pupilName);
    expect(await auditCount("funding_decision.letter_view")).toBe(views + 1);

    const downloads = await auditCount("funding_decision.letter_download");
    const pdf = await fetch(`${t.app.baseUrl}/funding/${reference}/letter.pdf`, { headers: { Cookie: [...senco().cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="decision-letter-${reference}-\\d+\\.pdf"$`));
    expect(pdf.headers.get("x-content-type-options")).toBe("nosniff");
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(await auditCount("funding_decision.letter_download")).toBe(downloads + 1);
  });

  it("downloads as a PDF that draws names beyond Windows-1252 (the served build finds its font), naming the pupil to the school only", async () => {
    const pupil = await db()
      .insertInto("pupils")
      .values({ school_id: ids.oakfield, first_name: "Łucja", last_name: "Wójcik-Öztürk", date_of_birth: "2016-03-09", upn: null, year_group: "5", sen_provision: "K", primary_need: "SLCN", date_added: "2023-09-01" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const reference = await submitted(400, pupil.id);
    const reasonText = "Funded as agreed with Дарина Ковальчук (parent) and Ελένη Παπαδοπούλου (educational psychologist).";
    await decideThroughCheck(reference, { outcome: "partly_approved", awarded: "7000", reasonId: String(ids.reason), reasonText });
    const pdfOf = async (browser: Browser) => {
      const response = await fetch(`${t.app.baseUrl}/funding/${reference}/letter.pdf`, { headers: { Cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
      expect(response.status).toBe(200);
      // Lines wrapped as the page wraps them, read as one run of words.
      return (await pdfText(new Uint8Array(await response.arrayBuffer()))).replace(/\s+/g, " ");
    };
    const school = await pdfOf(senco());
    expect(school).toContain("Pupil: Łucja Wójcik-Öztürk");
    expect(school).toContain(reasonText);
    expect(school).toContain("Amount awarded: £7,000.00");
    const council = await pdfOf(officer());
    expect(council).toContain(reasonText);
    expect(council).not.toContain("Łucja");
  });

  it("keeps a letter for each decision, and answers another school, a missing decision and a request not decided with 404", async () => {
    const reference = await submitted();
    await decideThroughCheck(reference, {});
    await decideThroughCheck(reference, { outcome: "declined", reasonId: String(ids.reason), reasonText: "Corrected: the pupil has moved school." });
    const [first, second] = await decisionsOf(reference);
    const earlier = await officer().get(`/funding/${reference}/letter?decision=${first!.id}`);
    expect(mainText(earlier.text)).toContain("A later decision has replaced this one.");
    expect(mainText(earlier.text)).toContain("Approved");
    const latest = await officer().get(`/funding/${reference}/letter`);
    expect(mainText(latest.text)).toContain("This letter corrects an earlier decision");
    expect(mainText(latest.text)).toContain("Declined");
    expect(latest.text).toContain(`letter.pdf?decision=${second!.id}`);
    for (const [who, path] of [
      ["senco@riverside.example", `/funding/${reference}/letter`],
      ["senco@riverside.example", `/funding/${reference}/letter.pdf`],
      ["officer@kent.example", `/funding/${reference}/letter?decision=999999`],
      ["officer@kent.example", `/funding/${reference}/letter?decision=1e3`],
      ["officer@kent.example", `/funding/${await submitted()}/letter`],
      ["officer@kent.example", `/funding/${reference}/letter.pdf?decision=-1`],
    ] as const) {
      expect((await as(who).get(path)).status, `${who} ${path}`).toBe(404);
    }
    // Another request's decision by id, through this request's address: 404 as well.
    const other = await submitted();
    await decideThroughCheck(other, {});
    expect((await officer().get(`/funding/${reference}/letter?decision=${(await decisionsOf(other))[0]!.id}`)).status).toBe(404);
  });
});

describe("an award's reviews", () => {
  it("spreads the scheme's reviews over the award period, and a correction replaces those not yet recorded", async () => {
    expect(reviewDueDates(`${FY}-09-01`, `${FY + 1}-03-31`, 3)).toEqual([`${FY}-12-15`, `${FY + 1}-03-31`]);
    expect(reviewDueDates(`${FY}-04-01`, `${FY + 1}-03-31`, 3)).toEqual([`${FY}-07-31`, `${FY}-11-29`, `${FY + 1}-03-31`]);
    expect(reviewDueDates(`${FY}-04-01`, `${FY}-04-30`, 3)).toEqual([`${FY}-04-30`]);
    expect(reviewDueDates(`${FY}-04-01`, `${FY + 1}-03-31`, 0)).toEqual([]);
    const reference = await submitted();
    await decideThroughCheck(reference, {});
    expect((await reviewsOf(reference)).map((r) => [r.number, r.due_on, r.status])).toEqual([
      [1, `${FY}-12-15`, "due"],
      [2, `${FY + 1}-03-31`, "due"],
    ]);
    // The scheme sets how many: six a year gives four over seven months.
    await db().updateTable("funding_schemes").set({ reviews_per_year: 6 }).where("id", "=", ids.hnf).execute();
    try {
      await decideThroughCheck(reference, { ...dateFields("awardEnd", `${FY + 1}-02-28`), reasonText: "Corrected: ends at February half term." });
      const reviews = await reviewsOf(reference);
      expect(reviews.filter((r) => r.status === "superseded")).toHaveLength(2);
      expect(reviews.filter((r) => r.status === "due").map((r) => r.due_on)).toEqual(reviewDueDates(START, `${FY + 1}-02-28`, 6));
      // Declined on correction: no reviews are due.
      await decideThroughCheck(reference, { outcome: "declined", reasonId: String(ids.reason), reasonText: "Corrected: declined." });
      expect((await reviewsOf(reference)).filter((r) => r.status === "due")).toHaveLength(0);
    } finally {
      await db().updateTable("funding_schemes").set({ reviews_per_year: 3 }).where("id", "=", ids.hnf).execute();
    }
  });

  it("lets the school's SENCO record a review once; a resend counts once, a stale one is refused, nobody else may", async () => {
    const reference = await submitted();
    await decideThroughCheck(reference, {});
    const [review] = await reviewsOf(reference);
    const path = `/funding/reviews/${review!.id}`;
    const form = { version: String(review!.version), progress: "Reads at age level; “Zoë’s” group <script>", provisionContinues: "yes", changes: "" };
    for (const who of ["senco@riverside.example"]) expect((await as(who).post(path, form)).status).toBe(404);
    expect((await as("senco@riverside.example").get(path)).status).toBe(404);
    expect((await as("head@oakfield.example").post(path, form)).status).toBe(404);
    expect((await officer().post(path, form)).status).toBe(404);
    // Too long, or missing answers: refused with what was typed.
    const long = await senco().post(path, { ...form, progress: "x".repeat(4001) });
    expect(long.status).toBe(400);
    expect(mainText(long.text)).toContain("Progress must be 4,000 characters or fewer");
    const empty = await senco().post(path, { version: form.version, progress: " ", changes: "kept" });
    expect(empty.status).toBe(400);
    expect(mainText(empty.text)).toContain("Say whether the provision continues");
    expect(empty.text).toContain(">kept</textarea>");

    const recorded = await senco().post(path, form);
    expect(recorded.status).toBe(302);
    expect(recorded.location).toBe(`${path}?done=recorded`);
    expect((await senco().post(path, form)).status).toBe(302);
    const stale = await senco().post(path, { ...form, provisionContinues: "no" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain(`Someone else changed this record while you were working on it: review 1 of ${reference} was recorded`);
    const events = await db().selectFrom("funding_review_events").selectAll().where("funding_review_id", "=", review!.id).execute();
    expect(events).toHaveLength(1);
    const after = (await reviewsOf(reference))[0]!;
    expect(after.status).toBe("recorded");
    expect(after.progress).toBe(form.progress);
    expect(after.provision_continues).toBe(true);
    const page = await officer().get(path);
    expect(page.text).toContain("Reads at age level; “Zoë’s” group &lt;script&gt;");
    expect(page.text).not.toContain("group <script>");
    expect(mainText(page.text)).not.toContain(pupilName);
    expect((await as("senco@riverside.example").get("/funding/reviews/1e3")).status).toBe(404);
  });

  it("shows the officer reviews due and overdue, the school only its own, and the headteacher the overdue ones on the home page", async () => {
    const today = londonToday();
    const overdue = await db()
      .selectFrom("funding_reviews")
      .innerJoin("funding_requests", "funding_requests.id", "funding_reviews.funding_request_id")
      .innerJoin("schools", "schools.id", "funding_requests.school_id")
      .select(["funding_reviews.id", "funding_requests.reference", "schools.urn"])
      .where("funding_reviews.status", "=", "due")
      .where("funding_reviews.due_on", "<", today)
      .execute();
    expect(overdue.filter((r) => r.urn === "990001").length).toBeGreaterThan(0);
    expect(overdue.filter((r) => r.urn === "990002").length).toBeGreaterThan(0);
    const council = await officer().get("/funding/reviews?show=overdue");
    for (const r of overdue) expect(council.text).toContain(`href="/funding/reviews/${r.id}"`);
    expect(mainText(council.text)).toContain("Overdue");
    expect(mainText(council.text)).not.toContain(pupilName);
    const school = await as("senco@riverside.example").get("/funding/reviews?show=all");
    for (const r of overdue) {
      if (r.urn === "990002") expect(school.text).toContain(`href="/funding/reviews/${r.id}"`);
      else expect(school.text).not.toContain(`href="/funding/reviews/${r.id}"`);
    }
    const home = mainText((await as("head@oakfield.example").get("/home")).text);
    expect(home).toContain(`Reviews overdue (${overdue.filter((r) => r.urn === "990001").length})`);
    // A junk filter is the default view, not an error.
    expect((await officer().get("/funding/reviews?show=nonsense&page=abc")).status).toBe(200);
  });
});

describe("the scheme's reviews a year, in the council's funding settings", () => {
  it("is shown, changed at the version seen, and refused outside 0 to 12 or when emptied", async () => {
    const scheme = () => db().selectFrom("funding_schemes").selectAll().where("code", "=", "EHC").executeTakeFirstOrThrow();
    const form = async (changes: Record<string, string>) => {
      const s = await scheme();
      return {
        version: String(s.version),
        name: s.name,
        description: s.description,
        requiresPupil: "yes",
        pupilRule: s.pupil_rule,
        contributionApplies: s.school_contribution_applies ? "yes" : "no",
        contribution: String(s.school_contribution_pence / 100),
        reviewsPerYear: String(s.reviews_per_year),
        targetWorkingDays: String(s.target_working_days),
        checklist: (s.evidence_checklist as { label: string }[]).map((i) => i.label).join("\n"),
        active: "yes",
        ...changes,
      };
    };
    const path = `/council/funding-settings/schemes/${(await scheme()).id}`;
    expect((await officer().get(path)).text).toMatch(/name="reviewsPerYear"[^>]*value="3"/);
    for (const bad of ["", "13", "-1", "2.5", "three"]) {
      const reply = await officer().post(path, await form({ reviewsPerYear: bad }));
      expect(reply.status, bad).toBe(400);
      expect(mainText(reply.text)).toContain("Enter the number of reviews a year as a whole number from 0 to 12");
    }
    expect((await officer().post(path, await form({ reviewsPerYear: "4" }))).status).toBe(302);
    expect((await scheme()).reviews_per_year).toBe(4);
    expect((await senco().post(path, await form({ reviewsPerYear: "1" }))).status).toBe(404);
    expect((await scheme()).reviews_per_year).toBe(4);
  });
});

describe("resending a failed email", () => {
  it("puts a failed email back in the queue once, audited; only for the admin, only a failed one", async () => {
    const { id } = await db()
      .insertInto("email_outbox")
      .values({ to_address: "head@oakfield.example", subject: "A decision", body: "HNF-2026-00001 was approved.", link: "/funding/HNF-2026-00001", attempts: 8, last_error: "550 refused" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const page = await as("admin@kent.example").get("/admin/outbox?status=failed");
    expect(mainText(page.text)).toContain("Send again");
    const audits = await auditCount("email.resend");
    expect((await officer().post("/admin/outbox", { intent: "resend", emailId: String(id) })).status).toBe(404);
    const resent = await as("admin@kent.example").post("/admin/outbox", { intent: "resend", emailId: String(id) });
    expect(resent.status).toBe(302);
    expect((await as("admin@kent.example").post("/admin/outbox", { intent: "resend", emailId: String(id) })).status).toBe(302);
    const row = await db().selectFrom("email_outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.attempts).toBe(0);
    expect(row.sent_at).toBeNull();
    expect(await auditCount("email.resend")).toBe(audits + 1);
    expect((await as("admin@kent.example").post("/admin/outbox", { intent: "resend", emailId: "99999999" })).status).toBe(404);
    expect((await as("admin@kent.example").post("/admin/outbox", { intent: "resend", emailId: "x'; drop" })).status).toBe(400);
  });
});
