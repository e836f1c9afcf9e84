import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../app/db.server.ts";
import type { Actor } from "../../app/domain/access/access.server.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { londonInstant } from "../../app/domain/london-time.ts";
import { newIdempotencyKey } from "../../app/domain/references.server.ts";
import { bookClinic, bookVisit } from "../../app/domain/stls/booking.server.ts";
import { addDays } from "../../app/domain/stls/meeting-dates.ts";
import { publishSlots } from "../../app/domain/stls/slots.server.ts";
import { createTestDatabase } from "../setup/database.ts";
import { createInvolvement, createLiftReferral, createStlsSlot } from "../setup/stls.ts";

// Issue 10: a teacher is never double-booked, under parallel transactions, on PGlite and (TEST_DATABASE_URL) on
// PostgreSQL: many SENCO bookings on the same slots at once leave exactly one live booking per slot and none over an
// involvement's allocation; overlapping slots published at once leave no overlap; and the database itself refuses
// a second live booking of a slot, whatever the code does.

let database: DatabaseHandle;
let senco: Actor;
let tom: Actor;
const db = () => database.db;

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  [senco, tom] = await Promise.all([actorForEmail(db(), "senco@oakfield.example"), actorForEmail(db(), "stls@kent.example")]);
});
afterAll(async () => {
  await database?.close();
});

async function involvements(n: number, visits: number) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(await createInvolvement(db(), (await createLiftReferral(db())).id, { visits }));
  return ids;
}

describe("booking the same slots at once", () => {
  it("gives each slot exactly one booking, refusing the rest with the taken message", async () => {
    const slots: number[] = [];
    for (let i = 0; i < 6; i++) slots.push(await createStlsSlot(db(), { startsInDays: 200 + i, time: "09:00" }));
    const invs = await involvements(18, 1);
    const results = await Promise.all(invs.map((inv, i) => bookVisit(db(), senco, inv, { slotId: slots[i % slots.length]!, idempotencyKey: newIdempotencyKey() }, `race-${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(slots.length);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(12);
    for (const r of refused) expect(r.ok ? "" : r.formError).toBe("That slot has just been booked by someone else. Choose another of the free slots below.");
    const live = await db().selectFrom("stls_visits").select(["slot_id"]).where("slot_id", "in", slots).where("status", "<>", "cancelled").execute();
    expect(live.map((v) => v.slot_id).sort()).toEqual([...slots].sort());
  });

  it("never books an involvement over its allocation, whichever slots are asked for", async () => {
    const [inv] = await involvements(1, 2);
    const slots: number[] = [];
    for (let i = 0; i < 8; i++) slots.push(await createStlsSlot(db(), { startsInDays: 210 + i, time: "09:00" }));
    const results = await Promise.all(slots.map((slotId, i) => bookVisit(db(), senco, inv!, { slotId, idempotencyKey: newIdempotencyKey() }, `alloc-${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? "" : r.formError))).toEqual(Array(6).fill("All 2 visits allocated have been booked. To book another, cancel one that is still to come."));
    expect(await db().selectFrom("stls_visits").select("id").where("involvement_id", "=", inv!).execute()).toHaveLength(2);
  });

  it("counts the same form sent twice at once as one booking", async () => {
    const [inv] = await involvements(1, 3);
    const slotId = await createStlsSlot(db(), { startsInDays: 220, time: "09:00" });
    const key = newIdempotencyKey();
    const results = await Promise.all([0, 1, 2].map((i) => bookVisit(db(), senco, inv!, { slotId, idempotencyKey: key }, `twice-${i}`)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r.ok ? r.visitId : 0))).size).toBe(1);
    expect(await db().selectFrom("stls_visits").select("id").where("involvement_id", "=", inv!).execute()).toHaveLength(1);
  });

  it("refuses, in the database itself, a second live booking of a slot written past the code", async () => {
    const slotId = await createStlsSlot(db(), { startsInDays: 221, time: "09:00" });
    const school = await db().selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow();
    const insert = () => db().insertInto("stls_visits").values({ slot_id: slotId, school_id: school.id, topic: "Direct", booked_by: senco.userId }).execute();
    const settled = await Promise.allSettled([insert(), insert(), insert()]);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    for (const s of settled.filter((s) => s.status === "rejected")) expect(String((s as PromiseRejectedResult).reason)).toMatch(/stls_visits_one_per_slot/);
  });
});

describe("publishing overlapping slots at once", () => {
  it("keeps exactly one of them, and the teacher's open slots never overlap", async () => {
    const day = addDays(londonToday(), 230);
    // Each pair overlaps (all start within the same hour and last an hour).
    const starts = ["10:00", "10:10", "10:20", "10:30", "10:40", "10:50"];
    const results = await Promise.all(
      starts.map((start, i) =>
        publishSlots(
          db(),
          tom,
          { kind: "visit", topic: null, place: `Race ${i}`, weeks: 1, times: [{ startsAt: londonInstant(day, start), endsAt: new Date(+londonInstant(day, start) + 60 * 60_000) }] },
          `overlap-${i}`,
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) expect(r.ok ? "" : r.fieldErrors?.date?.[0]).toMatch(/^You already have a slot on .* from \d\d:\d\d to \d\d:\d\d\./);
    const overlaps = await sql<{ n: string }>`SELECT count(*) AS n FROM stls_slots a JOIN stls_slots b ON a.id < b.id AND a.teacher_user_id = b.teacher_user_id
      AND a.status = 'open' AND b.status = 'open' AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at`.execute(db());
    expect(Number(overlaps.rows[0]!.n)).toBe(0);
  });
});

describe("a clinic booking sent twice at once", () => {
  it("is one booking, both answered with it", async () => {
    const slotId = await createStlsSlot(db(), { startsInDays: 240, time: "09:00", kind: "clinic" });
    const key = newIdempotencyKey();
    const results = await Promise.all([0, 1].map((i) => bookClinic(db(), senco, slotId, { topic: "Twice", pupilId: null, idempotencyKey: key }, `clinic-${i}`)));
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(new Set(results.map((r) => (r.ok ? r.visitId : 0))).size).toBe(1);
  });
});
