import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { formatDate } from "../../app/components/format.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { londonDateAndTime } from "../../app/domain/london-time.ts";
import { addDays } from "../../app/domain/stls/meeting-dates.ts";
import { openMeetings } from "../../app/domain/stls/referral-meetings.server.ts";
import { sendReferral, withdrawReferral } from "../../app/domain/stls/referral-steps.server.ts";
import { NO_LIFT_GROUP, meetingRefusal } from "../../app/domain/stls/referral.rules.ts";
import { seedDemoLiftReferrals } from "../../db/seed/lift-referrals.ts";
import { createTestDatabase } from "../setup/database.ts";
import { createLiftMeeting, createLiftReferral } from "../setup/stls.ts";

// Sending a LIFT referral (ADR 44): the papers-due day, the cap per school counted under the meeting's lock (two
// sends at once for the last place: one wins), a meeting cancelled, held, or of another group; withdrawing until
// papers are due, then locked for the meeting. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.

let handle: DatabaseHandle;
const db = () => handle.db;

beforeAll(async () => {
  handle = await createTestDatabase({ seed: true });
});
afterAll(async () => {
  await handle?.close();
});

const senco = () => actorForEmail(db(), "senco@oakfield.example");

async function state(id: number) {
  return db().selectFrom("lift_referrals").select(["status", "version", "sent_at", "meeting_id"]).where("id", "=", id).executeTakeFirstOrThrow();
}

/** A complete draft (every answer, the signed document) for a meeting. */
async function completeDraft(meetingId: number, pupil: [string, string] = ["Isla", "Foster"]) {
  const referral = await createLiftReferral(db(), { status: "draft", agreement: true, meetingId, pupil });
  return { ...referral, version: (await state(referral.id)).version };
}

const meetingDay = async (meetingId: number) => {
  const m = await db().selectFrom("lift_meetings").select(["starts_at", "papers_due_on"]).where("id", "=", meetingId).executeTakeFirstOrThrow();
  return { on: formatDate(londonDateAndTime(m.starts_at).date), due: formatDate(m.papers_due_on) };
};

const messages = (result: unknown) => JSON.stringify(result);

describe("the demo's referrals", () => {
  it("has Oakfield's and Riverside's in every state, outcomes of each kind asked, and adds nothing when run again", async () => {
    const rows = () =>
      db()
        .selectFrom("lift_referrals")
        .innerJoin("schools", "schools.id", "lift_referrals.school_id")
        .select(["schools.urn", "lift_referrals.status"])
        .where("lift_referrals.created_at", "<", new Date(Date.now() - 30 * 86_400_000))
        .execute();
    const before = await rows();
    for (const urn of ["990001", "990002"]) {
      expect(new Set(before.filter((r) => r.urn === urn).map((r) => r.status)), urn).toEqual(new Set(["draft", "sent", "outcome", "withdrawn"]));
    }
    const kinds = await db().selectFrom("lift_outcomes").select("kind").distinct().execute();
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(["advice", "deferred", "training"]));
    await seedDemoLiftReferrals(db());
    expect(await rows()).toHaveLength(before.length);
  });
});

