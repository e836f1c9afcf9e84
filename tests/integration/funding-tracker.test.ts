import { beforeAll, describe, expect, it } from "vitest";
import { currentFinancialYear, financialYearLabel } from "../../app/domain/financial-year.ts";
import type { FundingStatus } from "../../app/domain/funding/funding.schema.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";

// The headteacher's funding tracker. Requests and decisions are written straight into the database (the
// request workflow is tested on its own): a realistic mix for two schools over two years, every status,
// and a corrected decision.

const t = seededApp();
const FY = currentFinancialYear();
const PREV = FY - 1;
const LABEL = financialYearLabel(FY);
const PREV_LABEL = financialYearLabel(PREV);

const OAKFIELD = "990001";
const RIVERSIDE = "990002";
const HNF_NAME = "High Needs Funding (mainstream, no EHC plan)";
const EVIL_FIRST = '=HYPERLINK("http://evil.example","Click")';

let head: Browser;
let riversideHead: Browser;
let ids: { oakfield: number; riverside: number; HNF: number; EHC: number; SIS: number; senco: number; officer: number };
let counter = 0;

/** Fictional pupils for a school; returns their ids by first name. */
async function addPupils(schoolId: number, names: [string, string][]) {
  const rows = await t.database.db
    .insertInto("pupils")
    .values(
      names.map(([first, last]) => ({
        school_id: schoolId,
        first_name: first,
        last_name: last,
        date_of_birth: "2016-05-01",
        year_group: "4",
        sen_provision: "K",
        primary_need: "SLCN",
        date_added: "2024-09-01",
      })),
    )
    .returning(["id", "first_name"])
    .execute();
  return new Map(rows.map((r) => [r.first_name, r.id]));
}

type Status = FundingStatus;

/**
 * One request as the workflow would have left it. Decided requests get their decision rows: `decisions`
 * lists the awarded amounts in order, each later one a correction of the one before; the request row holds
 * the last, as the workflow keeps it.
 */
