import { beforeAll, describe, expect, it } from "vitest";
import { type FundingSeed, evidenceFor, insertFundingRequests, typicalPlan } from "../../db/seed/funding.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";

// A form sent against a version of a record older than the one saved now. It is the same submission (a double
// click, a form sent again after a slow reply, a second tab sending what the first sent) only when every field
// matches what was recorded: then it is answered as done and counted once. Anything else is refused with 409,
// saying what changed and by whom, with what was typed kept in the form. One rule for every versioned form:
// funding steps and decisions, draft saves, pupils, schemes, reasons, users and the school's budget.

const t = seededApp();
const browsers: Record<string, Browser> = {};
const STALE = "Someone else changed this record";

const FY = (() => {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const [y, m] = today.split("-").map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
})();
const START = `${FY}-09-01`;
const END = `${FY + 1}-03-31`;

let ids: { oakfield: number; hnf: number; senco: number; head: number; officer: number; pupil: number; reasons: number[] };

beforeAll(async () => {
  for (const email of ["senco@oakfield.example", "head@oakfield.example", "officer@kent.example", "admin@kent.example"]) {
    browsers[email] = new Browser(t.app.baseUrl);
    await browsers[email].signIn(email);
  }
  const db = t.database.db;
  const user = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const oakfield = (await db.selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow()).id;
  ids = {
    oakfield,
    hnf: (await db.selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow()).id,
    senco: await user("senco@oakfield.example"),
    head: await user("head@oakfield.example"),
    officer: await user("officer@kent.example"),
    // Isla Foster: a current Oakfield pupil on SEN support.
    pupil: (await db.selectFrom("pupils").select("id").where("last_name", "=", "Foster").executeTakeFirstOrThrow()).id,
    reasons: (await db.selectFrom("decision_reasons").select("id").orderBy("sort_order").execute()).map((r) => r.id),
  };
});

const senco = () => browsers["senco@oakfield.example"]!;
const head = () => browsers["head@oakfield.example"]!;
const officer = () => browsers["officer@kent.example"]!;
const admin = () => browsers["admin@kent.example"]!;

/**
 * A pupil of Oakfield's on SEN support, new for each request: a pupil may not have two requests under a scheme for
 * the same period (issue 8).
 */
