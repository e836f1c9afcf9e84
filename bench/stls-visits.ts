/**
 * `npm run bench:visits`: 50 SENCOs booking from the same 20 specialist visit slots at once, over HTTP against the
 * built portal on PostgreSQL (issue 10, QUALITY.md "Concurrency figures for every capacity rule"). The bench makes
 * its own database (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres; dropped at the end, also on
 * error), migrates and seeds it, then adds 50 schools in Maidstone, each with a SENCO account, a pupil, a LIFT
 * referral and an involvement allocating Tom Harding one visit, and 20 free visit slots of Tom's. It starts
 * `server.ts` (bench/lib.ts), signs every SENCO in, opens each one's booking page, then all at once each posts a
 * booking of the slot they were shown (SENCO i takes slot i mod 20); a SENCO refused because the slot was taken
 * reads the page again and takes the first slot still offered, as a person would, until booked or none is left.
 * It checks exactly 20 bookings, one per slot, none over an allocation and no teacher double-booked (no two live
 * bookings on overlapping slots of one teacher), and prints bookings per second and p50/p95/max of one POST.
 * BENCH_SENCOS and BENCH_SLOTS change the sizes (a small run proves it works). Figures in bench/README.md.
 */
import { execFileSync } from "node:child_process";
import pg from "pg";
import { openPostgres } from "../app/db.server.ts";
import { londonToday } from "../app/domain/financial-year.ts";
import { createInvolvement, createLiftReferral, createStlsSlot } from "../tests/setup/stls.ts";
import { baseEnv, cleanUp, cleanUpOnSignals, cleanups, ensureBuild, request, signIn, startServer, stopGroup } from "./lib.ts";

const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SENCOS = Number(process.env.BENCH_SENCOS ?? 50);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 20);
const PASSWORD = "portal-demo-2026";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

