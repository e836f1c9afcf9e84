import { parse } from "csv-parse/sync";
import readXlsxFile from "read-excel-file/node";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { DEFAULT_RULE, type PublishedTable, SUPPRESSED } from "../../app/domain/insight/disclosure.server.ts";
import { PROVISIONS, registerInsight } from "../../app/domain/insight/register.server.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";
import { attack } from "../setup/intruder.ts";
import { recountRegisters } from "../setup/register-recount.ts";

// Issue 13's first dashboard: pupils on the SEN registers by district and broad area of need, per 1,000 on roll,
// for officers only, every figure through the small-number protection, and the same figures as CSV.

const t = seededApp();
const db = () => t.database.db;
let officer: Browser;

beforeAll(async () => {
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
});

describe("the register dashboard", () => {
  it("shows each district's figures that are safe to show, every one equal to a recount, and c for the rest", async () => {
    const reply = await officer.get("/council/insight/register");
    expect(reply.status).toBe(200);
    const text = mainText(reply.text);
    expect(text).toContain("Pupils on SEN registers");
    expect(text).toContain("withheld to protect small numbers");
    expect(reply.text).toMatch(/<svg[^>]*role="img"/);
    const actor = await actorForEmail(db(), "officer@kent.example");
    const insight = await registerInsight(db(), actor, {});
    const count = await recountRegisters(db());
    let shown = 0;
    insight.table.rows.forEach((district, i) =>
      insight.table.columns.forEach((area, j) => {
        const cell = insight.table.cells[i]![j]!;
        const truth = count(district, area);
        if (cell === SUPPRESSED) return;
        shown++;
        expect(cell).toBe(truth);
      }),
    );
    // The demo's registers are small: most of it is withheld, and Kent's own total is shown, exactly.
    expect(insight.table.total).toBe(insight.table.rows.reduce((n, d) => n + insight.table.columns.reduce((m, a) => m + count(d, a), 0), 0));
    expect(text).toContain(`Kent`);
    expect(shown + insight.table.cells.flat().filter((c) => c === SUPPRESSED).length).toBe(insight.table.rows.length * insight.table.columns.length);
    // No count of 1 to 4 is on the page as a figure of a district.
    insight.table.rows.forEach((district, i) => insight.table.columns.forEach((area, j) => {
      const truth = count(district, area);
      if (truth > 0 && truth < 5) expect(insight.table.cells[i]![j]).toBe(SUPPRESSED);
    }));
  });

  it("leaves no withheld figure of any view to be worked out, alone or by taking one view from another", async () => {
    const actor = await actorForEmail(db(), "officer@kent.example");
    const views = PROVISIONS.map((p) => ({ phase: "", provision: p.value }));
    const tables: PublishedTable[] = [];
    for (const v of views) tables.push((await registerInsight(db(), actor, v)).table);
    const at = (phase: string, provision: string) => views.findIndex((v) => v.phase === phase && v.provision === provision);
    const links = views.flatMap((v) => [
      ...(v.provision ? [{ whole: at(v.phase, ""), part: at(v.phase, v.provision) }] : []),
      ...(v.phase ? [{ whole: at("", v.provision), part: at(v.phase, v.provision) }] : []),
    ]);
    const findings = await attack(tables, DEFAULT_RULE, []);
    for (const f of findings.filter((f) => !f.cell.startsWith("difference"))) {
      // Pinned closer than 5 only where Kent's own figures pin it (its total shown, every other figure hidden).
      expect(f.hi - f.lo, `${views[f.table]!.phase}/${views[f.table]!.provision} ${f.cell}`).toBeGreaterThanOrEqual(Math.min(5, tables[0]!.total as number));
    }
    // Each view less a part of it: a small difference (a phase's or provision's few children) is never pinned.
    const differences = await attack(tables, DEFAULT_RULE, links);
    for (const link of links) {
      const whole = tables[link.whole]!;
      const part = tables[link.part]!;
      for (const f of differences.filter((d) => d.table === link.whole && d.cell.startsWith("difference ") && d.hi - d.lo < 5)) {
        // An exact difference is one both tables show: then it is not small.
        const what = f.cell.slice("difference ".length);
        const cell = /^r(\d+)c(\d+)$/.exec(what);
        if (!cell) continue;
        const [a, b] = [whole.cells[Number(cell[1])]![Number(cell[2])]!, part.cells[Number(cell[1])]![Number(cell[2])]!];
        if (typeof a === "number" && typeof b === "number") expect(a - b === 0 || a - b >= 5, `${f.cell}: ${a} - ${b}`).toBe(true);
      }
    }
  });

  it("downloads the view's table as CSV, withheld the same way, stating the rule, and audits it", async () => {
    const page = await officer.get("/council/insight/register?provision=K");
    expect(page.status).toBe(200);
    const reply = await officer.get("/council/insight/register.csv?provision=K");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-disposition")).toMatch(/^attachment; filename="sen-registers-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows: string[][] = parse(reply.text.replace(/^\uFEFF/, ""), { relax_column_count: true });
    const actor = await actorForEmail(db(), "officer@kent.example");
    const insight = await registerInsight(db(), actor, { provision: "K" });
    expect(rows[0]).toEqual(["district", ...insight.table.columns, "total", "on_roll", "per_1000_on_roll"]);
    insight.table.rows.forEach((district, i) => expect(rows[i + 1]!.slice(0, 1 + insight.table.columns.length)).toEqual([district, ...insight.table.cells[i]!.map(String)]));
    expect(reply.text).toContain("SEN support (K)");
    expect(reply.text).toContain("Counts of 1 to 4 children are shown as c");
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "insight.export").execute();
    expect(audit.map((a) => (typeof a.detail === "string" ? JSON.parse(a.detail) : a.detail))).toEqual([expect.objectContaining({ format: "csv", provision: "K" })]);
  });

  it("downloads every provision as a workbook, one sheet a table, each read back as its page shows it", async () => {
    const reply = await fetch(`${t.app.baseUrl}/council/insight/register.xlsx`, { headers: { Cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-disposition")).toMatch(/^attachment; filename="sen-registers-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const bytes = Buffer.from(await reply.arrayBuffer());
    const book = await readXlsxFile(bytes);
    expect(book.map((s) => s.sheet)).toEqual(["Both provisions", "SEN support (K)", "EHC plan (E)", "About these figures"]);
    const sheetRows = (name: string) => book.find((s) => s.sheet === name)!.data;
    const actor = await actorForEmail(db(), "officer@kent.example");
    for (const [sheet, provision] of [["Both provisions", ""], ["EHC plan (E)", "E"]] as const) {
      const rows = sheetRows(sheet);
      const { table } = await registerInsight(db(), actor, { provision });
      expect(rows[0]).toEqual(["district", ...table.columns, "total", "on_roll", "per_1000_on_roll"]);
      table.rows.forEach((district, i) => expect(rows[i + 1]!.slice(0, 1 + table.columns.length)).toEqual([district, ...table.cells[i]!]));
      expect(rows[table.rows.length + 1]!.slice(0, 1 + table.columns.length)).toEqual(["Kent", ...table.columnTotals]);
    }
    const about = sheetRows("About these figures").map((r) => String(r[0]));
    expect(about.some((line) => line.startsWith("Extracted "))).toBe(true);
    expect(about.some((line) => line.includes("Counts of 1 to 4 children are shown as c"))).toBe(true);
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "insight.export").execute();
    expect(audit.map((a) => (typeof a.detail === "string" ? JSON.parse(a.detail) : a.detail).format)).toContain("xlsx");
  });

  it("follows the registers: a pupil added is counted the next time the page is read", async () => {
    const actor = await actorForEmail(db(), "officer@kent.example");
    const before = await registerInsight(db(), actor, {});
    const pupil = await db().selectFrom("pupils").selectAll().where("date_left", "is", null).limit(1).executeTakeFirstOrThrow();
    const { id: _id, created_at: _c, updated_at: _u, version: _v, ...copy } = pupil;
    await db().insertInto("pupils").values({ ...copy, upn: null, first_name: "New" }).execute();
    const after = await registerInsight(db(), actor, {});
    expect(after.table.total).toBe((before.table.total as number) + 1);
    expect(after.computedAt.getTime()).toBeGreaterThanOrEqual(before.computedAt.getTime());
  });

  it("is for council officers only: school staff, a champion and a specialist teacher get 404", async () => {
    for (const email of ["senco@oakfield.example", "head@oakfield.example", "champion@kent.example", "stls@kent.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      expect((await browser.get("/council/insight/register")).status).toBe(404);
      expect((await browser.get("/council/insight/register.csv")).status).toBe(404);
      expect((await browser.get("/council/insight/register.xlsx")).status).toBe(404);
    }
  });

  it("reads an unknown phase or provision in the address as all of them", async () => {
    const reply = await officer.get(`/council/insight/register?provision=${encodeURIComponent("<script>")}`);
    expect(reply.status).toBe(200);
    expect(mainText(reply.text)).toContain("SEN support and EHC plans, every phase");
    expect(reply.text).not.toContain("<script>");
  });
});
