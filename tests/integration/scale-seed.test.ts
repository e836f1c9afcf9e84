import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { hasScaleData, type Size, seedScale } from "../../db/seed/scale.ts";
import { type App, Browser, mainText, startApp } from "../setup/app.ts";
import { createTestDatabase } from "../setup/database.ts";

// `npm run db:seed:scale` (issue 13, ADR 73) at a small council's size: five years of every area's rows, each as its
// workflow would have left it (the tables' constraints check that), and every dashboard answering over them.

const SMALL: Size = { schools: 60, onRoll: 16_000, ehc: 400, senSupport: 700, leftShare: 0.05, requestsPerYear: 120, referralsPerYear: 90, eventsPerYear: 30, srps: 4, championSchools: 10 };

let database: DatabaseHandle;
let app: App;
let before: { pupils: number; requests: number };
const steps: string[] = [];
let ticked = 0;
const count = async (table: string, where = sql`true`) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(database.db)).rows[0]!.n);

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  before = { pupils: await count("pupils"), requests: await count("funding_requests") };
  expect(await hasScaleData(database.db)).toBe(false);
  await seedScale(database.db, SMALL, { step: (name) => void steps.push(name), tick: (n) => void (ticked += n) });
  app = await startApp(database);
}, 240_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("the scale seed, at a small council's size", () => {
  it("adds the schools, their staff and registers of the size asked for, with EHC plans in proportion", async () => {
    expect(await hasScaleData(database.db)).toBe(true);
    expect(await count("schools")).toBe(SMALL.schools);
    const added = await count("pupils", sql`date_left IS NULL AND school_id IN (SELECT id FROM schools WHERE urn LIKE '5%')`);
    expect(added).toBe(SMALL.ehc + SMALL.senSupport - before.pupils);
    const ehc = await count("pupils", sql`date_left IS NULL AND sen_provision = 'E' AND school_id IN (SELECT id FROM schools WHERE urn LIKE '5%')`);
    expect(ehc / added).toBeGreaterThan(0.25);
    expect(ehc / added).toBeLessThan(0.48);
    // Every new school has a SENCO, a headteacher and an Inclusion Champion, and its district's LIFT group.
    const unstaffed = await count("schools", sql`urn LIKE '5%' AND NOT (id IN (SELECT school_id FROM memberships WHERE role = 'senco') AND id IN (SELECT school_id FROM memberships WHERE role = 'headteacher') AND id IN (SELECT school_id FROM memberships WHERE role = 'inclusion_champion') AND id IN (SELECT school_id FROM lift_group_schools))`);
    expect(unstaffed).toBe(0);
    expect(steps).toEqual(["schools", "staff", "pupils", "funding", "LIFT referrals", "training", "resource provision", "champion visits", "statistics (ANALYZE)"]);
    expect(ticked).toBeGreaterThan(SMALL.requestsPerYear * 5);
  });

  it("spreads five financial years of requests, referrals, events, returns and visits, up to today", async () => {
    expect(await count("funding_requests")).toBe(before.requests + SMALL.requestsPerYear * 5);
    const years = await sql<{ y: number }>`SELECT DISTINCT extract(year FROM created_at)::int AS y FROM funding_requests ORDER BY 1`.execute(database.db);
    expect(years.rows.length).toBeGreaterThanOrEqual(5);
    for (const table of ["lift_referrals", "lift_outcomes", "stls_visits", "training_events", "training_bookings", "training_evaluations", "srp_returns", "champion_visits", "agreed_actions"]) {
      expect(await count(table), table).toBeGreaterThan(0);
    }
    const generated = sql`school_id IN (SELECT id FROM schools WHERE urn LIKE '5%')`;
    expect(await count("funding_requests", sql`${generated} AND created_at > now()`)).toBe(0);
    expect(await count("lift_referrals", sql`${generated} AND sent_at > now()`)).toBe(0);
    // The LIFT references it used are counted, so the next one sent through the portal does not clash.
    const clash = await sql<{ n: number }>`SELECT count(*)::int AS n FROM lift_referrals r JOIN reference_counters c ON c.prefix = 'LIFT' AND r.reference = 'LIFT-' || c.year || '-' || lpad((c.last_number + 1)::text, 5, '0')`.execute(database.db);
    expect(clash.rows[0]!.n).toBe(0);
  });

  it("gives every dashboard something to show, and each answers the officer", async () => {
    const officer = new Browser(app.baseUrl);
    await officer.signIn("officer@kent.example");
    for (const path of ["register", "funding", "stls", "training", "srp", "champions", "pack"]) {
      expect((await officer.get(`/council/insight/${path}`)).status, path).toBe(200);
    }
    // The register's Kent total is every pupil on a register now, the generated ones with the demo's.
    const onRegisters = await count("pupils", sql`date_left IS NULL AND anonymised_at IS NULL`);
    expect(onRegisters).toBeGreaterThan(SMALL.ehc + SMALL.senSupport - before.pupils);
    expect(mainText((await officer.get("/council/insight/register")).text)).toContain(onRegisters.toLocaleString("en-GB"));
  });
});
