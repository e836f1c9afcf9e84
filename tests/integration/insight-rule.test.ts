import { parse } from "csv-parse/sync";
import readXlsxFile from "read-excel-file/node";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { currentFinancialYear } from "../../app/domain/financial-year.ts";
import { SUPPRESSED } from "../../app/domain/insight/disclosure.server.ts";
import { registerInsight } from "../../app/domain/insight/register.server.ts";
import { stlsInsight } from "../../app/domain/insight/stls.server.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";
import { recountRegisters } from "../setup/register-recount.ts";

// Issue 13: the small-number rule is a council setting (ADR 75). An officer chooses between withholding counts under
// a threshold and NHS England's rounding, and the protection interval; every dashboard, download and the pack then
// publish under it, say so, and the change is audited. Anyone else is refused; bad or stale forms change nothing.

const t = seededApp();
const db = () => t.database.db;
let officer: Browser;
const year = currentFinancialYear();

beforeAll(async () => {
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
});

const settings = () => db().selectFrom("insight_disclosure_settings").selectAll().executeTakeFirstOrThrow();

async function download(path: string) {
  const reply = await fetch(`${t.app.baseUrl}${path}`, { headers: { Cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
  expect(reply.status, path).toBe(200);
  return reply;
}

describe("the small-number rule", () => {
  it("is the portal's own until an officer changes it: under 5 withheld, within 5 either way", async () => {
    const page = await officer.get("/council/insight/rule");
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain("Counts of 1 to 4 children are shown as c");
    expect(text).toContain("This is the portal's own rule: nobody has changed it.");
    expect(page.text).toMatch(/<input(?=[^>]*value="suppress")(?=[^>]*checked)[^>]*>/);
    expect(page.text).toContain('aria-current="page"');
  });

  it("refuses a rule it cannot apply, saying why, keeping what was typed, and changing nothing", async () => {
    const before = await settings();
    const cases: [Record<string, string>, string][] = [
      [{ kind: "suppress", threshold: "2", protection: "5" }, "Enter the threshold as a whole number from 3 to 20"],
      [{ kind: "suppress", threshold: "21", protection: "5" }, "Enter the threshold as a whole number from 3 to 20"],
      [{ kind: "suppress", threshold: "five", protection: "5" }, "Enter the threshold as a whole number from 3 to 20"],
      [{ kind: "suppress", threshold: "", protection: "5" }, "Enter the threshold"],
      [{ kind: "suppress", threshold: "5", protection: "0" }, "Enter the protection interval as a whole number from 1 to 20"],
      [{ kind: "round", threshold: "5", protection: "1e3" }, "Enter the protection interval as a whole number from 1 to 20"],
      [{ kind: "secret", threshold: "5", protection: "5" }, "Choose the rule the figures are published under"],
      [{ threshold: "5", protection: "5" }, "Choose the rule the figures are published under"],
    ];
    for (const [fields, message] of cases) {
      const reply = await officer.post("/council/insight/rule", { version: String(before.version), ...fields });
      expect(reply.status, message).toBe(400);
      expect(mainText(reply.text), JSON.stringify(fields)).toContain(message);
      if (fields.threshold) expect(reply.text).toContain(`value="${fields.threshold}"`);
    }
    expect(await settings()).toEqual(before);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "insight.rule_update").execute()).toEqual([]);
  });

  it("is for council officers only: everyone else gets 404 and changes nothing", async () => {
    const before = await settings();
    for (const email of ["senco@oakfield.example", "head@oakfield.example", "champion@kent.example", "stls@kent.example", "admin@kent.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      expect((await browser.get("/council/insight/rule")).status, email).toBe(404);
      expect((await browser.post("/council/insight/rule", { version: String(before.version), kind: "suppress", threshold: "3", protection: "1" })).status, email).toBe(404);
    }
    expect(await settings()).toEqual(before);
  });

  it("rounds every dashboard's counts once an officer chooses NHS England's rule, says so everywhere, and is audited", async () => {
    const before = await settings();
    const saved = await officer.post("/council/insight/rule", { version: String(before.version), kind: "round", threshold: "", protection: "5" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe("/council/insight/rule?saved=1");
    const after = await settings();
    expect([after.rule_kind, after.threshold, after.protection, after.version]).toEqual(["round", 5, 5, before.version + 1]);
    const page = mainText((await officer.get("/council/insight/rule?saved=1")).text);
    expect(page).toContain("The rule is saved.");
    expect(page).toMatch(/Set by .+ on /);
    const audit = await db().selectFrom("audit_events").select(["detail"]).where("action", "=", "insight.rule_update").execute();
    expect(audit.map((a) => a.detail)).toEqual([{ from: { kind: "suppress", threshold: 5, protection: 5 }, to: { kind: "round", protection: 5 } }]);

    const rounded = "Counts of 1 to 7 children are shown as c and every other count is rounded to the nearest 5";
    for (const path of ["/council/insight/register", "/council/insight/funding", "/council/insight/stls", "/council/insight/srp"]) {
      expect(mainText((await officer.get(path)).text), path).toContain(rounded);
    }
    const actor = await actorForEmail(db(), "officer@kent.example");
    const register = await registerInsight(db(), actor, {});
    expect(register.rule).toEqual({ kind: "round", protection: 5 });
    const count = await recountRegisters(db());
    register.table.rows.forEach((district, i) =>
      register.table.columns.forEach((area, j) => {
        const cell = register.table.cells[i]![j]!;
        const truth = count(district, area);
        if (truth > 0 && truth <= 7) expect(cell).toBe(SUPPRESSED);
        if (cell !== SUPPRESSED) {
          expect(cell % 5).toBe(0);
          expect(Math.abs(cell - truth)).toBeLessThanOrEqual(2);
        }
      }),
    );
    const csv = parse(await (await download("/council/insight/register.csv")).text(), { relax_column_count: true }) as string[][];
    expect(csv.some((row) => row[0]?.startsWith(rounded))).toBe(true);
    const pack = await readXlsxFile(Buffer.from(await (await download(`/council/insight/pack.xlsx?year=${year}`)).arrayBuffer()));
    expect(pack[0]!.data.some((r) => String(r[0]).startsWith(rounded))).toBe(true);
    // Sent again from the same page (a double click): the same change, not a second one.
    expect((await officer.post("/council/insight/rule", { version: String(before.version), kind: "round", threshold: "", protection: "5" })).status).toBe(302);
    expect((await settings()).version).toBe(before.version + 1);
  });

  it("withholds every count under a higher threshold at once, and refuses a change from a page drawn before another", async () => {
    const before = await settings();
    expect((await officer.post("/council/insight/rule", { version: String(before.version), kind: "suppress", threshold: "10", protection: "3" })).status).toBe(302);
    const actor = await actorForEmail(db(), "officer@kent.example");
    const register = await registerInsight(db(), actor, {});
    expect(register.rule).toEqual({ kind: "suppress", threshold: 10, protection: 3 });
    const count = await recountRegisters(db());
    register.table.rows.forEach((district, i) =>
      register.table.columns.forEach((area, j) => {
        const truth = count(district, area);
        if (truth > 0 && truth < 10) expect(register.table.cells[i]![j]).toBe(SUPPRESSED);
      }),
    );
    const stls = await stlsInsight(db(), actor, year);
    // A waiting time is a figure about the pupils behind it: shown over 10 or more only.
    stls.waiting.forEach((line, i) => {
      const pupils = stls.counted.referrals.filter((r) => r.firstVisitOn !== null && (i === 0 || r.discipline === line.discipline)).length;
      if (pupils > 0) expect(line.median === SUPPRESSED, line.discipline).toBe(pupils < 10);
    });
    expect(mainText((await officer.get("/council/insight/training")).text)).toContain("an average usefulness over fewer than 10 evaluations is withheld");
    // A second officer's page, drawn before that change, cannot undo it unseen.
    const stale = await officer.post("/council/insight/rule", { version: String(before.version), kind: "suppress", threshold: "5", protection: "5" });
    expect(stale.status).toBe(409);
    expect((await settings()).threshold).toBe(10);
  });
});