async function newPupil() {
  const row = await t.database.db
    .insertInto("pupils")
    .values({ school_id: ids.oakfield, first_name: "Robin", last_name: "Stale", date_of_birth: "2017-05-04", upn: null, year_group: "4", sen_provision: "K", primary_need: "ASD", date_added: "2024-09-01" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A High Needs Funding request for £8,500 at Oakfield, written with the history of its status. */
async function requestIn(status: FundingSeed["status"]) {
  const db = t.database.db;
  const pupilId = await newPupil();
  const scheme = await db.selectFrom("funding_schemes").select(["evidence_checklist"]).where("id", "=", ids.hnf).executeTakeFirstOrThrow();
  const before = await db.selectFrom("funding_requests").select("id").execute();
  await insertFundingRequests(db, [
    {
      schoolId: ids.oakfield,
      schemeId: ids.hnf,
      schemeCode: "HNF",
      pupilId,
      status,
      sencoId: ids.senco,
      headId: ids.head,
      officerId: ids.officer,
      periodStart: START,
      periodEnd: END,
      requestedPence: 850_000,
      lines: typicalPlan(1_450_000),
      evidence: evidenceFor(scheme.evidence_checklist),
      startedAt: new Date(Date.now() - 10 * 86_400_000),
    },
  ]);
  const made = await db
    .selectFrom("funding_requests")
    .select("reference")
    .where("id", "not in", before.length ? before.map((r) => r.id) : [0])
    .executeTakeFirstOrThrow();
  return made.reference;
}

async function requestRow(reference: string) {
  return t.database.db.selectFrom("funding_requests").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
}

async function eventsOf(reference: string, action: string) {
  const row = await requestRow(reference);
  return t.database.db.selectFrom("funding_request_events").selectAll().where("funding_request_id", "=", row.id).where("action", "=", action).execute();
}

async function decisionsOf(reference: string) {
  const row = await requestRow(reference);
  return t.database.db.selectFrom("funding_decisions").selectAll().where("funding_request_id", "=", row.id).orderBy("id").execute();
}

async function audits(action: string, subjectId: number | string) {
  return t.database.db.selectFrom("audit_events").select("id").where("action", "=", action).where("subject_id", "=", String(subjectId)).execute();
}

describe("a decision sent against an old version", () => {
  it("refuses a different decision from a second tab with 409, saying what was decided, by whom and when, keeps what was typed and records nothing of it", async () => {
    const reference = await requestIn("submitted");
    const seen = String((await requestRow(reference)).version);
    const decision = { version: seen, outcome: "partly_approved", awardStart: "", awardEnd: "" };
    const first = await officer().post(`/funding/${reference}/decide`, { ...decision, awarded: "3000", reasonId: String(ids.reasons[0]), reasonText: "" });
    expect(first.location).toBe(`/funding/${reference}/decided`);

    const second = await officer().post(`/funding/${reference}/decide`, {
      ...decision,
      awarded: "2500",
      reasonId: String(ids.reasons[1]),
      reasonText: "Speech therapy is funded by health",
    });
    expect(second.status).toBe(409);
    const text = mainText(second.text);
    expect(text).toContain(STALE);
    expect(text).toMatch(/it was partly approved for £3,000\.00 by Helen Marsh \(you, in another tab or window\) on \d{1,2} \w+ \d{4} at \d{1,2}:\d{2} [ap]m/);
    // What the officer typed is still in the form.
    expect(second.text).toContain('value="2500"');
    expect(second.text).toContain("Speech therapy is funded by health");
    const row = await requestRow(reference);
    expect([row.status, row.awarded_pence]).toEqual(["partly_approved", 300_000]);
    expect((await decisionsOf(reference)).map((d) => [d.awarded_pence, d.reason_text])).toEqual([[300_000, null]]);

    // The first tab's form sent again, exactly as it was: the same submission, answered as done, counted once.
    const again = await officer().post(`/funding/${reference}/decide`, { ...decision, awarded: "3000", reasonId: String(ids.reasons[0]), reasonText: "" });
    expect(again.location).toBe(`/funding/${reference}/decided`);
    expect(await decisionsOf(reference)).toHaveLength(1);
    expect(await eventsOf(reference, "decided")).toHaveLength(1);
  });

  it("refuses an identical decision from another officer: the same fields from someone else are not the same submission", async () => {
    const reference = await requestIn("in_review");
    const db = t.database.db;
    const hash = await db.selectFrom("users").select("password_hash").where("id", "=", ids.officer).executeTakeFirstOrThrow();
    const colleague = await db
      .insertInto("users")
      .values({ email: `stale-officer-${Date.now()}@kent.example`, display_name: "Ravi Second", password_hash: hash.password_hash })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    await db.insertInto("memberships").values({ user_id: colleague.id, role: "council_officer", school_id: null, district_id: null }).execute();
    const other = new Browser(t.app.baseUrl);
    await other.signIn(colleague.email);
    const decision = { version: String((await requestRow(reference)).version), outcome: "approved", awarded: "", awardStart: "", awardEnd: "", reasonId: "", reasonText: "" };
    expect((await officer().post(`/funding/${reference}/decide`, decision)).status).toBe(302);
    const late = await other.post(`/funding/${reference}/decide`, decision);
    expect(late.status).toBe(409);
    expect(mainText(late.text)).toContain("it was approved for £8,500.00 by Helen Marsh on");
    expect(await decisionsOf(reference)).toHaveLength(1);
  });
});

describe("a funding step sent against an old version", () => {
  it("takes a return sent twice with the same comment as one, and refuses one with other words", async () => {
    const reference = await requestIn("awaiting_headteacher");
    const seen = String((await requestRow(reference)).version);
    const first = await head().post(`/funding/${reference}/sign-off`, { intent: "return", version: seen, comment: "Add the EP report date" });
    expect(first.location).toBe(`/funding/${reference}?done=return`);
    expect((await head().post(`/funding/${reference}/sign-off`, { intent: "return", version: seen, comment: "Add the EP report date" })).location).toBe(
      `/funding/${reference}?done=return`,
    );
    const other = await head().post(`/funding/${reference}/sign-off`, { intent: "return", version: seen, comment: "Add the LIFT notes instead" });
    expect(other.status).toBe(409);
    expect(mainText(other.text)).toContain(STALE);
    expect(mainText(other.text)).toContain("it was returned to the SENCO by Martin Cole (you, in another tab or window) on");
    expect(other.text).toContain("Add the LIFT notes instead");
    const returned = await eventsOf(reference, "returned");
    expect(returned.map((e) => e.comment)).toEqual(["Add the EP report date"]);
  });

  it("takes a sign-off, a request for information and a withdrawal sent twice as one each, and refuses each with other words", async () => {
    const awaiting = await requestIn("awaiting_headteacher");
    let seen = String((await requestRow(awaiting)).version);
    expect((await head().post(`/funding/${awaiting}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: seen, comment: "Agreed" })).status).toBe(302);
    expect((await head().post(`/funding/${awaiting}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: seen, comment: "Agreed" })).status).toBe(302);
    const signed = await head().post(`/funding/${awaiting}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: seen, comment: "Agreed with the governors" });
    expect(signed.status).toBe(409);
    expect(mainText(signed.text)).toContain("it was signed off and sent to the council by Martin Cole");
    expect(await eventsOf(awaiting, "signed_off")).toHaveLength(1);

    const submitted = await requestIn("submitted");
    seen = String((await requestRow(submitted)).version);
    const ask = (comment: string) => officer().post(`/funding/${submitted}`, { intent: "more_information", version: seen, comment });
    expect((await ask("Please attach the LIFT notes")).status).toBe(302);
    expect((await ask("Please attach the LIFT notes")).status).toBe(302);
    const asked = await ask("Please attach the EP report");
    expect(asked.status).toBe(409);
    expect(mainText(asked.text)).toContain("more information was asked of the school by Helen Marsh");
    expect((await eventsOf(submitted, "information_requested")).map((e) => e.comment)).toEqual(["Please attach the LIFT notes"]);

    const inReview = await requestIn("in_review");
    seen = String((await requestRow(inReview)).version);
    expect((await senco().post(`/funding/${inReview}`, { intent: "withdraw", version: seen, comment: "Needs met in school" })).status).toBe(302);
    expect((await senco().post(`/funding/${inReview}`, { intent: "withdraw", version: seen, comment: "Needs met in school" })).status).toBe(302);
    const byHead = await head().post(`/funding/${inReview}`, { intent: "withdraw", version: seen, comment: "Needs met in school" });
    expect(byHead.status).toBe(409);
    expect(mainText(byHead.text)).toContain("it was withdrawn by Priya Shah on");
    expect(await eventsOf(inReview, "withdrawn")).toHaveLength(1);
  });

  it("takes a review started twice as one", async () => {
    const reference = await requestIn("submitted");
    const seen = String((await requestRow(reference)).version);
    expect((await officer().post(`/funding/${reference}`, { intent: "start_review", version: seen })).status).toBe(302);
    expect((await officer().post(`/funding/${reference}`, { intent: "start_review", version: seen })).status).toBe(302);
    expect(await eventsOf(reference, "review_started")).toHaveLength(1);
  });
});

describe("a draft saved against an old version", () => {
  let pupil = 0;
  beforeAll(async () => {
    pupil = await newPupil();
  });
  const draft = (version: number, amount = "8,500") => ({
    version: String(version),
    intent: "save",
    pupilId: String(pupil),
    periodStart: START,
    periodEnd: END,
    amountRequested: amount,
    "lines[0].description": "1:1 teaching assistant support",
    "lines[0].deliveredBy": "Level 3 teaching assistant",
    "lines[0].hoursPerWeek": "15",
    "lines[0].weeks": "38",
    "lines[0].cost": "14,500",
    "evidence.full-time": "On roll full time since Reception",
  });

  it("takes the same draft saved twice as one save, and refuses a different one, naming who saved it", async () => {
    const started = await senco().post("/funding/new", { schemeId: String(ids.hnf), idempotencyKey: `stale-draft-${Date.now()}-0123456789` });
    const reference = /^\/funding\/([A-Z]+-\d{4}-\d{5})\/edit/.exec(started.location ?? "")![1]!;
    const seen = (await requestRow(reference)).version;
    expect((await senco().post(`/funding/${reference}/edit`, draft(seen))).location).toBe(`/funding/${reference}/edit?saved=1`);
    // A double click on "Save as draft": the same draft again, at the version the page was drawn with.
    expect((await senco().post(`/funding/${reference}/edit`, draft(seen))).location).toBe(`/funding/${reference}/edit?saved=1`);
    const saved = await requestRow(reference);
    expect(saved.version).toBe(seen + 1);
    expect(await audits("funding_request.update", saved.id)).toHaveLength(1);

    const other = await senco().post(`/funding/${reference}/edit`, draft(seen, "7,000"));
    expect(other.status).toBe(409);
    expect(mainText(other.text)).toContain(STALE);
    expect(mainText(other.text)).toContain("the draft was saved by Priya Shah (you, in another tab or window) on");
    expect(other.text).toContain('value="7,000"');
    expect((await requestRow(reference)).amount_requested_pence).toBe(850_000);
  });
});

describe("a plain record changed against an old version", () => {
  const db = () => t.database.db;
  const pupilRow = (lastName: string) => db().selectFrom("pupils").selectAll().where("last_name", "=", lastName).executeTakeFirstOrThrow();
  const pupilForm = (row: Awaited<ReturnType<typeof pupilRow>>, changes: Record<string, string> = {}) => ({
    version: String(row.version),
    firstName: row.first_name,
    lastName: row.last_name,
    dateOfBirth: row.date_of_birth,
    upn: row.upn ?? "",
    yearGroup: row.year_group,
    senProvision: row.sen_provision,
    primaryNeed: row.primary_need,
    secondaryNeed: row.secondary_need ?? "",
    dateAdded: row.date_added,
    ...changes,
  });

  it("takes a pupil's change sent twice as one, and refuses a different one, saying which answers now differ", async () => {
    const seen = await pupilRow("Nash");
    expect((await senco().post(`/pupils/${seen.id}/edit`, pupilForm(seen, { yearGroup: "1" }))).status).toBe(302);
    expect((await senco().post(`/pupils/${seen.id}/edit`, pupilForm(seen, { yearGroup: "1" }))).location).toBe(`/pupils/${seen.id}?done=changed`);
    expect((await pupilRow("Nash")).version).toBe(seen.version + 1);
    expect(await audits("pupil.update", seen.id)).toHaveLength(1);
    const other = await senco().post(`/pupils/${seen.id}/edit`, pupilForm(seen, { firstName: "Rubie" }));
    expect(other.status).toBe(409);
    const text = mainText(other.text);
    expect(text).toContain(STALE);
    expect(text).toContain("Priya Shah (you, in another tab or window) changed it on");
    expect(text).toContain("it now differs from what you sent in: first name, year group");
    expect(other.text).toContain('value="Rubie"');
    expect(await pupilRow("Nash")).toMatchObject({ first_name: "Ruby", year_group: "1" });
  });

  it("takes a pupil marked as left twice, or put back twice, as one change each", async () => {
    const seen = await pupilRow("Lowe");
    const school = (await db().selectFrom("schools").select("id").where("id", "=", seen.school_id).executeTakeFirstOrThrow()).id;
    const bearsted = new Browser(t.app.baseUrl);
    const email = `stale-senco-${Date.now()}@bearsted.example`;
    const hash = (await db().selectFrom("users").select("password_hash").where("id", "=", ids.senco).executeTakeFirstOrThrow()).password_hash;
    const user = await db().insertInto("users").values({ email, display_name: "Bea Senco", password_hash: hash }).returning("id").executeTakeFirstOrThrow();
    await db().insertInto("memberships").values({ user_id: user.id, role: "senco", school_id: school, district_id: null }).execute();
    await bearsted.signIn(email);
    const left = { intent: "left", version: String(seen.version), dateLeft: "2026-11-20" };
    expect((await bearsted.post(`/pupils/${seen.id}`, left)).location).toBe(`/pupils/${seen.id}?done=left`);
    expect((await bearsted.post(`/pupils/${seen.id}`, left)).location).toBe(`/pupils/${seen.id}?done=left`);
    expect(await audits("pupil.left", seen.id)).toHaveLength(1);
    const otherDate = await bearsted.post(`/pupils/${seen.id}`, { ...left, dateLeft: "2026-11-21" });
    expect(otherDate.status).toBe(409);
    expect(mainText(otherDate.text)).toContain("it now differs from what you sent in: date left");
    const version = String((await pupilRow("Lowe")).version);
    expect((await bearsted.post(`/pupils/${seen.id}`, { intent: "return", version })).location).toBe(`/pupils/${seen.id}?done=returned`);
    expect((await bearsted.post(`/pupils/${seen.id}`, { intent: "return", version })).location).toBe(`/pupils/${seen.id}?done=returned`);
    expect((await pupilRow("Lowe")).date_left).toBeNull();
    expect(await audits("pupil.update", seen.id)).toHaveLength(1);
  });

  it("takes a scheme's change and a reason's rewording sent twice as one each, and refuses different ones", async () => {
    const scheme = await db().selectFrom("funding_schemes").selectAll().where("code", "=", "SIS").executeTakeFirstOrThrow();
    const form = {
      version: String(scheme.version),
      name: scheme.name,
      description: "Support for the whole school",
      requiresPupil: "no",
      contributionApplies: "no",
      contribution: "",
      reviewsPerYear: String(scheme.reviews_per_year),
      targetWorkingDays: String(scheme.target_working_days),
      checklist: (scheme.evidence_checklist as { label: string }[]).map((i) => i.label).join("\n"),
      active: "yes",
    };
    const path = `/council/funding-settings/schemes/${scheme.id}`;
    expect((await officer().post(path, form)).status).toBe(302);
    expect((await officer().post(path, form)).location).toBe("/council/funding-settings?done=scheme-updated");
    expect(await audits("funding_scheme.update", scheme.id)).toHaveLength(1);
    const other = await officer().post(path, { ...form, description: "Support for a group of pupils" });
    expect(other.status).toBe(409);
    expect(mainText(other.text)).toContain("Helen Marsh (you, in another tab or window) changed it on");
    expect(mainText(other.text)).toContain("it now differs from what you sent in: description");
    expect(other.text).toContain("Support for a group of pupils");

    const reason = await db().selectFrom("decision_reasons").selectAll().where("id", "=", ids.reasons[4]!).executeTakeFirstOrThrow();
    const rename = { intent: "rename", current: reason.label, label: "Costs are higher than the provision described needs" };
    const reasonPath = `/council/funding-settings/reasons/${reason.id}`;
    expect((await officer().post(reasonPath, rename)).status).toBe(302);
    expect((await officer().post(reasonPath, rename)).location).toBe("/council/funding-settings?done=reason-renamed");
    expect(await audits("decision_reason.rename", reason.id)).toHaveLength(1);
    const reworded = await officer().post(reasonPath, { ...rename, label: "Costs are too high" });
    expect(reworded.status).toBe(409);
    expect(mainText(reworded.text)).toContain("it now reads “Costs are higher than the provision described needs”");
  });

  it("takes a user's role change and deactivation sent twice as one each", async () => {
    const user = await db().selectFrom("users").selectAll().where("email", "=", "stls@kent.example").executeTakeFirstOrThrow();
    const role = { intent: "role", version: String(user.version), role: "stls", schoolUrn: "", championUrns: "", districtCode: "ashford" };
    const path = `/admin/users/${user.id}`;
    expect((await admin().post(path, role)).location).toBe(`${path}?done=role`);
    expect((await admin().post(path, role)).location).toBe(`${path}?done=role`);
    expect(await audits("user.change_role", user.id)).toHaveLength(1);
    const otherRole = await admin().post(path, { ...role, districtCode: "dover" });
    expect(otherRole.status).toBe(409);
    expect(mainText(otherRole.text)).toContain("it now differs from what you sent in: role and where it applies");
    const version = String((await db().selectFrom("users").select("version").where("id", "=", user.id).executeTakeFirstOrThrow()).version);
    expect((await admin().post(path, { intent: "deactivate", version })).status).toBe(302);
    expect((await admin().post(path, { intent: "deactivate", version })).status).toBe(302);
    expect(await audits("user.deactivate", user.id)).toHaveLength(1);
    const reactivate = await admin().post(path, { intent: "reactivate", version });
    expect(reactivate.status).toBe(409);
    expect(mainText(reactivate.text)).toContain("Sam Okafor (you, in another tab or window) changed it on");
  });

  it("takes the school's budget set twice to the same figure as one, and refuses another figure, saying what it is now", async () => {
    const form = { year: String(FY), version: "0", budget: "90,000" };
    expect((await head().post("/funding/tracker", form)).status).toBe(302);
    expect((await head().post("/funding/tracker", form)).status).toBe(302);
    expect(await audits("school_budget.update", "990001")).toHaveLength(1);
    const other = await head().post("/funding/tracker", { ...form, budget: "70,000" });
    expect(other.status).toBe(409);
    expect(mainText(other.text)).toContain("the budget was set to £90,000.00 by Martin Cole (you, in another tab or window) on");
    expect(other.text).toContain('value="70,000"');
  });
});
