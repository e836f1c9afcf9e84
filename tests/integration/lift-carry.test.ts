import { describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { meetingPage } from "../../app/domain/stls/agenda.server.ts";
import { sweepLiftCarryOver } from "../../app/domain/stls/carry.server.ts";
import { nextOpenMeeting } from "../../app/domain/stls/meeting-queries.server.ts";
import { cancelMeeting } from "../../app/domain/stls/meetings.server.ts";
import { seededApp } from "../setup/app.ts";
import { createInvolvement, createLiftMeeting, createLiftReferral, groupOf, userId } from "../setup/stls.ts";

// Carrying referrals on (issue 10, ADR 43): a sent referral without an outcome moves from a meeting held (once
// papers are due for the group's next one) or cancelled (at once) to the group's next scheduled meeting, counted, its
// timeline naming both days with no actor, the school told; one with an outcome, or with no later meeting, stays.

const t = seededApp();
const db = () => t.database.db;

const riverside = (meetingId: number, status: "sent" | "withdrawn" = "sent") => createLiftReferral(db(), { schoolUrn: "990002", pupil: ["Sophie", "Dunn"], meetingId, status });
const referral = (id: number) => db().selectFrom("lift_referrals").select(["meeting_id", "carried_count", "status", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
const lastEvent = (id: number) => db().selectFrom("lift_referral_events").selectAll().where("lift_referral_id", "=", id).orderBy("id", "desc").executeTakeFirstOrThrow();

describe("the carry-over sweep", () => {
  it("moves what was not reached to the next meeting once its papers are due, once however many sweeps run", async () => {
    // Thanet: a meeting held three weeks ago; the next one tomorrow, its papers due yesterday.
    const held = await createLiftMeeting(db(), { schoolUrn: "990002", startsInDays: -20 });
    const next = await createLiftMeeting(db(), { schoolUrn: "990002", startsInDays: 1, papersDueInDays: -1 });
    const waiting = await riverside(held);
    const decided = await riverside(held);
    await createInvolvement(db(), decided.id, { specialistEmail: "stls@kent.example" });
    const withdrawn = await riverside(held, "withdrawn");
    const before = await db().selectFrom("notifications").select("id").where("user_id", "=", await userId(db(), "senco@riverside.example")).execute();

    const [a, b] = await Promise.all([sweepLiftCarryOver(db()), sweepLiftCarryOver(db())]);
    expect(a.carried + b.carried).toBe(1);

    expect(await referral(waiting.id)).toMatchObject({ meeting_id: next, carried_count: 1, status: "sent" });
    const event = await lastEvent(waiting.id);
    expect(event).toMatchObject({ action: "carried", actor_user_id: null, from_status: "sent", to_status: "sent" });
    expect(event.comment).toMatch(/^Not reached at the meeting on \d+ \w+ \d{4}: carried to the meeting on \d+ \w+ \d{4}\.$/);
    expect((await referral(decided.id)).meeting_id).toBe(held);
    expect((await referral(withdrawn.id)).meeting_id).toBe(held);
    const after = await db().selectFrom("notifications").select(["id", "link"]).where("user_id", "=", await userId(db(), "senco@riverside.example")).execute();
    expect(after.length - before.length).toBe(1);
    expect(after.some((n) => n.link === `/lift/referrals/${waiting.reference}`)).toBe(true);
    expect((await sweepLiftCarryOver(db())).carried).toBe(0);
  });

  it("leaves a referral of a meeting held yesterday while LIFT can still record its outcome", async () => {
    // Maidstone North's next meeting (the seed's) has its papers due in the days to come.
    const held = await createLiftMeeting(db(), { startsInDays: -1 });
    const r = await createLiftReferral(db(), { meetingId: held, pupil: ["Ruby", "Nash"] });
    await sweepLiftCarryOver(db());
    expect(await referral(r.id)).toMatchObject({ meeting_id: held, carried_count: 0 });
  });
});

describe("cancelling a meeting", () => {
  it("carries its sent referrals to the group's next scheduled meeting at once, and says so when there is none", async () => {
    const officer = await actorForEmail(db(), "officer@kent.example");
    const group = await groupOf(db(), "990002");
    const cancelled = await createLiftMeeting(db(), { schoolUrn: "990002", startsInDays: 30 });
    const r = await riverside(cancelled);
    const starts = (await db().selectFrom("lift_meetings").select("starts_at").where("id", "=", cancelled).executeTakeFirstOrThrow()).starts_at;
    const expected = await nextOpenMeeting(db(), { groupId: group, startsAt: starts }, new Date(starts));
    const result = await cancelMeeting(db(), officer, cancelled, { version: 1, reason: "The venue is closed for repairs" }, "test");
    expect(result).toMatchObject({ ok: true, carried: 1, stayed: false });
    expect(await referral(r.id)).toMatchObject({ meeting_id: expected!.id, carried_count: 1 });
    expect((await lastEvent(r.id)).comment).toMatch(/^The meeting on .* was cancelled: carried to the meeting on .*\.$/);
    // A second click: already cancelled, nothing more happens.
    expect(await cancelMeeting(db(), officer, cancelled, { version: 1, reason: "The venue is closed for repairs" }, "test")).toMatchObject({ ok: true, carried: 0 });

    // A group with no later meeting: the referral stays, and the agenda says so.
    const thanet = await db().selectFrom("districts").select("id").where("code", "=", "thanet").executeTakeFirstOrThrow();
    const lone = await db().insertInto("lift_groups").values({ district_id: thanet.id, name: "Thanet Coast LIFT" }).returning("id").executeTakeFirstOrThrow();
    const only = await createLiftMeeting(db(), { schoolUrn: "990002", startsInDays: 40 });
    await db().updateTable("lift_meetings").set({ group_id: lone.id }).where("id", "=", only).execute();
    const stuck = await riverside(only);
    expect(await cancelMeeting(db(), officer, only, { version: 1, reason: "No chair available" }, "test")).toMatchObject({ ok: true, carried: 0, stayed: true });
    expect(await referral(stuck.id)).toMatchObject({ meeting_id: only, carried_count: 0 });
    const page = await meetingPage(db(), officer, only, "test");
    expect(page.noLaterMeeting).toBe(true);
    expect(page.figures).toEqual([{ schoolName: "Riverside Academy", discipline: "Cognition and learning", status: "sent", count: 1 }]);
  });

  it("refuses another district's STLS teacher, and a stale form", async () => {
    const tom = await actorForEmail(db(), "stls@kent.example");
    const thanetMeeting = await createLiftMeeting(db(), { schoolUrn: "990002", startsInDays: 12 });
    const thrown = await cancelMeeting(db(), tom, thanetMeeting, { version: 1, reason: "x" }, "test").then(
      () => null,
      (e: unknown) => e,
    );
    expect((thrown as Response).status).toBe(404);
    const own = await createLiftMeeting(db(), { startsInDays: 12 });
    await db().updateTable("lift_meetings").set({ version: 2 }).where("id", "=", own).execute();
    const stale = await cancelMeeting(db(), tom, own, { version: 1, reason: "Clash" }, "test");
    expect(stale.ok).toBe(false);
    expect((await db().selectFrom("lift_meetings").select("status").where("id", "=", own).executeTakeFirstOrThrow()).status).toBe("scheduled");
  });
});
