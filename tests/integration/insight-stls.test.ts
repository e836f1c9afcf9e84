import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import readXlsxFile from "read-excel-file/node";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { currentFinancialYear, financialYearLabel } from "../../app/domain/financial-year.ts";
import { DEFAULT_RULE, SUPPRESSED } from "../../app/domain/insight/disclosure.server.ts";
import { REFERRAL_STATES, stlsInsight } from "../../app/domain/insight/stls.server.ts";
import { stlsDistrictView } from "../../app/domain/insight/stls-district.server.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";
import { attack } from "../setup/intruder.ts";

// Issue 13's STLS dashboard: referrals sent to LIFT in a financial year by district and discipline, by district and
// outcome, by discipline and outcome, and the wait for a first visit. Every figure equals a recount from the rows
// (the tests' own SQL), nothing withheld can be worked out, and the exports say the same.

const t = seededApp();
const db = () => t.database.db;
let officer: Browser;
const year = currentFinancialYear();
const DAY = 86_400_000;
const KINDS = ["advice", "training", "school_support", "involvement", "deferred"];

/** A few hundred referrals sent this year across the demo's schools, with outcomes, and visits for some involvement. */
async function addReferrals() {
  const schools = await db().selectFrom("schools").select("id").where("district_id", "is not", null).orderBy("id").execute();
  const disciplines = (await db().selectFrom("stls_disciplines").select("name").execute()).map((d) => d.name);
  const pupils = await db().selectFrom("pupils").select("id").execute();
  const meeting = await db().selectFrom("lift_meetings").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow();
  const teacher = await db().selectFrom("users").select("id").where("email", "=", "stls@kent.example").executeTakeFirstOrThrow();
  const senco = await db().selectFrom("users").select("id").where("email", "=", "senco@oakfield.example").executeTakeFirstOrThrow();
  const district = await db().selectFrom("districts").select("id").limit(1).executeTakeFirstOrThrow();
  const course = await db().selectFrom("training_courses").select("id").limit(1).executeTakeFirstOrThrow();
  let seed = 4242;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    // The high bits: a power-of-two LCG's low bits repeat every few draws.
    return Math.floor(seed / 65_536) % n;
  };
  const now = Date.now();
  for (let k = 0; k < 300; k++) {
    const sentAt = new Date(now - (20 + next(180)) * DAY);
    const state = next(8);
    const withdrawn = state === 7;
    const kind = state < 5 ? KINDS[state]! : null;
    const referral = await db()
      .insertInto("lift_referrals")
      .values({
        reference: `LIFT-1999-${String(k).padStart(5, "0")}`,
        school_id: schools[next(3) === 0 ? next(schools.length) : next(4)]!.id,
        pupil_id: pupils[next(pupils.length)]!.id,
        meeting_id: meeting.id,
        status: withdrawn ? "withdrawn" : kind ? "outcome" : "sent",
        discipline: disciplines[next(2) === 0 ? next(disciplines.length) : next(2)]!,
        core_standards_tried: "Tried",
        question: "What next?",
        agreement_signed_by: "Parent",
        agreement_signed_on: "2026-04-01",
        created_by: senco.id,
        sent_at: sentAt,
        sent_by: senco.id,
        withdrawn_at: withdrawn ? new Date(sentAt.getTime() + DAY) : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (!kind) continue;
    const involvement = kind === "involvement";
    const outcome = await db()
      .insertInto("lift_outcomes")
      .values({
        lift_referral_id: referral.id,
        meeting_id: meeting.id,
        kind,
        advice: "Advice",
        training_course_id: kind === "training" ? course.id : null,
        supporting_school_id: kind === "school_support" ? schools[1]!.id : null,
        specialist_user_id: involvement ? teacher.id : null,
        visits_allocated: involvement ? 3 : null,
        recorded_by: teacher.id,
        recorded_role: "stls",
        recorded_at: new Date(sentAt.getTime() + 7 * DAY),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (!involvement) continue;
    // Two visits: the first (held, or a later one cancelled) 10 to 40 days after the referral was sent.
    for (const [i, [after, status]] of ([
      [10 + next(30), next(4) === 0 ? "cancelled" : "done"],
      [45, "booked"],
    ] as const).entries()) {
      // A minute apart from every other slot of the teacher's (slots may not overlap).
      const starts = new Date(sentAt.getTime() + after * DAY + (k * 2 + i) * 60_000);
      const slot = await db()
        .insertInto("stls_slots")
        .values({ teacher_user_id: teacher.id, district_id: district.id, kind: "visit", starts_at: starts, ends_at: new Date(starts.getTime() + 60_000), place: "At the school" })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db()
        .insertInto("stls_visits")
        .values({
          slot_id: slot.id,
          school_id: schools[0]!.id,
          involvement_id: outcome.id,
          booked_by: senco.id,
          status,
          cancelled_at: status === "cancelled" ? starts : null,
          cancelled_by: status === "cancelled" ? senco.id : null,
          cancelled_side: status === "cancelled" ? "school" : null,
          cancelled_reason: status === "cancelled" ? "Pupil ill" : null,
          outcome_note: status === "done" ? "Observed and advised" : null,
          note_by: status === "done" ? teacher.id : null,
          note_at: status === "done" ? starts : null,
        })
        .execute();
    }
  }
}

/** The year's referrals recounted with the tests' own SQL: district, discipline, and where each stands. */
async function recount() {
  const { rows } = await sql<{ district: string; discipline: string; state: string }>`
    SELECT d.name AS district, r.discipline,
      CASE WHEN r.status = 'withdrawn' THEN 'withdrawn'
           ELSE coalesce((SELECT o.kind FROM lift_outcomes o WHERE o.lift_referral_id = r.id ORDER BY o.recorded_at DESC, o.id DESC LIMIT 1), 'waiting') END AS state
    FROM lift_referrals r JOIN schools s ON s.id = r.school_id JOIN districts d ON d.id = s.district_id
    WHERE r.sent_at >= (${`${year}-04-01`}::date)::timestamp AT TIME ZONE 'Europe/London'
      AND r.sent_at < (${`${year + 1}-04-01`}::date)::timestamp AT TIME ZONE 'Europe/London'`.execute(db());
  return (f: { district?: string; discipline?: string; state?: string }) =>
    rows.filter((r) => (f.district === undefined || r.district === f.district) && (f.discipline === undefined || r.discipline === f.discipline) && (f.state === undefined || r.state === f.state)).length;
}

beforeAll(async () => {
  await addReferrals();
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
}, 120_000);

describe("the STLS dashboard", () => {
  it("shows every figure it can, each equal to a recount, and withholds every count of 1 to 4 referrals", async () => {
    const reply = await officer.get(`/council/insight/stls?year=${year}`);
    expect(reply.status).toBe(200);
    const text = mainText(reply.text);
    expect(text).toContain("STLS referrals through LIFT");
    expect(text).toContain(`Referrals by district and discipline: ${financialYearLabel(year)}, Every district in Kent`);
    expect(reply.text).toMatch(/<svg[^>]*role="img"/);
    const insight = await stlsInsight(db(), await actorForEmail(db(), "officer@kent.example"), year);
    const count = await recount();
    let shown = 0;
    const check = (published: number | "c", truth: number, what: string) => {
      if (published === SUPPRESSED) return;
      shown++;
      expect(published, what).toBe(truth);
      expect(truth === 0 || truth >= 5 || what === "Kent", `${what}: ${truth} shown`).toBe(true);
    };
    const { byDiscipline, byOutcome, disciplineOutcome } = insight;
    byDiscipline.rows.forEach((district, i) => {
      byDiscipline.columns.forEach((discipline, j) => check(byDiscipline.cells[i]![j]!, count({ district, discipline }), `${district} ${discipline}`));
      REFERRAL_STATES.forEach((s, j) => check(byOutcome.cells[i]![j]!, count({ district, state: s.key }), `${district} ${s.label}`));
      check(byDiscipline.rowTotals![i]!, count({ district }), district);
    });
    disciplineOutcome.rows.forEach((discipline, i) => {
      REFERRAL_STATES.forEach((s, j) => check(disciplineOutcome.cells[i]![j]!, count({ discipline, state: s.key }), `${discipline} ${s.label}`));
      check(disciplineOutcome.rowTotals![i]!, count({ discipline }), discipline);
    });
    check(byDiscipline.total, count({}), "Kent");
    expect(byDiscipline.total).toBe(count({}));
    // Shared totals are hidden alike: a district's, a discipline's, an outcome's.
    expect(byOutcome.rowTotals).toEqual(byDiscipline.rowTotals);
    expect(disciplineOutcome.rowTotals!.slice()).toEqual(byDiscipline.columnTotals);
    expect(disciplineOutcome.columnTotals).toEqual(byOutcome.columnTotals);
    expect(shown).toBeGreaterThan(20);
  });

  it("leaves no withheld count to be worked out from the three tables together", async () => {
    const insight = await stlsInsight(db(), await actorForEmail(db(), "officer@kent.example"), year);
    const tables = [insight.byDiscipline, insight.byOutcome, insight.disciplineOutcome];
    const ties = [
      { a: 0, b: 1 },
      { a: 0, b: 2, aLines: "columns" as const, bLines: "rows" as const },
      { a: 1, b: 2, aLines: "columns" as const, bLines: "columns" as const },
    ];
    const findings = await attack(tables, DEFAULT_RULE, [], ties);
    expect(findings.length).toBeGreaterThan(10);
    for (const f of findings) expect(f.hi - f.lo, `table ${f.table} ${f.cell} pinned to ${f.lo}-${f.hi}`).toBeGreaterThanOrEqual(5);
  });

  it("times the wait from referral to first visit in days, leaving out cancelled visits and withholding a discipline with too few", async () => {
    const insight = await stlsInsight(db(), await actorForEmail(db(), "officer@kent.example"), year);
    const { rows } = await sql<{ discipline: string; days: number }>`
      SELECT r.discipline, ((min(sl.starts_at) AT TIME ZONE 'Europe/London')::date - (r.sent_at AT TIME ZONE 'Europe/London')::date) AS days
      FROM lift_referrals r JOIN lift_outcomes o ON o.lift_referral_id = r.id JOIN stls_visits v ON v.involvement_id = o.id JOIN stls_slots sl ON sl.id = v.slot_id
      WHERE v.status <> 'cancelled' AND sl.starts_at <= now() AND r.sent_at >= (${`${year}-04-01`}::date)::timestamp AT TIME ZONE 'Europe/London'
      GROUP BY r.id, r.discipline, r.sent_at`.execute(db());
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.ceil(xs.length / 2) - 1];
    expect(rows.length).toBeGreaterThan(20);
    for (const w of insight.waiting) {
      const days = rows.filter((r) => w.discipline === "Every discipline" || r.discipline === w.discipline).map((r) => Number(r.days));
      if (days.length === 0) expect(w.median).toBeNull();
      else if (days.length < 5) expect([w.median, w.p90]).toEqual([SUPPRESSED, SUPPRESSED]);
      else expect(w.median, w.discipline).toBe(median(days));
    }
  });

  it("downloads the view's tables as CSV and as a workbook, one district's rows, each audited", async () => {
    const insight = await stlsInsight(db(), await actorForEmail(db(), "officer@kent.example"), year);
    const maidstone = insight.byDiscipline.rows.indexOf("Maidstone");
    const csv = await officer.get(`/council/insight/stls.csv?year=${year}&place=district:maidstone`);
    expect(csv.status).toBe(200);
    const rows: string[][] = parse(csv.text.replace(/^\uFEFF/, ""), { relax_column_count: true });
    expect(rows[0]).toEqual(["Referrals by discipline"]);
    expect(rows[2]).toEqual(["Maidstone", ...insight.byDiscipline.cells[maidstone]!.map(String), String(insight.byDiscipline.rowTotals![maidstone])]);
    expect(rows[3]![0]).toBe("Kent");
    expect(csv.text).toContain(`${financialYearLabel(year)}, Maidstone`);
    const reply = await fetch(`${t.app.baseUrl}/council/insight/stls.xlsx?year=${year}`, { headers: { Cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
    const book = await readXlsxFile(Buffer.from(await reply.arrayBuffer()));
    expect(book.map((s) => s.sheet)).toEqual(["Referrals by discipline", "Referrals by outcome", "Disciplines by outcome", "Waiting for a first visit", "About these figures"]);
    const outcome = book.find((s) => s.sheet === "Disciplines by outcome")!.data;
    insight.disciplineOutcome.rows.forEach((d, i) => expect(outcome[i + 1]).toEqual([d, ...insight.disciplineOutcome.cells[i]!, insight.disciplineOutcome.rowTotals![i]]));
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "insight.export").execute();
    expect(audit.map((a) => (typeof a.detail === "string" ? JSON.parse(a.detail) : a.detail).format).sort()).toEqual(["csv", "xlsx"]);
  });

  it("is for council officers only, and reads odd choices in the address as the defaults", async () => {
    for (const email of ["senco@oakfield.example", "head@oakfield.example", "champion@kent.example", "stls@kent.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      for (const path of ["/council/insight/stls", "/council/insight/stls.csv", "/council/insight/stls.xlsx"]) expect((await browser.get(path)).status, `${email} ${path}`).toBe(404);
    }
    const odd = await officer.get(`/council/insight/stls?year=${"1".repeat(300)}&place=${encodeURIComponent("district:<b>x</b>")}`);
    expect(odd.status).toBe(200);
    expect(mainText(odd.text)).toContain(`${financialYearLabel(year)}, Every district in Kent`);
    expect(odd.text).not.toContain("<b>x</b>");
  });
});

describe("a specialist teacher's district figures", () => {
  const ties = [
    { a: 0, b: 1 },
    { a: 0, b: 2, aLines: "columns" as const, bLines: "rows" as const },
    { a: 1, b: 2, aLines: "columns" as const, bLines: "columns" as const },
  ];

  it("show their district's referrals as the council publishes them beside the rest of Kent's, each equal to a recount, and never Kent's totals or another district", async () => {
    const teacher = new Browser(t.app.baseUrl);
    await teacher.signIn("stls@kent.example");
    const actor = await actorForEmail(db(), "stls@kent.example");
    const own = await db().selectFrom("districts").select(["name"]).where("id", "=", actor.districtId!).executeTakeFirstOrThrow();
    const others = (await db().selectFrom("districts").select("name").where("id", "<>", actor.districtId!).execute()).map((d) => d.name);
    const reply = await teacher.get(`/insight/stls?year=${year}`);
    expect(reply.status).toBe(200);
    const text = mainText(reply.text);
    expect(text).toContain(`LIFT referrals in ${own.name}`);
    expect(text).toContain(`Referrals by discipline: ${own.name} and the rest of Kent, ${financialYearLabel(year)}`);
    expect(reply.text).toMatch(/<svg[^>]*role="img"/);
    for (const name of others) expect(text, name).not.toMatch(new RegExp(`\\b${name}\\b`));

    const view = await stlsDistrictView(db(), actor, year);
    const council = await stlsInsight(db(), await actorForEmail(db(), "officer@kent.example"), year);
    const at = council.byDiscipline.rows.indexOf(own.name);
    expect(view.byDiscipline.lines.map((l) => l.name)).toEqual([own.name, "The rest of Kent"]);
    expect(view.byDiscipline.lines[0]).toEqual({ name: own.name, cells: council.byDiscipline.cells[at], total: council.byDiscipline.rowTotals![at] });
    expect(view.byOutcome.lines[0]).toEqual({ name: own.name, cells: council.byOutcome.cells[at], total: council.byOutcome.rowTotals![at] });
    const count = await recount();
    const rest = (f: { discipline?: string; state?: string }) => count(f) - count({ ...f, district: own.name });
    let shown = 0;
    const check = (published: number | "c", truth: number, what: string) => {
      if (truth > 0 && truth < 5) expect(published, `${what}: ${truth}`).toBe(SUPPRESSED);
      if (published === SUPPRESSED) return;
      shown++;
      expect(published, what).toBe(truth);
    };
    const [restDiscipline, restOutcome] = [view.byDiscipline.lines[1]!, view.byOutcome.lines[1]!];
    view.byDiscipline.columns.forEach((discipline, j) => check(restDiscipline.cells[j]!, rest({ discipline }), discipline));
    REFERRAL_STATES.forEach((s, j) => check(restOutcome.cells[j]!, rest({ state: s.key }), s.label));
    check(restDiscipline.total, rest({}), "the rest of Kent");
    const t2 = view.restByDisciplineOutcome;
    t2.rows.forEach((discipline, i) => REFERRAL_STATES.forEach((s, j) => check(t2.cells[i]![j]!, rest({ discipline, state: s.key }), `${discipline} ${s.label}`)));
    expect(shown).toBeGreaterThan(10);
    // Kent's own figures are not on the page: no table has a row for Kent, only for the rest of Kent.
    expect(reply.text).toContain(">The rest of Kent<");
    expect(reply.text).not.toMatch(/>\s*Kent\s*</);
  });

  it("leave nothing withheld in the rest of Kent to be worked out, even by a teacher who knows every referral of their own district", async () => {
    const actor = await actorForEmail(db(), "stls@kent.example");
    const view = await stlsDistrictView(db(), actor, year);
    const asTable = (columns: string[], line: { cells: (number | "c")[]; total: number | "c" }) => ({
      rows: ["The rest of Kent"],
      columns,
      cells: [line.cells],
      rowTotals: [line.total],
      columnTotals: line.cells,
      total: line.total,
      rule: view.rule,
    });
    const tables = [asTable(view.byDiscipline.columns, view.byDiscipline.lines[1]!), asTable(view.byOutcome.columns, view.byOutcome.lines[1]!), view.restByDisciplineOutcome];
    const findings = await attack(tables, DEFAULT_RULE, [], ties);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.hi - f.lo, `table ${f.table} ${f.cell} pinned to ${f.lo}-${f.hi}`).toBeGreaterThanOrEqual(5);
  });

  it("are for a district's specialist teachers only", async () => {
    for (const email of ["senco@oakfield.example", "head@oakfield.example", "champion@kent.example", "officer@kent.example", "admin@kent.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      expect((await browser.get("/insight/stls")).status, email).toBe(404);
    }
  });
});
