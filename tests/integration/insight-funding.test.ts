import { parse } from "csv-parse/sync";
import readXlsxFile from "read-excel-file/node";
import { beforeAll, describe, expect, it } from "vitest";
import { insertFundingRequests, typicalPlan, type FundingSeed } from "../../db/seed/funding.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { currentFinancialYear, financialYearLabel } from "../../app/domain/financial-year.ts";
import type { FundingStatus } from "../../app/domain/funding/funding.schema.ts";
import { DEFAULT_RULE, type PublishedTable, SUPPRESSED } from "../../app/domain/insight/disclosure.server.ts";
import { NO_PUPIL, STATUS_GROUPS, fundingInsight } from "../../app/domain/insight/funding.server.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";
import { attack } from "../setup/intruder.ts";

// Issue 13's funding dashboard: requests for a financial year by district and status, and by need; money asked for
// and awarded; time to decide; awards against budgets officers enter; requests each month against the year before.
// Every figure equals a recount from the rows (the tests' own SQL), none can be worked out by an intruder, and the
// exports say the same.

const t = seededApp();
const db = () => t.database.db;
let officer: Browser;
const year = currentFinancialYear();
const STATUSES: FundingStatus[] = ["submitted", "in_review", "more_information_needed", "approved", "partly_approved", "declined", "withdrawn"];

/** A few hundred requests for this year across the demo's schools, schemes and statuses: some cells large, many small. */
async function addRequests() {
  const schools = await db().selectFrom("schools").select(["id"]).where("district_id", "is not", null).orderBy("id").execute();
  const schemes = await db().selectFrom("funding_schemes").select(["id", "code"]).orderBy("id").execute();
  const users = await db().selectFrom("users").select(["id", "email"]).where("email", "in", ["senco@oakfield.example", "head@oakfield.example", "officer@kent.example"]).execute();
  const id = (email: string) => users.find((u) => u.email === email)!.id;
  const pupils = await db().selectFrom("pupils").select("id").execute();
  let seed = 20261203;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    // The high bits: a power-of-two LCG's low bits repeat every few draws.
    return Math.floor(seed / 65_536) % n;
  };
  const seeds: FundingSeed[] = [];
  const now = Date.now();
  for (let k = 0; k < 400; k++) {
    // Most requests from the first few schools (large cells), the rest spread thin (small ones).
    const school = schools[next(4) === 0 ? next(schools.length) : next(3)]!;
    const scheme = schemes[next(schemes.length)]!;
    // Most requests are for a pupil (of any need), some a school's own.
    const pupil = next(7) > 0 ? pupils[next(pupils.length)]! : null;
    seeds.push({
      schoolId: school.id,
      schemeId: scheme.id,
      schemeCode: scheme.code,
      pupilId: pupil?.id ?? null,
      status: STATUSES[next(STATUSES.length)]!,
      sencoId: id("senco@oakfield.example"),
      headId: id("head@oakfield.example"),
      officerId: id("officer@kent.example"),
      periodStart: `${year}-09-01`,
      periodEnd: `${year + 1}-03-31`,
      requestedPence: (2_000 + next(12_000)) * 100,
      lines: typicalPlan(20_000_00),
      evidence: {},
      // Started in the last 200 days (this financial year and the end of the last).
      startedAt: new Date(now - (10 + next(190)) * 86_400_000),
    });
  }
  await insertFundingRequests(db(), seeds);
}