function urlFor(name: string) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** 50 schools of Maidstone served by Maidstone North LIFT, each with a SENCO, a pupil and an involvement of one visit; Tom's free slots. */
async function prepare(url: string) {
  const handle = openPostgres(url);
  try {
    const db = handle.db;
    const district = await db.selectFrom("districts").select("id").where("code", "=", "maidstone").executeTakeFirstOrThrow();
    const group = await db.selectFrom("lift_group_schools").innerJoin("schools", "schools.id", "lift_group_schools.school_id").select("group_id").where("schools.urn", "=", "990001").executeTakeFirstOrThrow();
    const meeting = await db.selectFrom("lift_meetings").select("id").where("group_id", "=", group.group_id).where("ends_at", "<", new Date()).orderBy("starts_at", "desc").executeTakeFirstOrThrow();
    const hash = await db.selectFrom("users").select("password_hash").where("email", "=", "senco@oakfield.example").executeTakeFirstOrThrow();
    const sencos: { email: string; involvementId: number }[] = [];
    for (let i = 0; i < SENCOS; i++) {
      const urn = String(980000 + i);
      const email = `senco.${urn}@bench.example`;
      const school = await db
        .insertInto("schools")
        .values({ urn, name: `Bench Primary School ${i + 1}`, district_id: district.id, phase: "Primary", establishment_type: "Community school", number_on_roll: 200, postcode: "ME15 6ZZ" })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("lift_group_schools").values({ school_id: school.id, group_id: group.group_id }).execute();
      const user = await db.insertInto("users").values({ email, display_name: `Bench SENCO ${i + 1}`, password_hash: hash.password_hash }).returning("id").executeTakeFirstOrThrow();
      await db.insertInto("memberships").values({ user_id: user.id, role: "senco", school_id: school.id, district_id: null }).execute();
      await db
        .insertInto("pupils")
        .values({ school_id: school.id, first_name: "Bench", last_name: `Pupil ${i + 1}`, date_of_birth: "2018-01-01", year_group: "3", sen_provision: "K", primary_need: "SPLD", date_added: londonToday() })
        .execute();
      const referral = await createLiftReferral(db, { schoolUrn: urn, pupil: ["Bench", `Pupil ${i + 1}`], meetingId: meeting.id, senderEmail: email });
      sencos.push({ email, involvementId: await createInvolvement(db, referral.id, { visits: 1 }) });
    }
    // Only the bench's slots are free: the demo's free slots of Tom's are withdrawn.
    await db
      .updateTable("stls_slots")
      .set({ status: "withdrawn" })
      .where("status", "=", "open")
      .where("teacher_user_id", "=", (eb) => eb.selectFrom("users").select("id").where("email", "=", "stls@kent.example"))
      .where((eb) => eb.not(eb.exists(eb.selectFrom("stls_visits").select("stls_visits.id").whereRef("stls_visits.slot_id", "=", "stls_slots.id").where("stls_visits.status", "<>", "cancelled"))))
      .execute();
    const slots: number[] = [];
    for (let i = 0; i < SLOTS; i++) slots.push(await createStlsSlot(db, { startsInDays: 300 + i, time: "09:00" }));
    return { sencos, slots };
  } finally {
    await handle.close();
  }
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function main() {
  cleanUpOnSignals("bench:visits stopped");
  await ensureBuild();
  const name = `bench_visits_${process.pid}`;
  await admin(`CREATE DATABASE ${name}`);
  cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {}));
  const url = urlFor(name);
  for (const step of ["migrate", "seed"]) execFileSync("npx", ["tsx", "db/cli.ts", step], { env: baseEnv({ DATABASE_URL: url }), stdio: "ignore" });
  const { sencos, slots } = await prepare(url);
  const server = await startServer({ DATABASE_URL: url }, { readyPath: "/health", pollMs: 200, timeoutMs: 120_000, host: "127.0.0.1" });
  cleanups.push(() => stopGroup(server));
  const base = server.base;

  // Signed in, each on their involvement's booking page: its CSRF field and the form's one-off key.
  const people = await Promise.all(
    sencos.map(async (s) => {
      const { cookie } = await signIn(base, { email: s.email, password: PASSWORD }, s.email);
      return { ...s, cookie };
    }),
  );
  const page = async (p: (typeof people)[number]) => {
    const html = (await request(`${base}/stls/book/${p.involvementId}`, { headers: { Cookie: p.cookie } })).body.toString();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
    const offered = [...html.matchAll(/name="slotId"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="slotId"/g)].map((m) => Number(m[1] ?? m[2]));
    return { csrf, key, offered };
  };
  const first = await Promise.all(people.map(page));
  if (first.some((f) => !f.csrf || !f.key || f.offered.join() !== slots.join())) throw new Error("A booking page did not offer every slot with its form");

  const times: number[] = [];
  let refusedTaken = 0;
  const started = performance.now();
  const outcomes = await Promise.all(
    people.map(async (p, i) => {
      let { csrf, key } = first[i]!;
      let slotId = slots[i % SLOTS]!;
      for (;;) {
        const t0 = performance.now();
        const body = form({ csrf: csrf!, slotId: String(slotId), idempotencyKey: key! });
        const reply = await request(`${base}/stls/book/${p.involvementId}`, {
          method: "POST",
          body,
          headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(body)), Cookie: p.cookie, Origin: base },
        });
        times.push(performance.now() - t0);
        if (reply.status === 302) return "booked";
        if (reply.status !== 409 || !reply.body.toString().includes("That slot has just been booked by someone else")) throw new Error(`${p.email}: POST answered ${reply.status}`);
        refusedTaken += 1;
        const again = await page(p);
        if (again.offered.length === 0) return "none left";
        ({ csrf, key } = again);
        slotId = again.offered[0]!;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await stopGroup(server);

  const handle = openPostgres(url);
  try {
    const live = await handle.db.selectFrom("stls_visits").select(["slot_id", "involvement_id"]).where("slot_id", "in", slots).where("status", "<>", "cancelled").execute();
    const perSlot = new Set(live.map((v) => v.slot_id));
    const perInvolvement = new Set(live.map((v) => v.involvement_id));
    const overlaps = await handle.db
      .selectFrom("stls_visits as a")
      .innerJoin("stls_slots as sa", "sa.id", "a.slot_id")
      .innerJoin("stls_slots as sb", (join) => join.onRef("sb.teacher_user_id", "=", "sa.teacher_user_id").onRef("sb.id", "<>", "sa.id").onRef("sb.starts_at", "<", "sa.ends_at").onRef("sa.starts_at", "<", "sb.ends_at"))
      .innerJoin("stls_visits as b", (join) => join.onRef("b.slot_id", "=", "sb.id").on("b.status", "<>", "cancelled"))
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("a.status", "<>", "cancelled")
      .executeTakeFirstOrThrow();
    const booked = outcomes.filter((o) => o === "booked").length;
    const expected = Math.min(SLOTS, SENCOS);
    if (live.length !== expected || perSlot.size !== expected || perInvolvement.size !== expected || booked !== expected || Number(overlaps.n) !== 0) {
      throw new Error(`Expected ${expected} bookings, one per slot: ${live.length} live, ${perSlot.size} slots, ${perInvolvement.size} involvements, ${booked} told booked, ${overlaps.n} overlaps`);
    }
    times.sort((a, b) => a - b);
    console.log(`\n${SENCOS} SENCOs, ${SLOTS} slots of one teacher, over HTTP, PostgreSQL, pool of ${process.env.DATABASE_POOL_MAX ?? 10}\n`);
    console.log("| bookings | told taken, chose again | POSTs | bookings/s | p50 ms | p95 ms | max ms | outcome |\n| --- | --- | --- | --- | --- | --- | --- | --- |");
    console.log(
      `| ${booked} | ${refusedTaken} | ${times.length} | ${(booked / elapsed).toFixed(0)} | ${percentile(times, 50).toFixed(0)} | ${percentile(times, 95).toFixed(0)} | ${times.at(-1)!.toFixed(0)} | exactly ${expected} bookings, one per slot, no teacher double-booked |`,
    );
  } finally {
    await handle.close();
  }
}

main()
  .then(() => cleanUp())
  .catch(async (error: unknown) => {
    console.error(error);
    await cleanUp();
    process.exitCode = 1;
  });
