import { parse } from "csv-parse/sync";
import readXlsxFile from "read-excel-file/node";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { currentFinancialYear, londonToday } from "../../app/domain/financial-year.ts";
import { championsInsight } from "../../app/domain/insight/champions.server.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";

// Issue 13's Inclusion Champions dashboard: a year's published visits by focus area and district, with the actions
// agreed at them open, overdue and done, as the rows have them.

const t = seededApp();
const db = () => t.database.db;
let officer: Browser;
const year = currentFinancialYear();

beforeAll(async () => {
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
});

describe("the Inclusion Champions dashboard", () => {
  it("counts the year's published visits and their actions by focus area and district, as the rows do", async () => {
    const insight = await championsInsight(db(), await actorForEmail(db(), "officer@kent.example"), year);
    const visits = await db()
      .selectFrom("champion_visits as v")
      .innerJoin("schools as s", "s.id", "v.school_id")
      .innerJoin("districts as d", "d.id", "s.district_id")
      .select(["v.id", "v.school_id", "d.name as district"])
      .where("v.status", "=", "published")
      .where("v.visited_on", ">=", `${year}-04-01`)
      .where("v.visited_on", "<", `${year + 1}-04-01`)
      .execute();
    expect(visits.length).toBeGreaterThan(0);
    const actions = await db().selectFrom("agreed_actions").select(["champion_visit_id", "status", "due_on"]).where("champion_visit_id", "in", visits.map((v) => v.id)).execute();
    const today = londonToday();
    expect(insight.kent).toEqual({
      name: "Kent",
      visits: visits.length,
      schools: new Set(visits.map((v) => v.school_id)).size,
      actions: actions.length,
      open: actions.filter((a) => a.status === "open").length,
      overdue: actions.filter((a) => a.status === "open" && a.due_on !== null && String(a.due_on).slice(0, 10) < today).length,
      done: actions.filter((a) => a.status === "done").length,
    });
    expect(insight.byDistrict.reduce((n, l) => n + l.visits, 0)).toBe(visits.length);
    const focus = await db().selectFrom("champion_visit_focus_areas").select(["champion_visit_id", "focus_area"]).where("champion_visit_id", "in", visits.map((v) => v.id)).execute();
    expect(insight.byFocus.reduce((n, l) => n + l.visits, 0)).toBe(focus.length);
    const page = mainText((await officer.get(`/council/insight/champions?year=${year}`)).text);
    expect(page).toContain(`Kent ${insight.kent.visits} ${insight.kent.schools} ${insight.kent.actions} ${insight.kent.open} ${insight.kent.overdue} ${insight.kent.done}`);
  });

  it("downloads both tables as CSV and as a workbook, audited, and is for council officers only", async () => {
    const csv = await officer.get(`/council/insight/champions.csv?year=${year}`);
    const rows: string[][] = parse(csv.text.replace(/^\uFEFF/, ""), { relax_column_count: true });
    expect(rows[0]).toEqual(["By focus area"]);
    expect(rows[1]).toEqual(["focus_area", "visits", "schools_visited", "actions_agreed", "open", "overdue", "done"]);
    const reply = await fetch(`${t.app.baseUrl}/council/insight/champions.xlsx?year=${year}`, { headers: { Cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
    const book = await readXlsxFile(Buffer.from(await reply.arrayBuffer()));
    expect(book.map((s) => s.sheet)).toEqual(["By focus area", "By district", "About these figures"]);
    const insight = await championsInsight(db(), await actorForEmail(db(), "officer@kent.example"), year);
    expect(book[1]!.data.at(-1)).toEqual(["Kent", insight.kent.visits, insight.kent.schools, insight.kent.actions, insight.kent.open, insight.kent.overdue, insight.kent.done]);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "insight.export").execute()).toHaveLength(2);
    for (const email of ["champion@kent.example", "head@oakfield.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      for (const path of ["/council/insight/champions", "/council/insight/champions.csv", "/council/insight/champions.xlsx"]) expect((await browser.get(path)).status).toBe(404);
    }
  });
});

describe("a champion's visit figures for their schools", () => {
  it("count the year's published visits to the schools they are assigned to, by anyone, by school and focus area, beside their districts and Kent", async () => {
    const champion = await actorForEmail(db(), "champion@kent.example");
    expect(champion.schoolIds.length).toBeGreaterThan(0);
    // A draft of the champion's own is not counted, nor is a visit to a school they are not assigned to.
    const other = await db().selectFrom("schools").select("id").where("id", "not in", champion.schoolIds).where("district_id", "is not", null).limit(1).executeTakeFirstOrThrow();
    const author = await db().selectFrom("users").select("id").where("email", "=", "champion@kent.example").executeTakeFirstOrThrow();
    await db()
      .insertInto("champion_visits")
      .values([
        { school_id: champion.schoolIds[0]!, champion_user_id: author.id, visited_on: `${year}-05-02`, status: "draft" },
        {
          school_id: other.id,
          champion_user_id: author.id,
          visited_on: `${year}-05-03`,
          status: "published",
          format: "in_person",
          seen: "Elsewhere",
          strengths: "Strong",
          published_at: new Date(),
          published_by: author.id,
        },
      ])
      .execute();
    const visits = await db()
      .selectFrom("champion_visits as v")
      .select(["v.id", "v.school_id"])
      .where("v.status", "=", "published")
      .where("v.school_id", "in", champion.schoolIds)
      .where("v.visited_on", ">=", `${year}-04-01`)
      .where("v.visited_on", "<", `${year + 1}-04-01`)
      .execute();
    expect(visits.length).toBeGreaterThan(0);
    const actions = await db().selectFrom("agreed_actions").select(["champion_visit_id", "status"]).where("champion_visit_id", "in", visits.map((v) => v.id)).execute();
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn("champion@kent.example");
    const reply = await browser.get(`/insight/champions?year=${year}`);
    expect(reply.status).toBe(200);
    expect(reply.text).toMatch(/<svg[^>]*role="img"/);
    const text = mainText(reply.text);
    expect(text).toContain("Visit figures for your schools");
    const yours = `Your schools ${visits.length} ${new Set(visits.map((v) => v.school_id)).size} ${actions.length} ${actions.filter((a) => a.status === "open").length}`;
    expect(text).toContain(yours);
    const county = await championsInsight(db(), await actorForEmail(db(), "officer@kent.example"), year);
    const k = county.kent;
    expect(text).toContain(`Kent ${k.visits} ${k.schools} ${k.actions} ${k.open} ${k.overdue} ${k.done}`);
    const names = await db().selectFrom("schools").leftJoin("districts", "districts.id", "schools.district_id").select(["schools.id", "schools.name", "districts.name as district"]).execute();
    for (const id of champion.schoolIds) {
      const school = names.find((n) => n.id === id)!;
      const n = visits.filter((v) => v.school_id === id).length;
      expect(text, school.name).toMatch(new RegExp(`${school.name} ${n} ${n > 0 ? 1 : 0} `));
      const d = county.byDistrict.find((l) => l.name === school.district)!;
      expect(text).toContain(`${d.name} ${d.visits} ${d.schools} ${d.actions}`);
    }
    // No school the champion is not assigned to is named.
    for (const n of names.filter((n) => !champion.schoolIds.includes(n.id))) expect(text, n.name).not.toContain(n.name);
  });

  it("are for Inclusion Champions only", async () => {
    for (const email of ["senco@oakfield.example", "head@oakfield.example", "stls@kent.example", "officer@kent.example", "admin@kent.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      expect((await browser.get("/insight/champions")).status, email).toBe(404);
    }
  });
});