async function addRequest(r: {
  school: number;
  scheme: "HNF" | "EHC" | "SIS";
  pupil?: number;
  status: Status;
  requested: number;
  start: string;
  end: string;
  decisions?: number[];
}) {
  counter += 1;
  const year = Number(r.start.slice(0, 4)) - (Number(r.start.slice(5, 7)) < 4 ? 1 : 0);
  const decided = r.status === "approved" || r.status === "partly_approved" || r.status === "declined";
  const decisions = decided ? (r.decisions ?? [r.status === "declined" ? 0 : r.requested]) : [];
  const awarded = decisions.at(-1);
  const request = await t.database.db
    .insertInto("funding_requests")
    .values({
      // Numbered from 90001, clear of the demo seed's references.
      reference: `${r.scheme}-${year}-${String(90_000 + counter)}`,
      school_id: r.school,
      scheme_id: ids[r.scheme],
      pupil_id: r.pupil ?? null,
      status: r.status,
      amount_requested_pence: r.requested,
      period_start: r.start,
      period_end: r.end,
      financial_year: year,
      awarded_pence: awarded ?? null,
      award_start: decided ? r.start : null,
      award_end: decided ? r.end : null,
      created_by: ids.senco,
      submitted_at: r.status === "draft" || r.status === "awaiting_headteacher" ? null : new Date(),
      decided_at: decided ? new Date() : null,
      idempotency_key: `tracker-test-${counter}`,
    })
    .returning(["id", "reference"])
    .executeTakeFirstOrThrow();
  let previous: number | null = null;
  for (const amount of decisions) {
    const decision: { id: number } = await t.database.db
      .insertInto("funding_decisions")
      .values({
        funding_request_id: request.id,
        outcome: r.status,
        awarded_pence: amount,
        award_start: r.start,
        award_end: r.end,
        reason_id: r.status === "approved" ? null : 2,
        corrects_decision_id: previous,
        decided_by: ids.officer,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    previous = decision.id;
  }
  return request.reference;
}

const refs: Record<string, string> = {};

async function seedRequests() {
  const db = t.database.db;
  const school = async (urn: string) => (await db.selectFrom("schools").select("id").where("urn", "=", urn).executeTakeFirstOrThrow()).id;
  const scheme = async (code: string) => (await db.selectFrom("funding_schemes").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const user = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  ids = {
    oakfield: await school(OAKFIELD),
    riverside: await school(RIVERSIDE),
    HNF: await scheme("HNF"),
    EHC: await scheme("EHC"),
    SIS: await scheme("SIS"),
    senco: await user("senco@oakfield.example"),
    officer: await user("officer@kent.example"),
  };
  // The demo seed gives both schools requests of their own; this file counts exact totals, so it moves them
  // to a school it does not look at and starts from none.
  const elsewhere = await school("990021");
  await db.updateTable("funding_requests").set({ school_id: elsewhere }).where("school_id", "in", [ids.oakfield, ids.riverside]).execute();
  const oak = await addPupils(ids.oakfield, [
    ["Amelia", "Jones"],
    ["Ben", "Carter"],
    ["Chloe", "Davies"],
    [EVIL_FIRST, "Smith"],
  ]);
  const river = await addPupils(ids.riverside, [["Zara", "Okoro"]]);
  const o = ids.oakfield;
  const y = FY;
  // This year at Oakfield: every status.
  refs.amelia = await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Amelia"), status: "approved", requested: 1_000_000, start: `${y}-09-01`, end: `${y + 1}-03-31` });
  // Partly approved at £8,000, then corrected to £9,000: the tracker shows the correction.
  refs.ben = await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Ben"), status: "partly_approved", requested: 1_200_000, start: `${y}-04-01`, end: `${y + 1}-03-31`, decisions: [800_000, 900_000] });
  // A second award for Amelia: the school's contribution for her is counted once.
  refs.ameliaEhc = await addRequest({ school: o, scheme: "EHC", pupil: oak.get("Amelia"), status: "approved", requested: 500_000, start: `${y + 1}-01-01`, end: `${y + 1}-03-31` });
  await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Chloe"), status: "declined", requested: 700_000, start: `${y}-09-01`, end: `${y + 1}-03-31` });
  await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Chloe"), status: "submitted", requested: 300_000, start: `${y}-11-01`, end: `${y + 1}-03-31` });
  await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Chloe"), status: "in_review", requested: 250_000, start: `${y}-11-01`, end: `${y + 1}-03-31` });
  await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Chloe"), status: "more_information_needed", requested: 150_000, start: `${y}-11-01`, end: `${y + 1}-03-31` });
  await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Chloe"), status: "awaiting_headteacher", requested: 400_000, start: `${y}-12-01`, end: `${y + 1}-03-31` });
  await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Chloe"), status: "draft", requested: 999_900, start: `${y}-12-01`, end: `${y + 1}-03-31` });
  await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Chloe"), status: "withdrawn", requested: 888_800, start: `${y}-10-01`, end: `${y + 1}-03-31` });
  refs.sis = await addRequest({ school: o, scheme: "SIS", status: "approved", requested: 200_000, start: `${y}-04-01`, end: `${y}-07-31` });
  refs.evil = await addRequest({ school: o, scheme: "HNF", pupil: oak.get(EVIL_FIRST), status: "approved", requested: 100_000, start: `${y}-10-01`, end: `${y}-10-31` });
  // Last year at Oakfield.
  refs.benLastYear = await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Ben"), status: "approved", requested: 700_000, start: `${y - 1}-09-01`, end: `${y}-03-31` });
  await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Chloe"), status: "declined", requested: 450_000, start: `${y - 1}-09-01`, end: `${y}-03-31` });
  // Two years ago: outside the tracker.
  await addRequest({ school: o, scheme: "HNF", pupil: oak.get("Ben"), status: "approved", requested: 333_300, start: `${y - 2}-09-01`, end: `${y - 1}-03-31` });
  // Riverside, this year: none of it may show at Oakfield.
  refs.zara = await addRequest({ school: ids.riverside, scheme: "HNF", pupil: river.get("Zara"), status: "approved", requested: 5_550_500, start: `${y}-04-01`, end: `${y + 1}-03-31` });
  await addRequest({ school: ids.riverside, scheme: "EHC", pupil: river.get("Zara"), status: "submitted", requested: 123_400, start: `${y}-09-01`, end: `${y + 1}-03-31` });
  await db
    .insertInto("school_sen_budgets")
    .values({ school_id: ids.riverside, financial_year: FY, notional_sen_budget_pence: 42_000_000, updated_by: ids.senco })
    .execute();
}

beforeAll(async () => {
  await seedRequests();
  head = new Browser(t.app.baseUrl);
  await head.signIn("head@oakfield.example");
  riversideHead = new Browser(t.app.baseUrl);
  await riversideHead.signIn("head@riverside.example");
});

/** The page's text, with the quotes React escapes put back. */
function pageText(html: string) {
  return mainText(html).replace(/&quot;/g, '"');
}

async function audits(action: string) {
  return t.database.db.selectFrom("audit_events").selectAll().where("action", "=", action).orderBy("id").execute();
}

async function budgetRow(schoolId: number, year: number) {
  return t.database.db
    .selectFrom("school_sen_budgets")
    .selectAll()
    .where("school_id", "=", schoolId)
    .where("financial_year", "=", year)
    .executeTakeFirst();
}

describe("the tracker page", () => {
  it("totals this year's requests by scheme: awarded, requested (sent to the council) and pending", async () => {
    const reply = await head.get("/funding/tracker");
    expect(reply.status).toBe(200);
    expect(title(reply.text)).toBe(`Funding tracker ${LABEL} - Kent SEND Inclusion Portal`);
    const text = mainText(reply.text);
    expect(text).toContain(`Oakfield Primary School Funding tracker ${LABEL}`);
    // Requested: everything sent to the council, decided or not; not drafts, sign-offs or withdrawn.
    // Awarded: the corrected £9,000 for Ben, not the first £8,000. Pending: with the head or the council.
    expect(text).toContain(`${HNF_NAME} £37,000.00 £20,000.00 £11,000.00`);
    expect(text).toContain("EHC plan top-up £5,000.00 £5,000.00 £0.00");
    expect(text).toContain("SEN inclusion support (school-level, no named pupil) £2,000.00 £2,000.00 £0.00");
    expect(text).toContain("All schemes £44,000.00 £27,000.00 £11,000.00");
    expect(text).toContain("Awarded £27,000.00");
    expect(text).toContain("Requested £44,000.00");
    expect(text).toContain("Pending £11,000.00");
    expect(reply.text).toContain(`<caption class="mb-2 text-left text-2xl font-bold">Funding by scheme, ${LABEL}</caption>`);
  });

  it("lists each award with its period and what is paid each month, the last month taking the rounding", async () => {
    const text = pageText((await head.get("/funding/tracker")).text);
    // £10,000 over September to March (7 months): six payments of £1,428.57 and a last one of £1,428.58.
    expect(text).toContain(
      `${refs.amelia} Amelia Jones ${HNF_NAME} 1 September ${FY} to 31 March ${FY + 1} 7 months £10,000.00 £1,428.57 a month £1,428.58 in the last month`,
    );
    expect(text).toContain(`${refs.ameliaEhc} Amelia Jones EHC plan top-up 1 January ${FY + 1} to 31 March ${FY + 1} 3 months £5,000.00 £1,666.66 a month £1,666.68 in the last month`);
    // An even split says nothing about the last month.
    expect(text).toContain(`${refs.ben} Ben Carter ${HNF_NAME} 1 April ${FY} to 31 March ${FY + 1} 12 months £9,000.00 £750.00 a month ${refs.amelia}`);
    expect(text).toContain(`${refs.sis} School-level (no named pupil) SEN inclusion support (school-level, no named pupil) 1 April ${FY} to 31 July ${FY} 4 months £2,000.00 £500.00 a month`);
    expect(text).toContain(`${refs.evil} ${EVIL_FIRST} Smith`);
    // No award for a declined, pending, draft or withdrawn request.
    expect(text).not.toContain("Chloe");
    expect(text).not.toContain(refs.benLastYear);
  });

  it("sets the budget against the contributions the school carries, once per pupil, and shows an overspend plainly", async () => {
    let text = mainText((await head.get("/funding/tracker")).text);
    expect(text).toContain(`Notional SEN budget ${LABEL} Not entered yet`);
    // Amelia (two awards, one contribution), Ben and the fourth pupil; the school-level award carries none.
    expect(text).toContain("Contributions the school is carrying £18,000.00 for 3 pupils");

    const saved = await head.post("/funding/tracker", { year: String(FY), version: "0", budget: "£15,000" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/funding/tracker?year=${FY}&saved=1`);
    text = mainText((await head.get(saved.location!)).text);
    expect(text).toContain(`The notional SEN budget for ${LABEL} has been saved`);
    expect(text).toContain(`Notional SEN budget ${LABEL} £15,000.00`);
    expect(text).toContain("Remaining Over budget by £3,000.00: the contributions are more than the notional SEN budget");

    const row = (await budgetRow(ids.oakfield, FY))!;
    expect(row.notional_sen_budget_pence).toBe(1_500_000);
    const changed = await head.post("/funding/tracker", { year: String(FY), version: String(row.version), budget: "85,000.50" });
    expect(changed.status).toBe(302);
    text = mainText((await head.get("/funding/tracker")).text);
    expect(text).toContain("Remaining £67,000.50");
    expect((await budgetRow(ids.oakfield, FY))!.version).toBe(row.version + 1);

    const updates = await audits("school_budget.update");
    expect(updates.map((a) => a.subject_id)).toEqual([OAKFIELD, OAKFIELD]);
    expect(updates[1]!.detail).toMatchObject({ financialYear: FY, notionalSenBudgetPence: 8_500_050 });
  });

  it("shows last year's figures, its own budget and awards, and no other year", async () => {
    const reply = await head.get(`/funding/tracker?year=${PREV}`);
    expect(reply.status).toBe(200);
    let text = mainText(reply.text);
    expect(text).toContain(`Funding tracker ${PREV_LABEL}`);
    expect(text).toContain(`All schemes £11,500.00 £7,000.00 £0.00`);
    expect(text).toContain(`${refs.benLastYear} Ben Carter ${HNF_NAME} 1 September ${PREV} to 31 March ${FY} 7 months £7,000.00 £1,000.00 a month`);
    expect(text).not.toContain("Amelia");
    expect(text).toContain("Contributions the school is carrying £6,000.00 for 1 pupil");
    expect(text).toContain(`Notional SEN budget ${PREV_LABEL} Not entered yet`);
    expect(reply.text).toContain(`href="/funding/tracker.csv?year=${PREV}"`);

    const saved = await head.post(`/funding/tracker?year=${PREV}`, { year: String(PREV), version: "0", budget: "60000" });
    expect(saved.location).toBe(`/funding/tracker?year=${PREV}&saved=1`);
    text = mainText((await head.get(`/funding/tracker?year=${PREV}`)).text);
    expect(text).toContain("Remaining £54,000.00");
    // This year's budget is untouched.
    expect((await budgetRow(ids.oakfield, FY))!.notional_sen_budget_pence).toBe(8_500_050);

    for (const year of [String(FY - 2), String(FY + 1), "abc", "2026.0"]) {
      expect((await head.get(`/funding/tracker?year=${year}`)).status, year).toBe(404);
    }
  });

  it("writes an audit row for each view, with no pupil's name in it", async () => {
    const before = (await audits("funding.tracker_view")).length;
    await head.get("/funding/tracker");
    const views = await audits("funding.tracker_view");
    expect(views.length).toBe(before + 1);
    const last = views.at(-1)!;
    expect(last.subject_type).toBe("school");
    expect(last.subject_id).toBe(OAKFIELD);
    expect(last.actor_role).toBe("headteacher");
    expect(last.detail).toEqual({ financialYear: FY, awards: 5 });
    const all = JSON.stringify(views.map((v) => v.detail));
    for (const name of ["Amelia", "Jones", "Ben", "Carter", "HYPERLINK", "Zara"]) expect(all).not.toContain(name);
  });
});

describe("the budget form", () => {
  it.each([
    ["-500", "Notional SEN budget cannot be negative"],
    ["lots", "Enter the notional SEN budget in pounds, like 85,000 or 85000.50"],
    ["12.345", "Enter the notional SEN budget in pounds, like 85,000 or 85000.50"],
    ["100,000,000.01", "Notional SEN budget must be £100,000,000 or less"],
    ["5000000000", "Notional SEN budget must be £100,000,000 or less"],
    ["", "Enter the notional SEN budget"],
  ])("refuses %j with a field error, keeps what was typed and saves nothing", async (typed, message) => {
    const before = await budgetRow(ids.oakfield, FY);
    const reply = await head.post("/funding/tracker", { year: String(FY), version: String(before!.version), budget: typed });
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: Funding tracker/);
    const text = mainText(reply.text);
    expect(text).toContain("There is a problem");
    expect(text).toContain(message);
    expect(reply.text).toContain(`href="#budget-${FY}-${before!.version}-budget"`);
    if (typed) expect(reply.text).toContain(`value="${typed}"`);
    expect(await budgetRow(ids.oakfield, FY)).toEqual(before);
  });

  it("accepts exactly £100m and £0", async () => {
    let row = (await budgetRow(ids.oakfield, FY))!;
    expect((await head.post("/funding/tracker", { year: String(FY), version: String(row.version), budget: "100,000,000" })).status).toBe(302);
    row = (await budgetRow(ids.oakfield, FY))!;
    expect(row.notional_sen_budget_pence).toBe(10_000_000_000);
    expect((await head.post("/funding/tracker", { year: String(FY), version: String(row.version), budget: "0" })).status).toBe(302);
    row = (await budgetRow(ids.oakfield, FY))!;
    expect(row.notional_sen_budget_pence).toBe(0);
    expect(mainText((await head.get("/funding/tracker")).text)).toContain("Remaining Over budget by £18,000.00");
    expect((await head.post("/funding/tracker", { year: String(FY), version: String(row.version), budget: "85000.50" })).status).toBe(302);
  });

  it("tells the second of two people setting the budget that it changed, and keeps the first one's figure", async () => {
    const row = (await budgetRow(ids.oakfield, FY))!;
    const seen = String(row.version);
    const first = await head.post("/funding/tracker", { year: String(FY), version: seen, budget: "90000" });
    expect(first.status).toBe(302);
    const second = await head.post("/funding/tracker", { year: String(FY), version: seen, budget: "70000" });
    expect(second.status).toBe(409);
    expect(mainText(second.text)).toContain("Someone else changed this record");
    expect(second.text).toContain('value="70000"');
    expect((await budgetRow(ids.oakfield, FY))!.notional_sen_budget_pence).toBe(9_000_000);
    // A form from before any budget existed, sent after one was set: also stale, not an overwrite.
    const fresh = await head.post("/funding/tracker", { year: String(FY), version: "0", budget: "1" });
    expect(fresh.status).toBe(409);
    expect((await budgetRow(ids.oakfield, FY))!.notional_sen_budget_pence).toBe(9_000_000);
  });

  it("refuses a year the tracker does not cover", async () => {
    const reply = await head.post("/funding/tracker", { year: String(FY - 2), version: "0", budget: "1000" });
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain("You can set the budget for this financial year or the last one only");
    expect(await budgetRow(ids.oakfield, FY - 2)).toBeUndefined();
  });
});

describe("the CSV export", () => {
  it("downloads the same figures as the page, one row per fact, for Excel", async () => {
    const before = (await audits("funding.tracker_export")).length;
    const reply = await head.get(`/funding/tracker.csv?year=${FY}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(reply.headers.get("content-disposition")).toBe(`attachment; filename="funding-tracker-${OAKFIELD}-${LABEL}.csv"`);
    expect(reply.headers.get("cache-control")).toBe("no-store");
    // fetch's text() drops the byte-order mark; check the raw bytes for it.
    const raw = new Uint8Array(await (await fetch(`${t.app.baseUrl}/funding/tracker.csv?year=${FY}`, { headers: { Cookie: cookieOf(head) } })).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const lines = reply.text.replace(/^\ufeff/, "").split("\r\n");
    expect(lines[0]).toBe("kind,financial_year,scheme,reference,pupil,period_start,period_end,months,amount_gbp,monthly_gbp,last_month_gbp,pupils");
    expect(lines).toContain(`award,${LABEL},"${HNF_NAME}",${refs.amelia},Amelia Jones,${FY}-09-01,${FY + 1}-03-31,7,10000.00,1428.57,1428.58,`);
    expect(lines).toContain(`award,${LABEL},"${HNF_NAME}",${refs.ben},Ben Carter,${FY}-04-01,${FY + 1}-03-31,12,9000.00,750.00,750.00,`);
    expect(lines).toContain(`award,${LABEL},"SEN inclusion support (school-level, no named pupil)",${refs.sis},School-level (no named pupil),${FY}-04-01,${FY}-07-31,4,2000.00,500.00,500.00,`);
    expect(lines).toContain(`awarded,${LABEL},"${HNF_NAME}",,,,,,20000.00,,,`);
    expect(lines).toContain(`requested,${LABEL},"${HNF_NAME}",,,,,,37000.00,,,`);
    expect(lines).toContain(`pending,${LABEL},"${HNF_NAME}",,,,,,11000.00,,,`);
    expect(lines).toContain(`awarded,${LABEL},All schemes,,,,,,27000.00,,,`);
    expect(lines).toContain(`requested,${LABEL},All schemes,,,,,,44000.00,,,`);
    expect(lines).toContain(`pending,${LABEL},All schemes,,,,,,11000.00,,,`);
    expect(lines).toContain(`notional_sen_budget,${LABEL},,,,,,,90000.00,,,`);
    expect(lines).toContain(`school_contributions,${LABEL},,,,,,,18000.00,,,3`);
    expect(lines).toContain(`budget_remaining,${LABEL},,,,,,,72000.00,,,`);
    expect(lines.filter((l) => l.startsWith("award,"))).toHaveLength(5);
    expect(reply.text).not.toContain("Zara");
    expect(reply.text).not.toContain("Chloe");

    const exports = await audits("funding.tracker_export");
    expect(exports.length).toBe(before + 2);
    expect(exports.at(-1)).toMatchObject({ subject_type: "school", subject_id: OAKFIELD, actor_role: "headteacher" });
    expect(exports.at(-1)!.detail).toMatchObject({ financialYear: FY, awards: 5 });
    expect(JSON.stringify(exports.map((e) => e.detail))).not.toMatch(/Amelia|Ben|HYPERLINK/);
  });

  it("neutralises a cell a spreadsheet would run as a formula, and leaves a negative figure a number", async () => {
    let text = (await head.get(`/funding/tracker.csv?year=${FY}`)).text;
    // The pupil's name starts with "=": a leading single quote makes it text.
    expect(text).toContain(`,${refs.evil},"'=HYPERLINK(""http://evil.example"",""Click"") Smith",`);
    expect(text).not.toMatch(/,"?=HYPERLINK/);

    const row = (await budgetRow(ids.oakfield, FY))!;
    await head.post("/funding/tracker", { year: String(FY), version: String(row.version), budget: "15000" });
    text = (await head.get(`/funding/tracker.csv?year=${FY}`)).text;
    expect(text).toContain(`\r\nbudget_remaining,${LABEL},,,,,,,-3000.00,,,\r\n`);
  });

  it("defaults to this year, names last year's file by its year, and 404s any other year", async () => {
    const current = await head.get("/funding/tracker.csv");
    expect(current.headers.get("content-disposition")).toContain(`funding-tracker-${OAKFIELD}-${LABEL}.csv`);
    const last = await head.get(`/funding/tracker.csv?year=${PREV}`);
    expect(last.headers.get("content-disposition")).toContain(`funding-tracker-${OAKFIELD}-${PREV_LABEL}.csv`);
    expect(last.text).toContain(`award,${PREV_LABEL},"${HNF_NAME}",${refs.benLastYear},Ben Carter,`);
    expect(last.text).toContain(`notional_sen_budget,${PREV_LABEL},,,,,,,60000.00,,,`);
    expect((await head.get(`/funding/tracker.csv?year=${FY - 2}`)).status).toBe(404);
  });

  it("is linked from the tracker page", async () => {
    const page = await head.get("/funding/tracker");
    expect(page.text).toContain(`href="/funding/tracker.csv?year=${FY}"`);
  });
});

describe("who sees the tracker", () => {
  it("shows Riverside's head only Riverside's figures, and Oakfield's head none of them", async () => {
    const riverside = mainText((await riversideHead.get("/funding/tracker")).text);
    expect(riverside).toContain("Riverside Academy");
    expect(riverside).toContain(`${HNF_NAME} £55,505.00 £55,505.00 £0.00`);
    expect(riverside).toContain("EHC plan top-up £1,234.00 £0.00 £1,234.00");
    expect(riverside).toContain(`${refs.zara} Zara Okoro`);
    expect(riverside).toContain(`Notional SEN budget ${LABEL} £420,000.00`);
    expect(riverside).toContain("Contributions the school is carrying £6,000.00 for 1 pupil");
    for (const other of ["Amelia", "Ben Carter", "Oakfield", "£27,000.00", "£90,000.00"]) expect(riverside).not.toContain(other);
    const csv = (await riversideHead.get("/funding/tracker.csv")).text;
    expect(csv).toContain("Zara Okoro");
    expect(csv).not.toContain("Amelia");

    const oakfield = mainText((await head.get("/funding/tracker")).text);
    expect(oakfield).not.toContain("Zara");
    expect(oakfield).not.toContain("£55,505.00");
  });

  it("sets the budget of the head's own school, whatever school the form names", async () => {
    const before = await budgetRow(ids.oakfield, FY);
    const reply = await riversideHead.post("/funding/tracker", {
      year: String(FY),
      version: "1",
      budget: "43000",
      schoolId: String(ids.oakfield),
      urn: OAKFIELD,
    });
    expect(reply.status).toBe(302);
    expect((await budgetRow(ids.riverside, FY))!.notional_sen_budget_pence).toBe(4_300_000);
    expect(await budgetRow(ids.oakfield, FY)).toEqual(before);
    expect((await audits("school_budget.update")).at(-1)!.subject_id).toBe(RIVERSIDE);
  });

  it.each(["senco@oakfield.example", "officer@kent.example", "admin@kent.example"])("answers %s with 404 on the tracker, its CSV and its form", async (email) => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(email);
    const before = (await audits("funding.tracker_view")).length + (await audits("funding.tracker_export")).length;
    expect((await browser.get("/funding/tracker")).status).toBe(404);
    expect((await browser.get(`/funding/tracker?year=${PREV}`)).status).toBe(404);
    expect((await browser.get("/funding/tracker.csv")).status).toBe(404);
    const post = await browser.post("/funding/tracker", { year: String(FY), version: "0", budget: "1" });
    expect(post.status).toBe(404);
    expect((await audits("funding.tracker_view")).length + (await audits("funding.tracker_export")).length).toBe(before);
  });

  it("sends an anonymous visitor to sign in, and back to the download after", async () => {
    const reply = await new Browser(t.app.baseUrl).get(`/funding/tracker.csv?year=${FY}`);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`/login?redirectTo=${encodeURIComponent(`/funding/tracker.csv?year=${FY}`)}`);
  });
});

function cookieOf(browser: Browser) {
  return [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
}

describe("a school with many awards", () => {
  it("lists the awards 50 to a page, while the totals and the CSV count every one", async () => {
    // Riverside's last year had none: give it 55 small awards.
    for (let i = 0; i < 55; i++) {
      await addRequest({ school: ids.riverside, scheme: "SIS", status: "approved", requested: 10_000, start: `${PREV}-04-01`, end: `${PREV + 1}-03-31` });
    }
    const first = mainText((await riversideHead.get(`/funding/tracker?year=${PREV}`)).text);
    expect(first).toContain(`Awards by pupil, ${PREV_LABEL} (55; page 1 of 2)`);
    expect(first.match(/SIS-\d{4}-\d+/g)).toHaveLength(50);
    expect(first).toContain("£5,500.00");
    const second = await riversideHead.get(`/funding/tracker?year=${PREV}&page=2`);
    expect(mainText(second.text).match(/SIS-\d{4}-\d+/g)).toHaveLength(5);
    expect(second.text).toContain(`href="?year=${PREV}&amp;page=1"`);
    // The two pages hold every award once, and a page past the end shows the last one.
    const refs = (text: string) => mainText(text).match(/SIS-\d{4}-\d+/g) ?? [];
    expect(new Set([...first.match(/SIS-\d{4}-\d+/g)!, ...refs(second.text)]).size).toBe(55);
    expect(refs((await riversideHead.get(`/funding/tracker?year=${PREV}&page=9`)).text)).toEqual(refs(second.text));
    const csv = await riversideHead.get(`/funding/tracker.csv?year=${PREV}`);
    expect(csv.text.match(/^award,/gm)).toHaveLength(55);
  });
});
