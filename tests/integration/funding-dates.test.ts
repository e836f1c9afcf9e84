import { describe, expect, it } from "vitest";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { requestOf } from "../setup/inventory.ts";

// Issue 14: a funding request's period and an award's period are entered in the GOV.UK date input (Day, Month,
// Year, in UK order), never a native date picker that reads 01/09/2026 as 9 January in an English-US browser.

const t = seededApp();

async function newDraft(senco: Browser) {
  const scheme = await t.database.db.selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow();
  const reply = await senco.post("/funding/new", { schemeId: String(scheme.id), idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}` });
  const reference = /^\/funding\/([A-Z]+-\d{4}-\d{5})\/edit/.exec(reply.location ?? "")![1]!;
  const row = await t.database.db.selectFrom("funding_requests").select(["version"]).where("reference", "=", reference).executeTakeFirstOrThrow();
  return { reference, version: row.version };
}

describe("the dates of a funding request", () => {
  it("reads 1 9 2026 as the first of September, saves it, and shows it back in its three boxes", async () => {
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const { reference, version } = await newDraft(senco);
    const form = await senco.get(`/funding/${reference}/edit/period`);
    expect(form.text).not.toContain('type="date"');
    expect(form.text).toContain('name="periodStart.day"');
    const saved = await senco.post(`/funding/${reference}/edit`, {
      version: String(version),
      intent: "save",
      "periodStart.day": "1",
      "periodStart.month": "9",
      "periodStart.year": "2026",
      "periodEnd.day": "31",
      "periodEnd.month": "3",
      "periodEnd.year": "2027",
    });
    expect(saved.status).toBe(302);
    const row = await t.database.db.selectFrom("funding_requests").select(["period_start", "period_end"]).where("reference", "=", reference).executeTakeFirstOrThrow();
    expect([row.period_start, row.period_end]).toEqual(["2026-09-01", "2027-03-31"]);
    const again = (await senco.get(`/funding/${reference}/edit/period`)).text;
    expect(again).toMatch(/name="periodStart.day"[^>]*value="1"/);
    expect(again).toMatch(/name="periodStart.month"[^>]*value="9"/);
    expect(again).toMatch(/name="periodEnd.day"[^>]*value="31"/);
  });

  it("says what is missing or wrong in the Design System's words, keeps what was typed, and saves no date", async () => {
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const { reference, version } = await newDraft(senco);
    const reply = await senco.post(`/funding/${reference}/edit`, {
      version: String(version),
      intent: "save",
      "periodStart.day": "1",
      "periodStart.year": "2026",
      "periodEnd.day": "31",
      "periodEnd.month": "2",
      "periodEnd.year": "2027",
    });
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: /);
    const text = mainText(reply.text);
    expect(text).toContain("The start date must include a month");
    expect(text).toContain("The end date must be a real date");
    expect(reply.text).toMatch(/name="periodEnd.month"[^>]*value="2"/);
    const row = await t.database.db.selectFrom("funding_requests").select(["period_start", "period_end"]).where("reference", "=", reference).executeTakeFirstOrThrow();
    expect([row.period_start, row.period_end]).toEqual([null, null]);
  });

  it("offers the officer the award period in the same boxes, set to the period requested", async () => {
    const officer = new Browser(t.app.baseUrl);
    await officer.signIn("officer@kent.example");
    const reference = await requestOf(t.database, "990001", "submitted");
    const row = await t.database.db.selectFrom("funding_requests").select("period_start").where("reference", "=", reference).executeTakeFirstOrThrow();
    const page = (await officer.get(`/funding/${reference}/decide`)).text;
    expect(page).not.toContain('type="date"');
    const [year, month, day] = row.period_start!.split("-");
    expect(page).toMatch(new RegExp(`name="awardStart.day"[^>]*value="${Number(day)}"`));
    expect(page).toMatch(new RegExp(`name="awardStart.month"[^>]*value="${Number(month)}"`));
    expect(page).toMatch(new RegExp(`name="awardStart.year"[^>]*value="${year}"`));
  });
});
