/**
 * `npm run bench:bookings`: 50 concurrent bookers on one training event with 20 places, on PostgreSQL (issue 9,
 * QUALITY.md "Concurrency figures for every capacity rule"). Each booker is one call of the booking use-case
 * (app/domain/training/bookings.server.ts: its own transaction under the event's row lock), all started at once
 * over the app's own pool (DATABASE_POOL_MAX, 10 by default). It reports bookings per second, p50/p95/max of
 * one booking, and checks that exactly the places were filled and the other 30 wait in the order of the lock
 * (id order, positions 1..30). Several rounds, each on a fresh event. Creates and drops its own database
 * (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres), also on error.
 */
import pg from "pg";
import { migrateToLatest, openPostgres } from "../app/db.server.ts";
import { actorForEmail } from "../app/domain/access/actor.server.ts";
import { bookPeople } from "../app/domain/training/bookings.server.ts";
import { newIdempotencyKey } from "../app/domain/references.server.ts";
import { seedDemo } from "../db/seed/demo.ts";
import { createTrainingEvent } from "../tests/setup/training.ts";

const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const BOOKERS = 50;
const PLACES = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  const name = `bench_bookings_${process.pid}`;
  await admin(`CREATE DATABASE ${name}`);
  const handle = openPostgres(urlFor(name));
  try {
    await migrateToLatest(handle.db);
    await seedDemo(handle.db);
    const db = handle.db;
    const actors = await Promise.all(["senco@oakfield.example", "head@oakfield.example", "senco@riverside.example", "head@riverside.example"].map((e) => actorForEmail(db, e)));
    const lines: string[] = [];
    const all: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const eventId = await createTrainingEvent(db, { places: PLACES, startsInDays: 20 });
      const times: number[] = [];
      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: BOOKERS }, async (_, i) => {
          const t0 = performance.now();
          const result = await bookPeople(
            db,
            actors[i % actors.length]!,
            eventId,
            { people: [{ name: `Booker ${i}`, role: "Teaching assistant", email: `booker.${round}.${i}@bench.example` }], whenFull: "wait", idempotencyKey: newIdempotencyKey() },
            `bench-${round}-${i}`,
          );
          times.push(performance.now() - t0);
          return result;
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      if (!results.every((r) => r.ok)) throw new Error(`round ${round}: a booking was refused`);
      const rows = await db.selectFrom("training_bookings").select(["id", "status"]).where("event_id", "=", eventId).orderBy("id").execute();
      const booked = rows.filter((r) => r.status === "booked").length;
      const inOrder = rows.every((r, i) => r.status === (i < PLACES ? "booked" : "waiting"));
      if (booked !== PLACES || rows.length !== BOOKERS || !inOrder) throw new Error(`round ${round}: ${booked} booked of ${rows.length}, in id order: ${inOrder}`);
      times.sort((a, b) => a - b);
      all.push(...times);
      lines.push(
        `| ${round} | ${(BOOKERS / elapsed).toFixed(0)} | ${percentile(times, 50).toFixed(0)} | ${percentile(times, 95).toFixed(0)} | ${times.at(-1)!.toFixed(0)} | ${booked} booked, ${rows.length - booked} waiting in id order |`,
      );
    }
    all.sort((a, b) => a - b);
    console.log(`50 concurrent bookers, one event of ${PLACES} places, PostgreSQL, pool of ${process.env.DATABASE_POOL_MAX ?? 10}\n`);
    console.log("| round | bookings/s | p50 ms | p95 ms | max ms | outcome |\n| --- | --- | --- | --- | --- | --- |");
    for (const line of lines) console.log(line);
    console.log(`\nAll rounds: p95 ${percentile(all, 95).toFixed(0)} ms over ${all.length} bookings.`);
  } finally {
    await handle.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
