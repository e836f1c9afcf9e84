import readXlsxFile from "read-excel-file/node";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { currentFinancialYear, financialYearLabel } from "../../app/domain/financial-year.ts";
import { fundingInsight } from "../../app/domain/insight/funding.server.ts";
import { stlsInsight } from "../../app/domain/insight/stls.server.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";

// Issue 13's monitoring report pack: one workbook of every dashboard's tables for a financial year, a cover sheet
// first saying the period, when it was made, each part's freshness and the rule; the same figures as the
// dashboards; audited; for council officers only.

const t = seededApp();
const db = () => t.database.db;
let officer: Browser;
const year = currentFinancialYear();

beforeAll(async () => {
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
});

describe("the monitoring report pack", () => {
  it("lists its parts on its page and downloads them as one workbook, the cover first, each table as its dashboard has it", async () => {
    const page = await officer.get(`/council/insight/pack?year=${year}`);
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain(`What the ${financialYearLabel(year)} pack holds`);
    for (const part of ["Funding requests, decisions and awards", "STLS referrals through LIFT", "Training", "SRP places", "Pupils on SEN registers", "Inclusion Champions' visits"]) expect(text).toContain(part);
    const reply = await fetch(`${t.app.baseUrl}/council/insight/pack.xlsx?year=${year}`, { headers: { Cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-disposition")).toMatch(/^attachment; filename="monitoring-pack-\d{4}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const book = await readXlsxFile(Buffer.from(await reply.arrayBuffer()));
    const names = book.map((s) => s.sheet);
    expect(names[0]).toBe("About this pack");
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => n.length <= 31)).toBe(true);
    for (const sheet of ["Funding Requests by status", "Funding Awards against budget", "Funding Requests each month", "STLS Disciplines by outcome", "Training By programme", "SRP By district", "Register Both provisions", "Champions By focus area"]) {
      expect(names, sheet).toContain(sheet);
    }
    const cover = book[0]!.data.map((r) => String(r[0]));
    expect(cover[0]).toContain(`financial year ${financialYearLabel(year)} (1 April ${year} to 31 March ${year + 1})`);
    expect(cover.some((l) => l.startsWith("Extracted "))).toBe(true);
    expect(cover.some((l) => l.startsWith("Funding requests, decisions and awards: figures as they were at "))).toBe(true);
    expect(cover.some((l) => l.includes("Counts of 1 to 4 children are shown as c"))).toBe(true);
    const actor = await actorForEmail(db(), "officer@kent.example");
    const funding = await fundingInsight(db(), actor, year);
    const status = book.find((s) => s.sheet === "Funding Requests by status")!.data;
    funding.byDistrict.table.rows.forEach((d, i) => expect(status[i + 1]).toEqual([d, ...funding.byDistrict.table.cells[i]!, funding.byDistrict.table.rowTotals![i]]));
    const stls = await stlsInsight(db(), actor, year);
    const outcomes = book.find((s) => s.sheet === "STLS Disciplines by outcome")!.data;
    expect(outcomes.at(-1)).toEqual(["Kent", ...stls.disciplineOutcome.columnTotals, stls.disciplineOutcome.total]);
    const audit = await db().selectFrom("audit_events").select(["subject_id", "detail"]).where("action", "=", "insight.export").execute();
    expect(audit.map((a) => a.subject_id)).toEqual(["monitoring_pack"]);
  });

  it("is for council officers only, and reads a year not offered as this one", async () => {
    for (const email of ["head@oakfield.example", "stls@kent.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      expect((await browser.get("/council/insight/pack")).status).toBe(404);
      expect((await browser.get("/council/insight/pack.xlsx")).status).toBe(404);
    }
    expect(mainText((await officer.get("/council/insight/pack?year=1066")).text)).toContain(`What the ${financialYearLabel(year)} pack holds`);
  });
});