/** The year's requests counted afresh, with the tests' own SQL: by district name, scheme, status and need. */
async function recount() {
  const rows = await db()
    .selectFrom("funding_requests as r")
    .innerJoin("schools as s", "s.id", "r.school_id")
    .innerJoin("districts as d", "d.id", "s.district_id")
    .leftJoin("pupils as p", "p.id", "r.pupil_id")
    .leftJoin("sen_need_types as n", "n.code", "p.primary_need")
    .leftJoin("need_areas as a", "a.name", "n.broad_area")
    .innerJoin("funding_schemes as f", "f.id", "r.scheme_id")
    .select(["d.name as district", "f.name as scheme", "r.status", "a.short_name as area", "r.amount_requested_pence", "r.awarded_pence"])
    .where("r.financial_year", "=", year)
    .where("r.submitted_at", "is not", null)
    .execute();
  return (filter: { district?: string; scheme?: string; statuses?: string[]; area?: string }) =>
    rows.filter(
      (r) =>
        (filter.district === undefined || r.district === filter.district) &&
        (filter.scheme === undefined || r.scheme === filter.scheme) &&
        (filter.statuses === undefined || filter.statuses.includes(r.status)) &&
        (filter.area === undefined || (r.area ?? NO_PUPIL) === filter.area),
    );
}

beforeAll(async () => {
  await addRequests();
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
}, 120_000);