describe("sending a referral", () => {
  it("sends a complete draft to an open meeting and tells the link teacher, without the pupil's name", async () => {
    const meeting = await createLiftMeeting(db(), { startsInDays: 50 });
    const draft = await completeDraft(meeting);
    const outboxBefore = await db().selectFrom("email_outbox").select("id").execute();
    const result = await sendReferral(db(), await senco(), draft.reference, { version: draft.version }, "test");
    expect(result).toEqual({ ok: true, again: false });
    expect((await state(draft.id)).status).toBe("sent");
    const mails = await db().selectFrom("email_outbox").selectAll().where("id", "not in", outboxBefore.length ? outboxBefore.map((r) => r.id) : [0]).execute();
    expect(mails.map((m) => m.to_address)).toEqual(["stls@kent.example"]);
    expect(mails[0]!.subject).toContain(draft.reference);
    expect(`${mails[0]!.subject} ${mails[0]!.body}`).not.toMatch(/Isla|Foster/);
    expect(mails[0]!.link).toBe(`/lift/referrals/${draft.reference}`);
    // The same form again is answered as done, counted once.
    expect(await sendReferral(db(), await senco(), draft.reference, { version: draft.version }, "test")).toEqual({ ok: true, again: true });
  });

  it("refuses a draft without the signed Agreement to Engage, its signer or its date, and changes nothing", async () => {
    const meeting = await createLiftMeeting(db(), { startsInDays: 50 });
    const noDocument = await createLiftReferral(db(), { status: "draft", agreement: false, meetingId: meeting });
    const before = await state(noDocument.id);
    const result = await sendReferral(db(), await senco(), noDocument.reference, { version: before.version }, "test");
    expect(result.ok).toBe(false);
    expect(messages(result)).toContain("Upload the parents' signed Agreement to Engage");
    expect(await state(noDocument.id)).toEqual(before);

    const noSigner = await completeDraft(meeting);
    await db().updateTable("lift_referrals").set({ agreement_signed_by: null, agreement_signed_on: null }).where("id", "=", noSigner.id).execute();
    const refused = await sendReferral(db(), await senco(), noSigner.reference, { version: noSigner.version }, "test");
    expect(messages(refused)).toContain("Enter who signed the Agreement to Engage");
    expect(messages(refused)).toContain("Enter the date the Agreement to Engage was signed");
    expect((await state(noSigner.id)).status).toBe("draft");
  });

  it("refuses once the papers-due day has passed, naming the next meeting open", async () => {
    const late = await createLiftMeeting(db(), { startsInDays: 3, papersDueInDays: -1 });
    const draft = await completeDraft(late);
    const result = await sendReferral(db(), await senco(), draft.reference, { version: draft.version }, "test");
    const { on, due } = await meetingDay(late);
    expect(messages(result)).toContain(`Papers for the meeting on ${on} were due on ${due}. The next meeting open for referrals is on `);
    expect((await state(draft.id)).status).toBe("draft");
  });

  it("refuses over the school's cap for the meeting, counting only sent referrals", async () => {
    const meeting = await createLiftMeeting(db(), { startsInDays: 60, cap: 2 });
    await createLiftReferral(db(), { status: "sent", meetingId: meeting, pupil: ["Amelia", "Hart"] });
    await createLiftReferral(db(), { status: "sent", meetingId: meeting, pupil: ["Noah", "Bennett"] });
    // A withdrawn one and a draft do not count.
    await createLiftReferral(db(), { status: "withdrawn", meetingId: meeting, pupil: ["Leo", "Kemp"] });
    const draft = await completeDraft(meeting);
    const result = await sendReferral(db(), await senco(), draft.reference, { version: draft.version }, "test");
    const { on } = await meetingDay(meeting);
    expect(messages(result)).toContain(`Oakfield Primary School already has 2 referrals for the meeting on ${on}, the most it takes. The next meeting open for referrals is on`);
    expect((await state(draft.id)).status).toBe("draft");
    // Moved to a meeting with places left, it goes.
    const later = await createLiftMeeting(db(), { startsInDays: 63 });
    await db().updateTable("lift_referrals").set({ meeting_id: later }).where("id", "=", draft.id).execute();
    // The places used at each open meeting, counted together (the draft itself not counted).
    const school = (await db().selectFrom("lift_referrals").select("school_id").where("id", "=", draft.id).executeTakeFirstOrThrow()).school_id;
    const open = await openMeetings(db(), school, new Date(), draft.id);
    expect(open.find((m) => m.id === meeting)?.used).toBe(2);
    expect(open.find((m) => m.id === later)?.used).toBe(0);
    expect(await sendReferral(db(), await senco(), draft.reference, { version: draft.version }, "test")).toEqual({ ok: true, again: false });
  });

  it("refuses a meeting cancelled, already held, or of another group", async () => {
    const cancelled = await createLiftMeeting(db(), { startsInDays: 40, status: "cancelled" });
    const held = await createLiftMeeting(db(), { startsInDays: -2, papersDueInDays: -9 });
    const riverside = await createLiftMeeting(db(), { startsInDays: 40, schoolUrn: "990002" });
    const cases: [number, RegExp][] = [
      [cancelled, /The meeting on .* has been cancelled\. /],
      [held, /The meeting on .* has already taken place\. /],
      [riverside, /Select a meeting of Maidstone North LIFT, the LIFT group serving your school/],
    ];
    for (const [meeting, pattern] of cases) {
      const draft = await completeDraft(meeting);
      const result = await sendReferral(db(), await senco(), draft.reference, { version: draft.version }, "test");
      expect(messages(result)).toMatch(pattern);
      expect((await state(draft.id)).status).toBe("draft");
    }
    // The same rules, pure, for a school no LIFT group serves and for a meeting that can take the referral.
    const now = new Date();
    const open = { id: 1, groupId: 7, date: londonToday(), startsAt: new Date(now.getTime() + 86_400_000), papersDueOn: londonToday(), cap: 3, status: "scheduled" };
    expect(meetingRefusal(undefined, open, { schoolName: "Oakfield Primary School", used: 0, now })).toEqual({ why: "other_group", message: NO_LIFT_GROUP });
    expect(meetingRefusal({ id: 7, name: "Maidstone North LIFT" }, open, { schoolName: "Oakfield Primary School", used: 2, now })).toBeUndefined();
    expect(meetingRefusal({ id: 7, name: "Maidstone North LIFT" }, open, { schoolName: "Oakfield Primary School", used: 3, now })?.why).toBe("full");
  });

  it("lets only one of two sends at once take the last place (counted under the meeting's lock)", async () => {
    const meeting = await createLiftMeeting(db(), { startsInDays: 70, cap: 1 });
    const first = await completeDraft(meeting, ["Isla", "Foster"]);
    const second = await completeDraft(meeting, ["Ava", "Quinn"]);
    const actor = await senco();
    const results = await Promise.all([
      sendReferral(db(), actor, first.reference, { version: first.version }, "test"),
      sendReferral(db(), actor, second.reference, { version: second.version }, "test"),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(messages(results.find((r) => !r.ok))).toContain("already has 1 referral for the meeting on");
    const sent = await db().selectFrom("lift_referrals").select("id").where("meeting_id", "=", meeting).where("status", "=", "sent").execute();
    expect(sent).toHaveLength(1);
  });

  it("refuses another school's SENCO as if the referral did not exist", async () => {
    const meeting = await createLiftMeeting(db(), { startsInDays: 50 });
    const draft = await completeDraft(meeting);
    const riverside = await actorForEmail(db(), "senco@riverside.example");
    await expect(sendReferral(db(), riverside, draft.reference, { version: draft.version }, "test")).rejects.toMatchObject({ status: 404 });
  });
});

describe("withdrawing a referral", () => {
  it("withdraws a draft, and a sent referral until its papers are due", async () => {
    const meeting = await createLiftMeeting(db(), { startsInDays: 50 });
    const draft = await completeDraft(meeting);
    expect(await withdrawReferral(db(), await senco(), draft.reference, { version: draft.version, comment: "Not needed now" }, "test")).toEqual({ ok: true, again: false });
    expect((await state(draft.id)).status).toBe("withdrawn");
    const sent = await createLiftReferral(db(), { status: "sent", meetingId: meeting });
    expect(await withdrawReferral(db(), await senco(), sent.reference, { version: (await state(sent.id)).version }, "test")).toMatchObject({ ok: true });
    expect((await state(sent.id)).status).toBe("withdrawn");
  });

  it("locks a sent referral for the meeting once papers are due", async () => {
    const meeting = await createLiftMeeting(db(), { startsInDays: 2, papersDueInDays: -1 });
    const sent = await createLiftReferral(db(), { status: "sent", meetingId: meeting });
    const result = await withdrawReferral(db(), await senco(), sent.reference, { version: (await state(sent.id)).version }, "test");
    const { on, due } = await meetingDay(meeting);
    expect(result).toEqual({ ok: false, formError: expect.stringContaining(`This referral is locked for the meeting on ${on}: papers were due on ${due}`) });
    expect((await state(sent.id)).status).toBe("sent");
  });

  it("says the papers-due day is the last day a referral may be sent", async () => {
    const today = londonToday();
    const meeting = await createLiftMeeting(db(), { startsInDays: 6, papersDueInDays: 0 });
    expect((await db().selectFrom("lift_meetings").select("papers_due_on").where("id", "=", meeting).executeTakeFirstOrThrow()).papers_due_on).toBe(addDays(today, 0));
    const draft = await completeDraft(meeting);
    expect(await sendReferral(db(), await senco(), draft.reference, { version: draft.version }, "test")).toEqual({ ok: true, again: false });
  });
});
