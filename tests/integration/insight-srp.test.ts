import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import readXlsxFile from "read-excel-file/node";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { DEFAULT_RULE, SUPPRESSED } from "../../app/domain/insight/disclosure.server.ts";
import { srpInsight } from "../../app/domain/insight/srp.server.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";
import { attack } from "../setup/intruder.ts";

// Issue 13's SRP dashboard: the current term's places commissioned against filled by district and designation,
// vacancies and missing returns. Places filled are pupils: protected, and a vacancy beside a withheld figure is
// withheld too. Checked against the tests' own SQL over the demo's SRPs and returns.

const t = seededApp();
const db = () => t.database.db;
let officer: Browser;

/** Places filled and commissioned as the rows have them, for the window open today. */
async function recount() {
  const { rows } = await sql<{ district: string; designation: string; commissioned: number | null; filled: number | null; sent: boolean }>`
    SELECT d.name AS district, g.name AS designation, p.commissioned_places AS commissioned, r.places_filled AS filled, coalesce(r.status = 'sent', false) AS sent
    FROM resource_provisions rp
    JOIN schools s ON s.id = rp.school_id JOIN districts d ON d.id = s.district_id
    JOIN srp_designations g ON g.code = rp.designation_code
    JOIN srp_return_windows w ON w.id = (SELECT id FROM srp_return_windows WHERE opens_on <= ${londonToday()} ORDER BY opens_on DESC, id DESC LIMIT 1)
    LEFT JOIN resource_provision_places p ON p.resource_provision_id = rp.id AND p.academic_year = w.academic_year
    LEFT JOIN srp_returns r ON r.resource_provision_id = rp.id AND r.window_id = w.id
    WHERE rp.status <> 'closed'`.execute(db());
  return rows;
}

beforeAll(async () => {
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
});

describe("the SRP dashboard", () => {
  it("counts places commissioned exactly and places filled through the protection, each equal to a recount", async () => {
    const reply = await officer.get("/council/insight/srp");
    expect(reply.status).toBe(200);
    expect(mainText(reply.text)).toContain("SRP places by district");
    const insight = await srpInsight(db(), await actorForEmail(db(), "officer@kent.example"));
    const rows = await recount();
    expect(rows.length).toBeGreaterThan(0);
    const sum = (xs: (number | null)[]) => xs.reduce<number>((n, x) => n + (x ?? 0), 0);
    insight.filled.rows.forEach((district, i) =>
      insight.filled.columns.forEach((designation, j) => {
        const here = rows.filter((r) => r.district === district && r.designation === designation);
        expect(insight.commissioned.cells[i]![j]).toBe(sum(here.map((r) => r.commissioned)));
        const truth = sum(here.filter((r) => r.sent).map((r) => r.filled));
        const shown = insight.filled.cells[i]![j]!;
        if (truth > 0 && truth < 5) expect(shown, `${district} ${designation}`).toBe(SUPPRESSED);
        if (shown !== SUPPRESSED) expect(shown).toBe(truth);
      }),
    );
    expect(insight.filled.total).toBe(sum(rows.filter((r) => r.sent).map((r) => r.filled)));
    expect(insight.kent.commissioned).toBe(sum(rows.map((r) => r.commissioned)));
    expect(insight.kent.missing).toBe(rows.filter((r) => !r.sent).length);
    for (const line of [...insight.byDistrict, ...insight.byDesignation]) {
      // A vacancy figure beside withheld places filled would give them away.
      if (line.filled === SUPPRESSED) expect(line.vacancies).toBe(SUPPRESSED);
      else expect(line.vacancies).not.toBe(SUPPRESSED);
    }
    for (const f of await attack([insight.filled], DEFAULT_RULE)) expect(f.hi - f.lo, f.cell).toBeGreaterThanOrEqual(Math.min(5, insight.filled.total as number));
  });

  it("downloads its tables as CSV and as a workbook, audited, and is for council officers only", async () => {
    const csv = await officer.get("/council/insight/srp.csv");
    expect(csv.status).toBe(200);
    const rows: string[][] = parse(csv.text.replace(/^\uFEFF/, ""), { relax_column_count: true });
    expect(rows[0]).toEqual(["Places filled"]);
    expect(csv.text).toContain("A vacancy figure is withheld wherever the places filled beside it are.");
    const reply = await fetch(`${t.app.baseUrl}/council/insight/srp.xlsx`, { headers: { Cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
    const book = await readXlsxFile(Buffer.from(await reply.arrayBuffer()));
    expect(book.map((s) => s.sheet)).toEqual(["Places filled", "Places commissioned", "By district", "By designation", "Terms", "About these figures"]);
    const insight = await srpInsight(db(), await actorForEmail(db(), "officer@kent.example"));
    const byDistrict = book.find((s) => s.sheet === "By district")!.data;
    insight.byDistrict.forEach((l, i) => expect(byDistrict[i + 1]).toEqual([l.name, l.srps, l.returnsIn, l.missing, l.commissioned, l.filled, l.vacancies]));
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "insight.export").execute()).toHaveLength(2);
    for (const email of ["senco@oakfield.example", "champion@kent.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      for (const path of ["/council/insight/srp", "/council/insight/srp.csv", "/council/insight/srp.xlsx"]) expect((await browser.get(path)).status).toBe(404);
    }
  });
});