describe("the funding dashboard", () => {
  it("shows every figure it can, each equal to a recount, and withholds every count of 1 to 4 requests", async () => {
    const reply = await officer.get(`/council/insight/funding?year=${year}`);
    expect(reply.status).toBe(200);
    const text = mainText(reply.text);
    expect(text).toContain("Funding requests and awards");
    expect(text).toContain(`every scheme, ${financialYearLabel(year)}, Every district in Kent`);
    expect(text).toContain("Requests by scheme and status: Kent");
    expect(reply.text).toMatch(/<svg[^>]*role="img"/);
    const actor = await actorForEmail(db(), "officer@kent.example");
    const insight = await fundingInsight(db(), actor, year);
    const count = await recount();
    let shown = 0;
    let withheld = 0;
    const check = (published: number | "c", truth: number, what: string) => {
      if (published === SUPPRESSED) {
        withheld++;
        return;
      }
      shown++;
      expect(published, what).toBe(truth);
      expect(truth === 0 || truth >= 5 || what === "Kent", `${what}: ${truth} shown`).toBe(true);
    };
    const AWARDED_AT = STATUS_GROUPS.findIndex((g) => g.key === "awarded");
    for (const [by, b] of [["district", insight.byDistrict], ["scheme", insight.byScheme]] as const) {
      b.table.rows.forEach((name, i) => {
        const of = { [by]: name };
        STATUS_GROUPS.forEach((g, j) => check(b.table.cells[i]![j]!, count({ ...of, statuses: g.statuses }).length, `${name} ${g.label}`));
        check(b.table.rowTotals![i]!, count(of).length, name);
        b.need.columns.forEach((area, j) => check(b.need.cells[i]![j]!, count({ ...of, area }).length, `${name} ${area}`));
        const requested = b.requestedPence[i]!;
        if (requested !== SUPPRESSED) expect(requested).toBe(count(of).reduce((n, r) => n + (r.amount_requested_pence ?? 0), 0));
        const awarded = b.awardedPence[i]!;
        if (awarded !== SUPPRESSED) expect(awarded).toBe(count({ ...of, statuses: ["approved", "partly_approved"] }).reduce((n, r) => n + (r.awarded_pence ?? 0), 0));
        // Money is withheld exactly where the count of requests behind it is.
        expect(requested === SUPPRESSED).toBe(b.table.rowTotals![i] === SUPPRESSED);
        expect(awarded === SUPPRESSED).toBe(b.table.cells[i]![AWARDED_AT] === SUPPRESSED);
      });
      STATUS_GROUPS.forEach((g, j) => check(b.table.columnTotals[j]!, count({ statuses: g.statuses }).length, `Kent ${g.label}`));
      b.need.columns.forEach((area, j) => check(b.need.columnTotals[j]!, count({ area }).length, `Kent ${area}`));
      check(b.table.total, count({}).length, "Kent");
      // The same requests by need: the same totals, hidden alike.
      expect(b.need.rowTotals).toEqual(b.table.rowTotals);
      expect(b.need.total).toEqual(b.table.total);
    }
    expect(insight.byScheme.table.columnTotals).toEqual(insight.byDistrict.table.columnTotals);
    expect(insight.byScheme.need.columnTotals).toEqual(insight.byDistrict.need.columnTotals);
    expect(insight.byDistrict.table.total).toBe(count({}).length);
    expect(shown).toBeGreaterThan(20);
    expect(withheld).toBeGreaterThan(20);
  });

  it("leaves no withheld count to be worked out from the four tables of the same requests, their shared totals equal", async () => {
    const actor = await actorForEmail(db(), "officer@kent.example");
    const insight = await fundingInsight(db(), actor, year);
    const tables: PublishedTable[] = [insight.byDistrict.table, insight.byDistrict.need, insight.byScheme.table, insight.byScheme.need];
    const ties = [
      { a: 0, b: 1 },
      { a: 0, b: 2, aLines: "columns" as const, bLines: "columns" as const },
      { a: 1, b: 3, aLines: "columns" as const, bLines: "columns" as const },
      { a: 2, b: 3 },
    ];
    const findings = await attack(tables, DEFAULT_RULE, [], ties);
    expect(findings.length).toBeGreaterThan(10);
    for (const f of findings) expect(f.hi - f.lo, `table ${f.table} ${f.cell} pinned to ${f.lo}-${f.hi}`).toBeGreaterThanOrEqual(5);
    // Attacked without knowing the tables share totals, nothing more is given away.
    expect((await attack(tables, DEFAULT_RULE)).filter((f) => f.hi - f.lo < 5)).toEqual([]);
    for (const t of [insight.months.thisYear, insight.months.lastYear, insight.awards]) {
      for (const f of await attack([t], DEFAULT_RULE)) expect(f.hi - f.lo, f.cell).toBeGreaterThanOrEqual(Math.min(5, t.total as number));
    }
  });

  it("shows only the chosen area's or district's rows, beside Kent's figures", async () => {
    const districts = await db().selectFrom("districts").select(["code", "name", "area"]).orderBy("name").execute();
    const tableRows = (html: string) => [...html.matchAll(/<tr[^>]*>\s*<t[hd][^>]*>([^<]*)</g)].map((m) => m[1]!.replace(/&amp;/g, "&").trim());
    const west = await officer.get(`/council/insight/funding?year=${year}&place=area:West`);
    expect(mainText(west.text)).toContain(`${financialYearLabel(year)}, West Kent`);
    const shownDistricts = new Set(tableRows(west.text).filter((name) => districts.some((d) => d.name === name)));
    expect([...shownDistricts].sort()).toEqual(districts.filter((d) => d.area === "West").map((d) => d.name).sort());
    const one = await officer.get(`/council/insight/funding?year=${year}&place=district:maidstone`);
    expect(mainText(one.text)).toContain(`${financialYearLabel(year)}, Maidstone`);
    expect(new Set(tableRows(one.text).filter((name) => districts.some((d) => d.name === name)))).toEqual(new Set(["Maidstone"]));
  });

  it("reads odd choices in the address as the defaults, and shows nothing of them", async () => {
    for (const query of ["year=abc&scheme=..%2F..&place=%3Cscript%3E", "year=1999&scheme=99999999&place=district:nowhere", `year=${"9".repeat(400)}&place=${"x".repeat(5000)}`]) {
      const reply = await officer.get(`/council/insight/funding?${query}`);
      expect(reply.status).toBe(200);
      expect(mainText(reply.text)).toContain(`every scheme, ${financialYearLabel(year)}, Every district in Kent`);
      expect(reply.text).not.toContain("<script>");
      expect(mainText(reply.text)).not.toContain("nowhere");
    }
  });

  it("downloads the view's tables as CSV and as a workbook, the same figures withheld, stating the rule, each audited", async () => {
    const actor = await actorForEmail(db(), "officer@kent.example");
    const insight = await fundingInsight(db(), actor, year);
    const view = insight.byDistrict;
    const csv = await officer.get(`/council/insight/funding.csv?year=${year}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="funding-\d{4}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows: string[][] = parse(csv.text.replace(/^\uFEFF/, ""), { relax_column_count: true });
    expect(rows[0]).toEqual(["Requests by status"]);
    expect(rows[1]).toEqual(["district", ...STATUS_GROUPS.map((g) => g.label), "total"]);
    view.table.rows.forEach((district, i) => expect(rows[i + 2]).toEqual([district, ...view.table.cells[i]!.map(String), String(view.table.rowTotals![i])]));
    expect(csv.text).toContain("Counts of 1 to 4 children are shown as c");
    expect(csv.text).toContain("A sum of money is withheld wherever the count of requests behind it is.");

    const reply = await fetch(`${t.app.baseUrl}/council/insight/funding.xlsx?year=${year}`, { headers: { Cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
    expect(reply.status).toBe(200);
    const book = await readXlsxFile(Buffer.from(await reply.arrayBuffer()));
    expect(book.map((s) => s.sheet)).toEqual(["Requests by status", "Requests by need", "Money by district", "Schemes by status", "Schemes by need", "Money by scheme", "Time to decide", "Requests each month", "Awards against budget", "About these figures"]);
    const need = book.find((s) => s.sheet === "Requests by need")!.data;
    expect(need[0]).toEqual(["district", ...view.need.columns, "total"]);
    view.need.rows.forEach((district, i) => expect(need[i + 1]).toEqual([district, ...view.need.cells[i]!, view.need.rowTotals![i]]));
    const money = book.find((s) => s.sheet === "Money by district")!.data;
    view.table.rows.forEach((district, i) => {
      const pence = view.requestedPence[i]!;
      expect(money[i + 1]![1]).toBe(pence === SUPPRESSED ? SUPPRESSED : pence / 100);
    });
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "insight.export").execute();
    expect(audit.map((a) => (typeof a.detail === "string" ? JSON.parse(a.detail) : a.detail).format).sort()).toEqual(["csv", "xlsx"]);
  });

  it("times decisions in working days against each scheme's target, withholding a scheme with fewer than 5 decided", async () => {
    const actor = await actorForEmail(db(), "officer@kent.example");
    const insight = await fundingInsight(db(), actor, year);
    const every = insight.timeliness[0]!;
    expect(every.scheme).toBe("Every scheme");
    expect(typeof every.median).toBe("number");
    expect(every.p90 as number).toBeGreaterThanOrEqual(every.median as number);
    const decided = await db()
      .selectFrom("funding_requests")
      .select(["scheme_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("financial_year", "=", year)
      .where("status", "in", ["approved", "partly_approved", "declined"])
      .groupBy("scheme_id")
      .execute();
    insight.counted.schemes.forEach((s, i) => {
      const n = Number(decided.find((d) => d.scheme_id === s.id)?.n ?? 0);
      const line = insight.timeliness[i + 1]!;
      if (n === 0) expect(line.median).toBeNull();
      else if (n < 5) expect([line.median, line.p90, line.onTimePercent]).toEqual([SUPPRESSED, SUPPRESSED, SUPPRESSED]);
      else expect(typeof line.median).toBe("number");
    });
  });

  it("is for council officers only: school staff, a champion and a specialist teacher get 404 on every page", async () => {
    const scheme = await db().selectFrom("funding_schemes").select("id").limit(1).executeTakeFirstOrThrow();
    for (const email of ["senco@oakfield.example", "head@oakfield.example", "champion@kent.example", "stls@kent.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      for (const path of ["/council/insight/funding", "/council/insight/funding.csv", "/council/insight/funding.xlsx", `/council/insight/budgets/${scheme.id}`]) {
        expect((await browser.get(path)).status, `${email} ${path}`).toBe(404);
      }
      expect((await browser.post(`/council/insight/budgets/${scheme.id}`, { schemeId: String(scheme.id), year: String(year), version: "0", budget: "100" })).status).toBe(404);
    }
    expect(await db().selectFrom("funding_scheme_budgets").selectAll().execute()).toEqual([]);
  });
});

describe("a scheme's budget", () => {
  it("is set by an officer, audited, and shown on the dashboard against the year's awards", async () => {
    const scheme = await db().selectFrom("funding_schemes").select(["id", "name", "code"]).where("code", "=", "HNF").executeTakeFirstOrThrow();
    const form = await officer.get(`/council/insight/budgets/${scheme.id}?year=${year}`);
    expect(form.status).toBe(200);
    expect(mainText(form.text)).toContain(`No budget has been set for ${financialYearLabel(year)} yet.`);
    const saved = await officer.post(`/council/insight/budgets/${scheme.id}`, { schemeId: String(scheme.id), year: String(year), version: "0", budget: "2,500,000" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/council/insight/funding?year=${year}&budget=saved`);
    const row = await db().selectFrom("funding_scheme_budgets").selectAll().where("scheme_id", "=", scheme.id).executeTakeFirstOrThrow();
    expect([Number(row.budget_pence), row.financial_year, row.version]).toEqual([250_000_000, year, 1]);
    const audit = await db().selectFrom("audit_events").select(["subject_id", "detail"]).where("action", "=", "scheme_budget.update").execute();
    expect(audit.map((a) => a.subject_id)).toEqual([scheme.code]);
    const page = mainText((await officer.get(`/council/insight/funding?year=${year}&budget=saved`)).text);
    expect(page).toContain("The budget has been saved.");
    expect(page).toContain("£2,500,000");
    // The same figure sent again from the same form is the same change; another figure from it is refused as stale.
    expect((await officer.post(`/council/insight/budgets/${scheme.id}`, { schemeId: String(scheme.id), year: String(year), version: "0", budget: "2500000" })).status).toBe(302);
    const stale = await officer.post(`/council/insight/budgets/${scheme.id}`, { schemeId: String(scheme.id), year: String(year), version: "0", budget: "3000000" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("£2,500,000");
    expect(Number((await db().selectFrom("funding_scheme_budgets").select("budget_pence").executeTakeFirstOrThrow()).budget_pence)).toBe(250_000_000);
    expect((await officer.post(`/council/insight/budgets/${scheme.id}`, { schemeId: String(scheme.id), year: String(year), version: "1", budget: "3000000" })).status).toBe(302);
  });

  it("refuses a budget that is not an amount, is negative or too large, or is for a year not offered, saying why and keeping what was typed", async () => {
    const scheme = await db().selectFrom("funding_schemes").select("id").where("code", "=", "SIS").executeTakeFirstOrThrow();
    const cases: [Record<string, string>, string][] = [
      [{ budget: "lots" }, "Enter the budget in pounds, like 2,500,000 or 2500000"],
      [{ budget: "" }, "Enter the budget"],
      [{ budget: "-5" }, "Budget cannot be negative"],
      [{ budget: "999999999" }, "Budget must be £900,000,000 or less"],
      [{ budget: "100", year: String(year - 9) }, "You can set a budget for this financial year or the four before it only"],
    ];
    for (const [fields, message] of cases) {
      const reply = await officer.post(`/council/insight/budgets/${scheme.id}`, { schemeId: String(scheme.id), year: String(year), version: "0", ...fields });
      expect(reply.status, message).toBe(400);
      expect(mainText(reply.text)).toContain(message);
      if (fields.budget) expect(reply.text).toContain(`value="${fields.budget}"`);
    }
    expect(await db().selectFrom("funding_scheme_budgets").selectAll().where("scheme_id", "=", scheme.id).execute()).toEqual([]);
    expect((await officer.get("/council/insight/budgets/99999999")).status).toBe(404);
    expect((await officer.get("/council/insight/budgets/abc")).status).toBe(404);
    // The scheme is the address's, not the form's.
    const other = await db().selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow();
    expect((await officer.post(`/council/insight/budgets/${scheme.id}`, { schemeId: String(other.id), year: String(year), version: "0", budget: "10" })).status).toBe(302);
    expect(Number((await db().selectFrom("funding_scheme_budgets").select("budget_pence").where("scheme_id", "=", scheme.id).executeTakeFirstOrThrow()).budget_pence)).toBe(1000);
  });
});
