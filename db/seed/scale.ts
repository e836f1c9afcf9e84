import { type Kysely, sql } from "kysely";
import type { Database } from "../types.ts";
import type { FundingStatus } from "../../app/domain/funding/funding.schema.ts";
import { currentFinancialYear, londonToday } from "../../app/domain/financial-year.ts";
import { makeUpn } from "../../app/domain/pupils/upn.ts";
import { evidenceFor, type FundingSeed, insertFundingRequests, typicalPlan } from "./funding.ts";

/**
 * Synthetic data at a council's size, for the insight dashboards' benchmarks (issue 13, ADR 73): schools, their
 * staff, pupils on SEN registers, and five years of funding requests, LIFT referrals with outcomes and specialist
 * visits, training events with bookings and evaluations, SRP places and termly returns, and Inclusion Champion
 * visits with agreed actions. Written straight into the tables (in batches of rows, as the workflows would have
 * left them), on top of the demo seed, deterministic (a seeded generator) and relative to `now`.
 *
 * "kent" is Kent's size (600 schools, 240,000 pupils on roll, about 21,000 with EHC plans and 35,000 on SEN
 * support); "england" is England's mainstream schools (22,000 schools, 1.8 million pupils on registers), spread
 * over the same twelve districts, since the portal is one council's.
 */

type DB = Kysely<Database>;

export type ScaleSize = "kent" | "england";

export interface Size {
  schools: number;
  onRoll: number;
  ehc: number;
  senSupport: number;
  /** Pupils who left a register in the five years, besides those on it now. */
  leftShare: number;
  requestsPerYear: number;
  referralsPerYear: number;
  eventsPerYear: number;
  srps: number;
  championSchools: number;
}

export const SIZES: Record<ScaleSize, Size> = {
  kent: { schools: 600, onRoll: 240_000, ehc: 21_000, senSupport: 35_000, leftShare: 0.06, requestsPerYear: 10_000, referralsPerYear: 6_000, eventsPerYear: 1_500, srps: 90, championSchools: 20 },
  england: {
    schools: 22_000,
    onRoll: 8_800_000,
    ehc: 400_000,
    senSupport: 1_400_000,
    leftShare: 0.06,
    requestsPerYear: 320_000,
    referralsPerYear: 200_000,
    eventsPerYear: 40_000,
    srps: 3_000,
    championSchools: 20,
  },
};

const YEARS = 5;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The first URN of the generated schools (the demo's are 990001 up). */
const FIRST_URN = 500_000;

export interface Progress {
  /** A new step begins, of `total` units (rows, mostly). */
  step(name: string, total: number): void;
  /** `n` more units of the step done. */
  tick(n: number): void;
}

export interface ScaleResult {
  rows: Record<string, number>;
  ms: number;
}

/** A seeded generator (mulberry32): the same data from the same seed. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

/** `total` split in proportion to `weights`, in whole numbers that add up to `total` (largest remainder). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((n, w) => n + w, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const left = total - counts.reduce((n, c) => n + c, 0);
  for (let k = 0; k < left; k++) counts[order[k % order.length]![1]]! += 1;
  return counts;
}

export function pick<T>(rng: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((n, [, w]) => n + w, 0);
  let x = rng() * total;
  for (const [value, weight] of weighted) {
    x -= weight;
    if (x < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

const FIRST_NAMES = ["Aaliyah", "Alfie", "Amara", "Archie", "Aria", "Arthur", "Ava", "Bella", "Billy", "Callum", "Chloe", "Daisy", "Dylan", "Eden", "Eliza", "Elliot", "Erin", "Ezra", "Finley", "Florence", "Freddie", "George", "Grace", "Harrison", "Ivy", "Jack", "Jasmine", "Jude", "Kian", "Layla", "Logan", "Lola", "Luca", "Maisie", "Mason", "Millie", "Oscar", "Phoebe", "Poppy", "Reggie", "Rosie", "Rowan", "Sienna", "Stanley", "Tommy", "Willow", "Yusuf", "Zara"];
const LAST_NAMES = ["Ahmed", "Allen", "Baker", "Barnes", "Bird", "Brooks", "Carter", "Chapman", "Cooper", "Dawson", "Ellis", "Fisher", "Fletcher", "Gibson", "Hall", "Harvey", "Hughes", "Jenkins", "Khan", "Lambert", "Marsh", "Mills", "Morgan", "Novak", "Osei", "Palmer", "Parker", "Patel", "Pearce", "Reeves", "Roberts", "Russell", "Shaw", "Simpson", "Stevens", "Thomas", "Walsh", "Webb", "Wells", "Wood"];

/** Primary needs as England's registers show them (DfE, SEN in England): SEMH, SLCN, ASD and MLD most common. */
const NEED_WEIGHTS: Record<string, number> = { SLCN: 24, SEMH: 20, ASD: 17, MLD: 12, SPLD: 10, OTH: 3, PD: 3, HI: 2, VI: 1, MSI: 0.3, SLD: 2, PMLD: 0.3, NSA: 2 };

/** Status mix by financial year: last year's requests are all settled; this year's include some in progress. */
export const STATUS_MIX: Record<"previous" | "current", [FundingStatus, number][]> = {
  previous: [
    ["approved", 58],
    ["partly_approved", 20],
    ["declined", 14],
    ["withdrawn", 8],
  ],
  current: [
    ["draft", 4],
    ["awaiting_headteacher", 3],
    ["submitted", 4],
    ["in_review", 2.5],
    ["more_information_needed", 2],
    ["approved", 47],
    ["partly_approved", 17],
    ["declined", 13],
    ["withdrawn", 7.5],
  ],
};
export const IN_PROGRESS: FundingStatus[] = ["draft", "awaiting_headteacher", "submitted", "in_review", "more_information_needed"];

/** Year groups a school of this phase teaches. */
export function yearGroups(phase: string): number[] {
  if (phase === "Secondary") return [7, 8, 9, 10, 11];
  if (phase === "All-through") return [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  return [-1, 0, 1, 2, 3, 4, 5, 6];
}

/** Rows in batches, each a multi-row INSERT; ticks the progress per batch. */
async function insertAll<T extends keyof Database & string>(db: DB, table: T, rows: readonly unknown[], progress: Progress, batch = 1_000) {
  for (let offset = 0; offset < rows.length; offset += batch) {
    const chunk = rows.slice(offset, offset + batch);
    await db.insertInto(table).values(chunk as never).execute();
    progress.tick(chunk.length);
  }
}

async function insertReturning<T extends keyof Database & string, R extends string>(db: DB, table: T, rows: readonly unknown[], returning: readonly R[], progress: Progress, batch = 1_000) {
  const out: Record<R, unknown>[] = [];
  for (let offset = 0; offset < rows.length; offset += batch) {
    const chunk = rows.slice(offset, offset + batch);
    const made = (await db
      .insertInto(table)
      .values(chunk as never)
      .returning(returning as never)
      .execute()) as Record<R, unknown>[];
    out.push(...made);
    progress.tick(chunk.length);
  }
  return out;
}

const count = async (db: DB, table: keyof Database & string) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db)).rows[0]!.n);

