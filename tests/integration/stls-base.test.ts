import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { liftMeetingInReach, liftReferralFiguresInReach, liftReferralInReach, stlsSlotInReach, stlsVisitInReach } from "../../app/domain/access/scopes.server.ts";
import { defaultPapersDueOn } from "../../app/domain/stls/meeting-dates.ts";
import { createTestDatabase } from "../setup/database.ts";
import { createLiftMeeting, createLiftReferral, createStlsSlot, schoolId, userId } from "../setup/stls.ts";

// STLS through LIFT's shared base (ADR 42): what the database itself refuses (a teacher's overlapping slots, a second
// live booking of a slot, a referral sent incomplete) and who reaches which meeting, referral, slot and visit. Runs
// on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.

let handle: DatabaseHandle;
const db = () => handle.db;

beforeAll(async () => {
  handle = await createTestDatabase({ seed: true });
});

afterAll(async () => {
  await handle?.close();
});

const failsWith = async (work: Promise<unknown>, pattern: RegExp) => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(String((error as { message?: string })?.message ?? error)).toMatch(pattern);
};

describe("the database's own guarantees", () => {
  it("refuses a specialist teacher's second open slot overlapping the first, and takes one that only touches it", async () => {
    await createStlsSlot(db(), { startsInDays: 30, time: "10:00", minutes: 60 });
    await failsWith(createStlsSlot(db(), { startsInDays: 30, time: "10:30", minutes: 60 }), /stls_slots_no_overlap/);
    await createStlsSlot(db(), { startsInDays: 30, time: "11:00", minutes: 30 });
    // A withdrawn slot no longer holds its time.
    await createStlsSlot(db(), { startsInDays: 31, time: "09:00", status: "withdrawn" });
    await createStlsSlot(db(), { startsInDays: 31, time: "09:00" });
  });

  it("holds at most one live booking on a slot; a cancelled one frees it", async () => {
    const slot = await createStlsSlot(db(), { startsInDays: 32, kind: "clinic" });
    const school = await schoolId(db(), "990001");
    const senco = await userId(db(), "senco@oakfield.example");
    const visit = (extra: Record<string, unknown> = {}) =>
      db().insertInto("stls_visits").values({ slot_id: slot, school_id: school, status: "booked", booked_by: senco, topic: "Spelling", ...extra }).returning("id").executeTakeFirstOrThrow();
    const first = await visit();
    await failsWith(visit(), /stls_visits_one_per_slot/);
    await db()
      .updateTable("stls_visits")
      .set({ status: "cancelled", cancelled_at: new Date(), cancelled_by: senco, cancelled_side: "school", cancelled_reason: "Pupil unwell" })
      .where("id", "=", first.id)
      .execute();
    await visit();
  });

  it("refuses a referral marked sent without the Agreement to Engage's signer", async () => {
    const { id } = await createLiftReferral(db(), { status: "draft", agreement: false });
    await failsWith(db().updateTable("lift_referrals").set({ status: "sent", agreement_signed_by: null, sent_at: new Date(), sent_by: 1 }).where("id", "=", id).execute(), /lift_referrals_complete/);
  });
});

describe("who reaches what", () => {
  it("gives a school's staff their group's meetings, an STLS teacher their district's, the council all, a champion none", async () => {
    const oakfieldMeeting = await createLiftMeeting(db(), { schoolUrn: "990001", startsInDays: 40 });
    const riversideMeeting = await createLiftMeeting(db(), { schoolUrn: "990002", startsInDays: 40 });
    const seen = async (email: string) => {
      const actor = await actorForEmail(db(), email);
      const rows = await db().selectFrom("lift_meetings").select("id").where("id", "in", [oakfieldMeeting, riversideMeeting]).where(liftMeetingInReach(actor)).execute();
      return rows.map((r) => r.id).sort();
    };
    expect(await seen("senco@oakfield.example")).toEqual([oakfieldMeeting]);
    expect(await seen("head@riverside.example")).toEqual([riversideMeeting]);
    expect(await seen("stls@kent.example")).toEqual([oakfieldMeeting]);
    expect(await seen("officer@kent.example")).toEqual([oakfieldMeeting, riversideMeeting].sort());
    expect(await seen("champion@kent.example")).toEqual([]);
  });

  it("shows a referral to its school in every state, to the district's STLS once sent, and to the council only as a figure", async () => {
    const draft = await createLiftReferral(db(), { status: "draft", agreement: false, pupil: ["Noah", "Bennett"] });
    const sent = await createLiftReferral(db(), { status: "sent", pupil: ["Isla", "Foster"] });
    const riverside = await createLiftReferral(db(), { schoolUrn: "990002", status: "sent", pupil: ["Sophie", "Dunn"] });
    const ids = [draft.id, sent.id, riverside.id];
    const reach = async (email: string, scope: typeof liftReferralInReach) => {
      const actor = await actorForEmail(db(), email);
      return (await db().selectFrom("lift_referrals").select("id").where("id", "in", ids).where(scope(actor)).execute()).map((r) => r.id).sort((a, b) => a - b);
    };
    expect(await reach("senco@oakfield.example", liftReferralInReach)).toEqual([draft.id, sent.id]);
    expect(await reach("senco@riverside.example", liftReferralInReach)).toEqual([riverside.id]);
    expect(await reach("stls@kent.example", liftReferralInReach)).toEqual([sent.id]);
    expect(await reach("officer@kent.example", liftReferralInReach)).toEqual([]);
    expect(await reach("officer@kent.example", liftReferralFiguresInReach)).toEqual([sent.id, riverside.id]);
    expect(await reach("champion@kent.example", liftReferralInReach)).toEqual([]);
  });

  it("shows slots by district and visits to the school and the district's STLS only", async () => {
    const slot = await createStlsSlot(db(), { startsInDays: 35 });
    const visit = await db()
      .insertInto("stls_visits")
      .values({ slot_id: slot, school_id: await schoolId(db(), "990001"), status: "booked", booked_by: await userId(db(), "senco@oakfield.example") })
      .returning("id")
      .executeTakeFirstOrThrow();
    const sees = async (email: string) => {
      const actor = await actorForEmail(db(), email);
      const slots = await db().selectFrom("stls_slots").select("id").where("id", "=", slot).where(stlsSlotInReach(actor)).execute();
      const visits = await db().selectFrom("stls_visits").select("id").where("id", "=", visit.id).where(stlsVisitInReach(actor)).execute();
      return [slots.length, visits.length];
    };
    expect(await sees("senco@oakfield.example")).toEqual([1, 1]);
    expect(await sees("senco@riverside.example")).toEqual([0, 0]);
    expect(await sees("stls@kent.example")).toEqual([1, 1]);
    expect(await sees("officer@kent.example")).toEqual([1, 0]);
  });
});

describe("meeting dates", () => {
  it("puts papers due on the Wednesday before the meeting", () => {
    expect(defaultPapersDueOn("2027-01-19")).toBe("2027-01-13"); // a Tuesday: the Wednesday of the week before
    expect(defaultPapersDueOn("2027-01-20")).toBe("2027-01-13"); // a Wednesday: a week before
    expect(defaultPapersDueOn("2027-01-21")).toBe("2027-01-20"); // a Thursday: the day before
  });
});