/** True when the database already holds generated schools (the URNs from FIRST_URN). */
export async function hasScaleData(db: DB): Promise<boolean> {
  return (await db.selectFrom("schools").select("id").where("urn", "like", "5%").limit(1).executeTakeFirst()) !== undefined;
}

/** Generates `sizeName`'s data (or a size of the caller's own: the tests' small council) on top of the demo seed. */
export async function seedScale(db: DB, sizeName: ScaleSize | Size, progress: Progress, now: Date = new Date()): Promise<ScaleResult> {
  const started = performance.now();
  const size = typeof sizeName === "string" ? SIZES[sizeName] : sizeName;
  const rng = random(sizeName === "kent" ? 20_261_204 : sizeName === "england" ? 20_261_205 : 20_261_206);
  const today = londonToday(now);
  const fy = currentFinancialYear(now);
  const academicYear = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 9 ? 0 : 1);
  const since = utc(`${fy - (YEARS - 1)}-04-01`).getTime();

  const officer = await db.selectFrom("users").select("id").where("email", "=", "officer@kent.example").executeTakeFirstOrThrow();
  const passwordHash = (await db.selectFrom("users").select("password_hash").where("email", "=", "officer@kent.example").executeTakeFirstOrThrow()).password_hash;
  const districts = await db.selectFrom("districts").select(["id", "code"]).orderBy("id").execute();

  // --- Schools: Kent's mix of phases (about 80 % primary), rolls adding up to the size's pupils on roll.
  const demoSchools = await db.selectFrom("schools").select(["id", "number_on_roll"]).execute();
  const wanted = Math.max(0, size.schools - demoSchools.length);
  progress.step("schools", wanted);
  const phases = Array.from({ length: wanted }, () => {
    const x = rng();
    return x < 0.8 ? "Primary" : x < 0.97 ? "Secondary" : "All-through";
  });
  const weights = phases.map((p) => (p === "Primary" ? 120 + rng() * 510 : 700 + rng() * 1_100));
  const demoRoll = demoSchools.reduce((n, s) => n + (s.number_on_roll ?? 0), 0);
  const rolls = apportion(Math.max(wanted * 50, size.onRoll - demoRoll), weights);
  const schoolRows = phases.map((phase, k) => {
    const n = k + 1;
    return {
      urn: String(FIRST_URN + n),
      name: `${phase === "Primary" ? "Scale Primary" : phase === "Secondary" ? "Scale High" : "Scale All-through"} School ${n}`,
      phase,
      establishment_type: rng() < 0.6 ? "Academy converter" : "Community school",
      district_id: districts[n % districts.length]!.id,
      number_on_roll: rolls[k]!,
      postcode: "ME1 1ZZ",
      status: "Open",
      resourced_provision_type: null,
      resourced_provision_capacity: null,
    };
  });
  await insertAll(db, "schools", schoolRows, progress, 500);
  const schools = await db.selectFrom("schools").select(["id", "urn", "phase", "number_on_roll", "district_id"]).where("status", "=", "Open").orderBy("id").execute();
  const generated = schools.filter((s) => Number(s.urn) > FIRST_URN && Number(s.urn) < 900_000);

  // LIFT groups serve the new schools: their district's (first) group.
  const groups = await db.selectFrom("lift_groups").select(["id", "district_id"]).orderBy("id").execute();
  const groupOf = new Map<number, number>();
  for (const g of groups) if (!groupOf.has(g.district_id)) groupOf.set(g.district_id, g.id);
  const served = generated.filter((s) => groupOf.has(s.district_id)).map((s) => ({ school_id: s.id, group_id: groupOf.get(s.district_id)! }));
  for (let i = 0; i < served.length; i += 1_000) await db.insertInto("lift_group_schools").values(served.slice(i, i + 1_000)).onConflict((oc) => oc.doNothing()).execute();
  const groupOfSchool = new Map((await db.selectFrom("lift_group_schools").select(["school_id", "group_id"]).execute()).map((r) => [r.school_id, r.group_id]));

  // --- Staff: a SENCO and a headteacher for each new school; STLS teachers for each district (one to about 25
  // schools); Inclusion Champions, each with about championSchools schools.
  const staffRows = generated.flatMap((s) => [
    { email: `senco.${s.urn}@scale.example`, display_name: `SENCO ${s.urn}`, password_hash: passwordHash },
    { email: `head.${s.urn}@scale.example`, display_name: `Headteacher ${s.urn}`, password_hash: passwordHash },
  ]);
  const schoolsIn = new Map<number, typeof schools>();
  for (const s of schools) schoolsIn.set(s.district_id, [...(schoolsIn.get(s.district_id) ?? []), s]);
  const teachersPer = new Map(districts.map((d) => [d.id, Math.max(1, Math.round((schoolsIn.get(d.id)?.length ?? 0) / 25))]));
  const teacherRows = districts.flatMap((d) =>
    Array.from({ length: teachersPer.get(d.id)! }, (_, i) => ({ email: `stls.${d.code}.${i + 1}@scale.example`, display_name: `Specialist teacher ${d.code} ${i + 1}`, password_hash: passwordHash })),
  );
  const champions = Math.max(1, Math.round(schools.length / size.championSchools));
  const championRows = Array.from({ length: champions }, (_, i) => ({ email: `champion.${i + 1}@scale.example`, display_name: `Inclusion Champion ${i + 1}`, password_hash: passwordHash }));
  const allStaff = [...staffRows, ...teacherRows, ...championRows];
  progress.step("staff", allStaff.length * 2);
  const users = (await insertReturning(db, "users", allStaff, ["id", "email"], progress)) as { id: number; email: string }[];
  const userOf = new Map(users.map((u) => [u.email, u.id]));
  const championIds = championRows.map((c) => userOf.get(c.email)!);
  const teachersOf = new Map(districts.map((d) => [d.id, Array.from({ length: teachersPer.get(d.id)! }, (_, i) => userOf.get(`stls.${d.code}.${i + 1}@scale.example`)!)]));
  const memberships = [
    ...generated.flatMap((s) => [
      { user_id: userOf.get(`senco.${s.urn}@scale.example`)!, role: "senco", school_id: s.id, district_id: null },
      { user_id: userOf.get(`head.${s.urn}@scale.example`)!, role: "headteacher", school_id: s.id, district_id: null },
    ]),
    ...districts.flatMap((d) => teachersOf.get(d.id)!.map((id) => ({ user_id: id, role: "stls", school_id: null, district_id: d.id }))),
    ...generated.map((s, i) => ({ user_id: championIds[i % champions]!, role: "inclusion_champion", school_id: s.id, district_id: null })),
  ];
  await insertAll(db, "memberships", memberships, progress);
  const staff = await db.selectFrom("memberships").select(["user_id", "role", "school_id"]).where("role", "in", ["senco", "headteacher", "inclusion_champion"]).execute();
  const staffOf = new Map<number, { senco?: number; head?: number; champion?: number }>();
  for (const m of staff) {
    const entry = staffOf.get(m.school_id!) ?? {};
    if (m.role === "senco") entry.senco ??= m.user_id;
    else if (m.role === "headteacher") entry.head ??= m.user_id;
    else entry.champion ??= m.user_id;
    staffOf.set(m.school_id!, entry);
  }

  // --- Pupils on registers, in proportion to the rolls; a few who left in the five years besides.
  const needs = await db.selectFrom("sen_need_types").select(["code", "sen_support_only"]).where("active", "=", true).execute();
  const ehcNeeds = needs.filter((n) => !n.sen_support_only).map((n) => [n.code, NEED_WEIGHTS[n.code] ?? 1] as const);
  const allNeeds = needs.map((n) => [n.code, NEED_WEIGHTS[n.code] ?? 1] as const);
  const onRegister = size.ehc + size.senSupport;
  const existingPupils = await count(db, "pupils");
  const registerShares = apportion(Math.max(0, onRegister - existingPupils), generated.map((s) => s.number_on_roll ?? 200));
  const totalPupils = registerShares.reduce((n, c) => n + Math.round(c * (1 + size.leftShare)), 0);
  progress.step("pupils", totalPupils);
  const ehcShare = size.ehc / onRegister;
  let upnSerial = 0;
  const pupilsBySchool = new Map<number, { id: number; ehc: boolean; need: string }[]>();
  let pending: Record<string, unknown>[] = [];
  const flushPupils = async () => {
    if (pending.length === 0) return;
    const made = await db.insertInto("pupils").values(pending as never).returning(["id", "school_id", "sen_provision", "primary_need", "date_left"]).execute();
    for (const p of made) {
      if (p.date_left !== null) continue;
      const list = pupilsBySchool.get(p.school_id) ?? [];
      list.push({ id: p.id, ehc: p.sen_provision === "E", need: p.primary_need });
      pupilsBySchool.set(p.school_id, list);
    }
    progress.tick(pending.length);
    pending = [];
  };
  for (const [index, school] of generated.entries()) {
    const current = registerShares[index]!;
    const n = Math.round(current * (1 + size.leftShare));
    const groupsTaught = yearGroups(school.phase);
    for (let i = 0; i < n; i++) {
      const group = groupsTaught[Math.floor(rng() * groupsTaught.length)]!;
      const born = utc(`${academicYear - group - 6}-09-01`).getTime() + Math.floor(rng() * 365) * DAY;
      const addedFrom = Math.max(born + 3 * 365 * DAY, since);
      const addedTo = now.getTime() - 7 * DAY;
      const added = addedFrom >= addedTo ? addedTo : addedFrom + Math.floor(rng() * ((addedTo - addedFrom) / DAY)) * DAY;
      const left = i >= current ? added + Math.floor(rng() * Math.max(1, (now.getTime() - added) / DAY)) * DAY : null;
      const ehc = rng() < ehcShare;
      const primary = pick(rng, ehc ? ehcNeeds : allNeeds);
      upnSerial += 1;
      pending.push({
        school_id: school.id,
        first_name: FIRST_NAMES[Math.floor(rng() * FIRST_NAMES.length)]!,
        last_name: LAST_NAMES[Math.floor(rng() * LAST_NAMES.length)]!,
        date_of_birth: iso(new Date(born)),
        // A UPN for most: unique per school as the register requires (LA 886, a serial for the rest).
        upn: rng() < 0.85 ? makeUpn(`886${String(upnSerial).padStart(9, "0")}`) : null,
        year_group: group === -1 ? "N" : group === 0 ? "R" : String(group),
        sen_provision: ehc ? "E" : "K",
        primary_need: primary,
        secondary_need: null,
        date_added: iso(new Date(added)),
        date_left: left === null ? null : iso(new Date(Math.min(left, now.getTime() - DAY))),
      });
      if (pending.length >= 1_000) await flushPupils();
    }
  }
  await flushPupils();

  // --- Funding: budgets for the five years (schools' notional SEN budgets, the council's scheme budgets), and
  // requestsPerYear requests a year in proportion to the rolls.
  const schemes = await db.selectFrom("funding_schemes").select(["id", "code", "requires_pupil", "evidence_checklist"]).execute();
  const scheme = (code: string) => schemes.find((s) => s.code === code) ?? schemes[0]!;
  const reasons = await db.selectFrom("decision_reasons").select("id").where("active", "=", true).execute();
  const years = Array.from({ length: YEARS }, (_, k) => fy - (YEARS - 1) + k);
  const requestTotal = size.requestsPerYear * YEARS;
  progress.step("funding", generated.length * YEARS + requestTotal);
  await insertAll(
    db,
    "school_sen_budgets",
    generated.flatMap((s) => years.map((year) => ({ school_id: s.id, financial_year: year, notional_sen_budget_pence: Math.round((s.number_on_roll ?? 200) * 450) * 100, updated_by: staffOf.get(s.id)!.head! }))),
    progress,
  );
  const haveBudget = new Set((await db.selectFrom("funding_scheme_budgets").select(["scheme_id", "financial_year"]).execute()).map((b) => `${b.scheme_id}:${b.financial_year}`));
  const schemeBudgets = schemes.flatMap((s) =>
    years.filter((year) => !haveBudget.has(`${s.id}:${year}`)).map((year) => ({ scheme_id: s.id, financial_year: year, budget_pence: Math.round((size.requestsPerYear * 9_000 * 100) / schemes.length), updated_by: officer.id })),
  );
  if (schemeBudgets.length) await db.insertInto("funding_scheme_budgets").values(schemeBudgets).execute();
  const requestShares = apportion(size.requestsPerYear, generated.map((s) => s.number_on_roll ?? 200));
  const between = (from: number, to: number) => new Date(from + Math.floor(rng() * Math.max(1, to - from)));
  for (const year of years) {
    const current = year === fy;
    let seeds: FundingSeed[] = [];
    for (const [index, school] of generated.entries()) {
      const pupils = pupilsBySchool.get(school.id) ?? [];
      const { senco, head } = staffOf.get(school.id)!;
      for (let i = 0; i < requestShares[index]!; i++) {
        const status = pick(rng, STATUS_MIX[current ? "current" : "previous"]);
        const startedAt = !current
          ? between(utc(`${year}-03-01`).getTime(), utc(`${year + 1}-01-31`).getTime())
          : IN_PROGRESS.includes(status)
            ? between(now.getTime() - 60 * DAY, now.getTime() - 5 * DAY)
            : between(utc(`${fy}-04-01`).getTime() - 45 * DAY, now.getTime() - 10 * DAY);
        const next = new Date(Date.UTC(startedAt.getUTCFullYear(), startedAt.getUTCMonth() + 1, 1));
        const periodStart = iso(new Date(Math.min(Math.max(next.getTime(), utc(`${year}-04-01`).getTime()), utc(`${year + 1}-03-01`).getTime())));
        const pupil = pupils.length > 0 && rng() >= 0.12 ? pupils[Math.floor(rng() * pupils.length)]! : null;
        const chosen = pupil === null ? scheme("SIS") : pupil.ehc && rng() < 0.8 ? scheme("EHC") : scheme("HNF");
        const requestedPence = (1_000 + Math.round((rng() * 19_000) / 50) * 50) * 100;
        seeds.push({
          schoolId: school.id,
          schemeId: chosen.id,
          schemeCode: chosen.code,
          pupilId: chosen.requires_pupil ? pupil!.id : null,
          status,
          sencoId: senco!,
          headId: head!,
          officerId: officer.id,
          periodStart,
          periodEnd: `${year + 1}-03-31`,
          requestedPence,
          lines: typicalPlan(chosen.requires_pupil ? requestedPence + 600_000 : requestedPence),
          evidence: evidenceFor(chosen.evidence_checklist),
          startedAt,
          awardedPence: status === "partly_approved" ? Math.round((requestedPence * (0.4 + rng() * 0.5)) / 100) * 100 : undefined,
          reasonId: reasons.length ? reasons[Math.floor(rng() * reasons.length)]!.id : null,
        });
        if (seeds.length >= 5_000) {
          seeds.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
          await insertFundingRequests(db, seeds);
          progress.tick(seeds.length);
          seeds = [];
        }
      }
    }
    seeds.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    await insertFundingRequests(db, seeds);
    progress.tick(seeds.length);
  }

  // --- LIFT: each group meets every three weeks in term; referrals go to the group's next meeting, most get an
  // outcome there, and an involvement's visits are booked with the district's specialist teachers.
  const firstDemoMeeting = (await db.selectFrom("lift_meetings").select((eb) => eb.fn.min("starts_at").as("first")).executeTakeFirst())?.first;
  const meetingsEnd = firstDemoMeeting ? new Date(firstDemoMeeting).getTime() - 7 * DAY : now.getTime() - 28 * DAY;
  const meetingRows = groups.flatMap((g) => {
    const rows = [];
    // Tuesdays at 09:30 UTC, three weeks apart.
    let at = utc(`${fy - (YEARS - 1)}-04-04`).getTime() + 9.5 * HOUR;
    while (at < meetingsEnd) {
      const start = new Date(at);
      rows.push({ group_id: g.id, starts_at: start, ends_at: new Date(at + 2 * HOUR), venue: "District office", papers_due_on: iso(new Date(at - 7 * DAY)), referral_cap: 50, created_by: officer.id });
      at += 21 * DAY;
    }
    return rows;
  });
  const referralTotal = size.referralsPerYear * YEARS;
  progress.step("LIFT referrals", meetingRows.length + referralTotal);
  const meetings = (await insertReturning(db, "lift_meetings", meetingRows, ["id", "group_id", "starts_at"], progress)) as { id: number; group_id: number; starts_at: Date }[];
  const meetingsOf = new Map<number, { id: number; at: number }[]>();
  for (const m of meetings) meetingsOf.set(m.group_id, [...(meetingsOf.get(m.group_id) ?? []), { id: m.id, at: new Date(m.starts_at).getTime() }]);
  const disciplines = (await db.selectFrom("stls_disciplines").select("name").execute()).map((d) => d.name);
  const courses = await db.selectFrom("training_courses").select("id").where("active", "=", true).orderBy("id").execute();
  const counters = new Map<number, number>();
  for (const row of await db.selectFrom("reference_counters").select(["year", "last_number"]).where("prefix", "=", "LIFT").execute()) counters.set(row.year, row.last_number);
  const referralShares = apportion(referralTotal, generated.map((s) => s.number_on_roll ?? 200));
  const slotsTaken = new Map<number, Set<number>>();
  /** A free hour of the teacher's on a weekday from `from`: slots may not overlap. */
  const freeHour = (teacher: number, from: number) => {
    const taken = slotsTaken.get(teacher) ?? new Set<number>();
    slotsTaken.set(teacher, taken);
    let day = Math.floor(from / DAY) * DAY;
    for (;;) {
      const weekday = new Date(day).getUTCDay();
      if (weekday !== 0 && weekday !== 6) {
        for (let h = 9; h < 16; h++) {
          const at = day + h * HOUR;
          if (!taken.has(at)) {
            taken.add(at);
            return at;
          }
        }
      }
      day += DAY;
    }
  };
  type Planned = { referral: Record<string, unknown>; outcomes: Record<string, unknown>[]; visits: { teacher: number; district: number; school: number; at: number; status: string }[] };
  let planned: Planned[] = [];
  const flushReferrals = async () => {
    if (planned.length === 0) return;
    const made = await db.insertInto("lift_referrals").values(planned.map((p) => p.referral) as never).returning("id").execute();
    const outcomes = planned.flatMap((p, i) => p.outcomes.map((o) => ({ ...o, lift_referral_id: made[i]!.id })));
    const madeOutcomes = outcomes.length ? await db.insertInto("lift_outcomes").values(outcomes as never).returning(["id", "lift_referral_id", "kind"]).execute() : [];
    const involvementOf = new Map(madeOutcomes.filter((o) => o.kind === "involvement").map((o) => [o.lift_referral_id, o.id]));
    const visits = planned.flatMap((p, i) => p.visits.map((v) => ({ ...v, involvement: involvementOf.get(made[i]!.id)! })));
    if (visits.length) {
      const slots = await db
        .insertInto("stls_slots")
        .values(visits.map((v) => ({ teacher_user_id: v.teacher, district_id: v.district, kind: "visit", starts_at: new Date(v.at), ends_at: new Date(v.at + HOUR), place: "At the school", status: "open" })) as never)
        .returning("id")
        .execute();
      await db
        .insertInto("stls_visits")
        .values(
          visits.map((v, i) => {
            const sencoId = staffOf.get(v.school)!.senco!;
            const at = new Date(v.at);
            return {
              slot_id: slots[i]!.id,
              school_id: v.school,
              involvement_id: v.involvement,
              booked_by: sencoId,
              booked_at: new Date(v.at - 7 * DAY),
              status: v.status,
              cancelled_at: v.status === "cancelled" ? new Date(v.at - DAY) : null,
              cancelled_by: v.status === "cancelled" ? sencoId : null,
              cancelled_side: v.status === "cancelled" ? "school" : null,
              cancelled_reason: v.status === "cancelled" ? "Pupil unwell" : null,
              outcome_note: v.status === "done" ? "Observed in class and advised the teacher." : null,
              note_by: v.status === "done" ? v.teacher : null,
              note_at: v.status === "done" ? at : null,
            };
          }) as never,
        )
        .execute();
    }
    progress.tick(planned.length);
    planned = [];
  };
  const lastSent = meetingsEnd - 14 * DAY;
  for (const [index, school] of generated.entries()) {
    const group = groupOfSchool.get(school.id);
    const list = group === undefined ? undefined : meetingsOf.get(group);
    const pupils = pupilsBySchool.get(school.id) ?? [];
    if (!list || list.length < 2 || pupils.length === 0) {
      progress.tick(referralShares[index]!);
      continue;
    }
    const teachers = teachersOf.get(school.district_id)!;
    const teacher = teachers[school.id % teachers.length]!;
    const sencoId = staffOf.get(school.id)!.senco!;
    for (let i = 0; i < referralShares[index]!; i++) {
      const sentAt = since + Math.floor(rng() * (lastSent - since));
      const meetingIndex = list.findIndex((m) => m.at > sentAt + 7 * DAY);
      if (meetingIndex < 0) continue;
      const meeting = list[meetingIndex]!;
      const year = new Date(sentAt).getUTCFullYear();
      const number = (counters.get(year) ?? 0) + 1;
      counters.set(year, number);
      const fate = pick(rng, [
        ["advice", 33],
        ["training", 12],
        ["school_support", 8],
        ["involvement", 30],
        ["deferred", 7],
        ["waiting", 4],
        ["withdrawn", 6],
      ] as const);
      const next = list[meetingIndex + 1];
      const deferred = fate === "deferred" && next !== undefined;
      const finalKind = deferred ? (rng() < 0.5 ? "advice" : "involvement") : fate === "deferred" ? "advice" : fate;
      const meetingFinal = deferred ? next! : meeting;
      const hasOutcome = finalKind !== "waiting" && finalKind !== "withdrawn";
      const outcome = (kind: string, m: { id: number; at: number }) => ({
        meeting_id: m.id,
        kind,
        advice: kind === "deferred" ? "Deferred: bring the latest assessments to the next meeting." : "Advice recorded by the LIFT meeting.",
        training_course_id: kind === "training" && courses.length ? courses[Math.floor(rng() * courses.length)]!.id : null,
        supporting_school_id: kind === "school_support" ? generated[(index + 1) % generated.length]!.id : null,
        specialist_user_id: kind === "involvement" ? teacher : null,
        visits_allocated: kind === "involvement" ? 3 : null,
        recorded_by: teacher,
        recorded_role: "stls",
        recorded_at: new Date(m.at + 3 * HOUR),
      });
      const trainingFallback = finalKind === "training" && courses.length === 0 ? "advice" : finalKind;
      const outcomes = [...(deferred ? [outcome("deferred", meeting)] : []), ...(hasOutcome ? [outcome(trainingFallback, meetingFinal)] : [])];
      const visits: Planned["visits"] = [];
      if (finalKind === "involvement") {
        const first = freeHour(teacher, meetingFinal.at + (10 + Math.floor(rng() * 40)) * DAY);
        const firstStatus = first < now.getTime() ? (rng() < 0.15 ? "cancelled" : "done") : "booked";
        visits.push({ teacher, district: school.district_id, school: school.id, at: first, status: firstStatus });
        if (firstStatus === "cancelled") {
          const again = freeHour(teacher, first + 7 * DAY);
          visits.push({ teacher, district: school.district_id, school: school.id, at: again, status: again < now.getTime() ? "done" : "booked" });
        }
      }
      planned.push({
        referral: {
          reference: `LIFT-${year}-${String(number).padStart(5, "0")}`,
          school_id: school.id,
          pupil_id: pupils[Math.floor(rng() * pupils.length)]!.id,
          meeting_id: meetingFinal.id,
          status: fate === "withdrawn" ? "withdrawn" : hasOutcome ? "outcome" : "sent",
          discipline: disciplines[Math.floor(rng() * disciplines.length)]!,
          core_standards_tried: "Quality-first teaching adapted for a term, with a weekly small-group intervention.",
          question: "What more should we put in place?",
          agreement_signed_by: "Parent",
          agreement_signed_on: iso(new Date(sentAt - 3 * DAY)),
          carried_count: deferred ? 1 : 0,
          created_by: sencoId,
          created_at: new Date(sentAt - DAY),
          updated_at: new Date(sentAt),
          sent_at: new Date(sentAt),
          sent_by: sencoId,
          withdrawn_at: fate === "withdrawn" ? new Date(sentAt + 3 * DAY) : null,
        },
        outcomes,
        visits,
      });
      if (planned.length >= 500) await flushReferrals();
    }
  }
  await flushReferrals();
  for (const [year, last] of counters) {
    await db
      .insertInto("reference_counters")
      .values({ prefix: "LIFT", year, last_number: last })
      .onConflict((oc) => oc.columns(["prefix", "year"]).doUpdateSet({ last_number: sql`greatest(reference_counters.last_number, excluded.last_number)` }))
      .execute();
  }

  // --- Training: eventsPerYear events a year over the five years and the coming two terms, filled from the
  // schools of their district; past bookings attended or not, about half the attendees' evaluations.
  const eventTotal = size.eventsPerYear * YEARS + Math.round(size.eventsPerYear / 3) * 2;
  progress.step("training", eventTotal);
  const first = since;
  const last = now.getTime() + 240 * DAY;
  const generatedIn = new Map<number, number[]>();
  for (const s of generated) generatedIn.set(s.district_id, [...(generatedIn.get(s.district_id) ?? []), s.id]);
  for (let made = 0; made < eventTotal; ) {
    const n = Math.min(500, eventTotal - made);
    const rows = Array.from({ length: n }, (_, i) => {
      const at = first + ((made + i + rng()) / eventTotal) * (last - first);
      const startsAt = new Date(Math.floor(at / HOUR) * HOUR);
      const online = rng() < 0.3;
      const past = startsAt.getTime() < now.getTime();
      const roll = rng();
      const status = roll < 0.03 ? "cancelled" : !past && roll < 0.05 ? "draft" : "published";
      return {
        course_id: courses[Math.floor(rng() * courses.length)]!.id,
        status,
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + 3 * HOUR),
        venue: online ? null : "Training centre",
        district_id: online ? null : districts[Math.floor(rng() * districts.length)]!.id,
        online_url: online ? "https://meet.example/kent-training" : null,
        places: [12, 16, 20, 24, 30, 40][Math.floor(rng() * 6)]!,
        booking_closes_at: new Date(startsAt.getTime() - 2 * DAY),
        cancellation_closes_at: new Date(startsAt.getTime() - 2 * DAY),
        cost_pence: rng() < 0.6 ? 0 : [4500, 9000, 15000][Math.floor(rng() * 3)]!,
        hours: 3,
        presenter_name: "Scale Trainer",
        cancelled_reason: status === "cancelled" ? "Not enough bookings" : null,
        created_by: officer.id,
      };
    });
    const events = await db.insertInto("training_events").values(rows).returning(["id", "places", "district_id", "starts_at", "status"]).execute();
    const bookingRows = [];
    for (const event of events) {
      if (event.status === "draft") continue;
      const past = event.starts_at.getTime() < now.getTime();
      const filled = Math.min(event.places, Math.floor(event.places * (past ? 0.6 + rng() * 0.4 : rng())));
      const waiting = filled === event.places && !past ? Math.floor(rng() * 5) : 0;
      const pool = generatedIn.get(event.district_id ?? districts[Math.floor(rng() * districts.length)]!.id) ?? generated.map((s) => s.id);
      for (let k = 0; k < filled + waiting; k++) {
        const school = pool[Math.floor(rng() * pool.length)]!;
        const cancelled = event.status === "cancelled";
        const status = cancelled ? "cancelled" : k < filled ? "booked" : "waiting";
        const marked = past && status === "booked";
        bookingRows.push({
          event_id: event.id,
          school_id: school,
          status,
          attendee_name: `Staff member ${k + 1}`,
          attendee_role: "Teaching assistant",
          attendee_email: `staff${k + 1}.e${event.id}@scale.example`,
          booked_by: staffOf.get(school)?.senco ?? officer.id,
          cancelled_at: cancelled ? event.starts_at : null,
          cancelled_why: cancelled ? "event_cancelled" : null,
          attended: marked ? rng() < 0.9 : null,
          attendance_marked_by: marked ? officer.id : null,
          attendance_marked_at: marked ? event.starts_at : null,
        });
      }
    }
    for (let i = 0; i < bookingRows.length; i += 2_000) {
      const made = await db.insertInto("training_bookings").values(bookingRows.slice(i, i + 2_000)).returning(["id", "event_id", "attended"]).execute();
      const evaluations = made.filter((b) => b.attended === true && rng() < 0.5).map((b) => ({ booking_id: b.id, event_id: b.event_id, usefulness: 1 + Math.min(4, Math.floor(rng() * 2.2 + rng() * 2.8)) }));
      if (evaluations.length) await db.insertInto("training_evaluations").values(evaluations).execute();
    }
    made += n;
    progress.tick(n);
  }

  // --- Resource provisions: srps SRPs at the new schools, places commissioned each academic year, a return each
  // term's window (about one in ten of this term's not yet sent).
  const designations = (await db.selectFrom("srp_designations").select("code").execute()).map((d) => d.code);
  const srpSchools = generated.filter((_, i) => i % Math.max(1, Math.floor(generated.length / size.srps)) === 0).slice(0, size.srps);
  progress.step("resource provision", srpSchools.length * (YEARS * 3 + YEARS + 1));
  const srps = (await insertReturning(
    db,
    "resource_provisions",
    srpSchools.map((s, i) => {
      const secondary = s.phase === "Secondary";
      return { school_id: s.id, designation_code: designations[i % designations.length]!, first_year_group: secondary ? "7" : "R", last_year_group: secondary ? "11" : "6", opened_on: `${academicYear - YEARS - 1}-09-01` };
    }),
    ["id", "school_id"],
    progress,
  )) as { id: number; school_id: number }[];
  const placeRows = srps.flatMap((s) => Array.from({ length: YEARS + 1 }, (_, k) => ({ resource_provision_id: s.id, academic_year: academicYear - YEARS + k, commissioned_places: 8 + Math.floor(rng() * 13) })));
  await insertAll(db, "resource_provision_places", placeRows, progress);
  const commissioned = new Map(placeRows.map((p) => [`${p.resource_provision_id}:${p.academic_year}`, p.commissioned_places]));
  const TERMS = ["autumn", "spring", "summer"] as const;
  const windowDates = (year: number, term: (typeof TERMS)[number]) =>
    term === "autumn" ? { opens_on: `${year}-11-16`, closes_on: `${year}-12-11` } : term === "spring" ? { opens_on: `${year + 1}-03-08`, closes_on: `${year + 1}-03-26` } : { opens_on: `${year + 1}-06-21`, closes_on: `${year + 1}-07-09` };
  const haveWindow = new Set((await db.selectFrom("srp_return_windows").select(["academic_year", "term"]).execute()).map((w) => `${w.academic_year}:${w.term}`));
  const newWindows = [];
  for (let year = academicYear - YEARS + 1; year <= academicYear; year++) {
    for (const term of TERMS) {
      const dates = windowDates(year, term);
      if (!haveWindow.has(`${year}:${term}`) && dates.opens_on <= today) newWindows.push({ academic_year: year, term, ...dates, updated_by: officer.id });
    }
  }
  if (newWindows.length) await db.insertInto("srp_return_windows").values(newWindows).execute();
  const windows = await db.selectFrom("srp_return_windows").select(["id", "academic_year", "opens_on", "closes_on"]).where("opens_on", "<=", today).orderBy("opens_on").execute();
  for (const w of windows) {
    const open = w.closes_on >= today;
    const rows = srps
      .filter(() => rng() >= (open ? 0.1 : 0.03))
      .map((s) => {
        const places = commissioned.get(`${s.id}:${w.academic_year}`) ?? 10;
        const filled = Math.max(0, places - Math.floor(rng() * 4));
        const sentAt = new Date(`${w.opens_on}T10:00:00Z`);
        return {
          resource_provision_id: s.id,
          school_id: s.school_id,
          window_id: w.id,
          status: "sent",
          places_filled: filled,
          ehc_plan_pupils: Math.max(0, filled - Math.floor(rng() * 2)),
          from_other_schools: Math.min(filled, Math.floor(rng() * 4)),
          admitted: Math.floor(rng() * 3),
          left_in_term: Math.floor(rng() * 2),
          waiting: Math.floor(rng() * 7),
          over_commissioned: false,
          sent_at: sentAt,
          sent_by: staffOf.get(s.school_id)!.senco!,
          created_by: staffOf.get(s.school_id)!.senco!,
          updated_at: sentAt,
          version: 1,
        };
      });
    const made = (await insertReturning(db, "srp_returns", rows, ["id", "places_filled", "ehc_plan_pupils", "from_other_schools", "admitted", "left_in_term", "waiting", "sent_at", "sent_by"], progress)) as {
      id: number;
      places_filled: number;
      ehc_plan_pupils: number;
      from_other_schools: number;
      admitted: number;
      left_in_term: number;
      waiting: number;
      sent_at: Date;
      sent_by: number;
    }[];
    await insertAll(
      db,
      "srp_return_versions",
      made.map((r) => ({ srp_return_id: r.id, number: 1, places_filled: r.places_filled, ehc_plan_pupils: r.ehc_plan_pupils, from_other_schools: r.from_other_schools, admitted: r.admitted, left_in_term: r.left_in_term, waiting: r.waiting, commissioned_places: null, over_commissioned: false, sent_by: r.sent_by, sent_at: r.sent_at })),
      { step() {}, tick() {} },
    );
  }

  // --- Inclusion Champions: a visit to each new school a term, published, with two to four agreed actions each
  // (the older ones mostly done or closed).
  const focusAreas = (await db.selectFrom("champion_focus_areas").select("code").execute()).map((f) => f.code);
  const terms = YEARS * 3;
  progress.step("champion visits", generated.length * terms);
  for (let offset = 0; offset < generated.length; offset += 100) {
    const chunk = generated.slice(offset, offset + 100);
    const visitRows = chunk.flatMap((school) =>
      Array.from({ length: terms }, (_, t) => {
        const on = now.getTime() - Math.round(((terms - t - 0.5) * 365 * DAY) / 3) - Math.floor(rng() * 30) * DAY;
        const champion = staffOf.get(school.id)!.champion!;
        return { school_id: school.id, champion_user_id: champion, status: "published", visited_on: iso(new Date(on)), format: rng() < 0.8 ? "in_person" : "online", seen: "Lessons and the SEN register.", strengths: "Calm, purposeful classrooms.", published_at: new Date(on + DAY), published_by: champion };
      }).filter((v) => v.visited_on >= iso(new Date(since))),
    );
    const visits = (await db.insertInto("champion_visits").values(visitRows).returning(["id", "visited_on", "champion_user_id"]).execute()) as { id: number; visited_on: string; champion_user_id: number }[];
    await db
      .insertInto("champion_visit_focus_areas")
      .values(visits.flatMap((v) => [...new Set([focusAreas[Math.floor(rng() * focusAreas.length)]!, focusAreas[Math.floor(rng() * focusAreas.length)]!])].map((f) => ({ champion_visit_id: v.id, focus_area: f }))))
      .execute();
    const actionRows = visits.flatMap((v) =>
      Array.from({ length: 2 + Math.floor(rng() * 3) }, (_, i) => {
        const due = utc(v.visited_on).getTime() + (20 + Math.floor(rng() * 60)) * DAY;
        const age = now.getTime() - due;
        const status = age > 0 && rng() < 0.75 ? (rng() < 0.85 ? "done" : "closed") : "open";
        const at = new Date(Math.min(now.getTime() - DAY, due - 5 * DAY));
        return {
          champion_visit_id: v.id,
          position: i + 1,
          description: "Review the provision map with class teachers.",
          owner: (["school", "champion", "council"] as const)[Math.floor(rng() * 3)]!,
          due_on: iso(new Date(due)),
          status,
          done_note: status === "done" ? "Done at the staff meeting." : null,
          done_at: status === "done" ? at : null,
          done_by: status === "done" ? v.champion_user_id : null,
          closed_at: status === "closed" ? at : null,
          closed_by: status === "closed" ? v.champion_user_id : null,
        };
      }),
    );
    for (let i = 0; i < actionRows.length; i += 1_000) await db.insertInto("agreed_actions").values(actionRows.slice(i, i + 1_000)).execute();
    progress.tick(chunk.length * terms);
  }

  progress.step("statistics (ANALYZE)", 1);
  await sql`ANALYZE`.execute(db);
  progress.tick(1);

  const rows: Record<string, number> = {};
  for (const table of ["schools", "users", "pupils", "funding_requests", "funding_request_events", "lift_meetings", "lift_referrals", "lift_outcomes", "stls_visits", "training_events", "training_bookings", "training_evaluations", "resource_provisions", "srp_returns", "champion_visits", "agreed_actions"] as const) {
    rows[table] = await count(db, table);
  }
  return { rows, ms: performance.now() - started };
}
