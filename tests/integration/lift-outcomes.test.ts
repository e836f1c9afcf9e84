import { describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { outcomeSchema } from "../../app/domain/stls/outcome.schema.ts";
import { recordOutcome } from "../../app/domain/stls/outcome.server.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";
import { createLiftMeeting, createLiftReferral, schoolId, userId } from "../setup/stls.ts";

// LIFT's outcomes (issue 10, ADR 43): recorded by the district's specialist teacher once the meeting has started
// (or is today), one per referral per meeting, each kind with what it needs, the school told; deferring moves the
// referral to the group's next meeting; a specialist of another district is refused with nothing half-saved.

const t = seededApp();
const db = () => t.database.db;
const tom = () => actorForEmail(db(), "stls@kent.example");

const outcome = (fields: Record<string, string>) => outcomeSchema.parse({ version: "2", advice: "Use a visual timetable and pre-teach vocabulary.", ...fields });

async function heldReferral(seed: { startsInDays?: number; status?: "scheduled" | "cancelled"; pupil?: [string, string] } = {}) {
  const meetingId = await createLiftMeeting(db(), { startsInDays: seed.startsInDays ?? -1, status: seed.status });
  const referral = await createLiftReferral(db(), { meetingId, pupil: seed.pupil ?? ["Leo", "Kemp"] });
  await db().updateTable("lift_referrals").set({ version: 2 }).where("id", "=", referral.id).execute();
  return referral;
}

const state = async (id: number) => db().selectFrom("lift_referrals").select(["status", "meeting_id", "carried_count", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
const outcomes = async (id: number) => db().selectFrom("lift_outcomes").selectAll().where("lift_referral_id", "=", id).execute();

describe("recording an outcome", () => {
  it("allocates specialist involvement to a named teacher of the district, tells the school, and counts a resend once", async () => {
    const referral = await heldReferral();
    const teacher = await userId(db(), "stls@kent.example");
    const input = outcome({ kind: "involvement", specialistUserId: String(teacher), visits: "4" });
    expect(await recordOutcome(db(), await tom(), referral.reference, input, "test")).toEqual({ ok: true, again: false });
    expect(await recordOutcome(db(), await tom(), referral.reference, input, "test")).toEqual({ ok: true, again: true });
    expect(await outcomes(referral.id)).toMatchObject([{ kind: "involvement", specialist_user_id: teacher, visits_allocated: 4, meeting_id: referral.meetingId, recorded_role: "stls" }]);
    expect((await state(referral.id)).status).toBe("outcome");
    const senco = await userId(db(), "senco@oakfield.example");
    const told = await db().selectFrom("notifications").select(["message", "link"]).where("user_id", "=", senco).where("link", "=", `/lift/referrals/${referral.reference}`).execute();
    expect(told).toHaveLength(1);
    expect(told[0]!.message).toContain("LIFT has allocated specialist involvement");
    // A different outcome sent from the same old form: refused, the first one stands.
    const other = await recordOutcome(db(), await tom(), referral.reference, outcome({ kind: "advice" }), "test");
    expect(other.ok).toBe(false);
    expect(await outcomes(referral.id)).toHaveLength(1);
  });

  it("refuses an outcome before the meeting's day and at a cancelled meeting, writing nothing", async () => {
    const coming = await heldReferral({ startsInDays: 5, pupil: ["Ruby", "Nash"] });
    const early = await recordOutcome(db(), await tom(), coming.reference, outcome({ kind: "advice" }), "test");
    expect(early).toMatchObject({ ok: false, formError: expect.stringMatching(/^LIFT meets on .*: its outcome can be recorded from the day of the meeting\.$/) });
    const cancelled = await heldReferral({ startsInDays: -1, status: "cancelled", pupil: ["Theo", "Price"] });
    const refused = await recordOutcome(db(), await tom(), cancelled.reference, outcome({ kind: "advice" }), "test");
    expect(refused).toMatchObject({ ok: false, formError: expect.stringContaining("was cancelled") });
    for (const r of [coming, cancelled]) {
      expect(await outcomes(r.id)).toEqual([]);
      expect(await state(r.id)).toMatchObject({ status: "sent", version: 2 });
    }
  });

  it("refuses a course, school or teacher the outcome may not name", async () => {
    const referral = await heldReferral({ pupil: ["Ava", "Quinn"] });
    const riverside = await schoolId(db(), "990002");
    const oakfield = await schoolId(db(), "990001");
    const senco = await userId(db(), "senco@oakfield.example");
    const cases: [Record<string, string>, string][] = [
      [{ kind: "training", courseId: "999999" }, "courseId"],
      [{ kind: "school_support", supportingSchoolId: String(riverside) }, "supportingSchoolId"],
      [{ kind: "school_support", supportingSchoolId: String(oakfield) }, "supportingSchoolId"],
      [{ kind: "involvement", specialistUserId: String(senco), visits: "2" }, "specialistUserId"],
    ];
    for (const [fields, field] of cases) {
      const result = await recordOutcome(db(), await tom(), referral.reference, outcome(fields), "test");
      expect(result.ok, JSON.stringify(fields)).toBe(false);
      expect(Object.keys((result as { fieldErrors?: object }).fieldErrors ?? {})).toEqual([field]);
    }
    expect(outcomeSchema.safeParse({ version: "2", kind: "involvement", advice: "x", specialistUserId: "1", visits: "21" }).error?.issues[0]?.message).toBe(
      "Enter the number of visits allocated as a whole number from 1 to 20",
    );
    expect(outcomeSchema.safeParse({ version: "2", kind: "advice", advice: "   " }).success).toBe(false);
    expect(await outcomes(referral.id)).toEqual([]);
    const course = await db().selectFrom("training_courses").select("id").where("active", "=", true).executeTakeFirstOrThrow();
    expect((await recordOutcome(db(), await tom(), referral.reference, outcome({ kind: "training", courseId: String(course.id) }), "test")).ok).toBe(true);
    expect(await outcomes(referral.id)).toMatchObject([{ kind: "training", training_course_id: course.id, supporting_school_id: null, specialist_user_id: null }]);
  });

  it("defers a referral to the group's next meeting, its timeline naming both days", async () => {
    const referral = await heldReferral({ pupil: ["Freya", "Holt"] });
    const result = await recordOutcome(db(), await tom(), referral.reference, outcome({ kind: "deferred", advice: "Bring the educational psychologist's report." }), "test");
    expect(result.ok).toBe(true);
    const now = await state(referral.id);
    expect(now).toMatchObject({ status: "sent", carried_count: 1 });
    expect(now.meeting_id).not.toBe(referral.meetingId);
    const next = await db().selectFrom("lift_meetings").select("starts_at").where("id", "=", now.meeting_id!).executeTakeFirstOrThrow();
    expect(new Date(next.starts_at).getTime()).toBeGreaterThan(Date.now());
    const event = await db().selectFrom("lift_referral_events").select(["action", "comment", "actor_role"]).where("lift_referral_id", "=", referral.id).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ action: "deferred", actor_role: "stls" });
    expect(event.comment).toMatch(/^Deferred at the meeting on \d+ \w+ \d{4} to the meeting on \d+ \w+ \d{4}\.$/);
    expect(await outcomes(referral.id)).toMatchObject([{ kind: "deferred", meeting_id: referral.meetingId }]);
  });
});

describe("another district's specialist", () => {
  it("gets the page not found, through the page and the use-case, and nothing is saved", async () => {
    const referral = await heldReferral({ pupil: ["Oliver", "Grant"] });
    const thanet = await db().selectFrom("districts").select("id").where("code", "=", "thanet").executeTakeFirstOrThrow();
    const user = await db().insertInto("users").values({ email: "jo.stls@kent.example", display_name: "Jo Pike", password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
    await db().insertInto("memberships").values({ user_id: user.id, role: "stls", school_id: null, district_id: thanet.id }).execute();
    const jo = await actorForEmail(db(), "jo.stls@kent.example");
    const thrown = await recordOutcome(db(), jo, referral.reference, outcome({ kind: "advice" }), "test").then(
      () => null,
      (e: unknown) => e,
    );
    expect((thrown as Response).status).toBe(404);
    expect(await outcomes(referral.id)).toEqual([]);
    expect(await state(referral.id)).toMatchObject({ status: "sent", version: 2 });

    const stls = new Browser(t.app.baseUrl);
    await stls.signIn("stls@kent.example");
    const page = await stls.get(`/lift/referrals/${referral.reference}/outcome`);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("Oliver Grant");
    const sent = await stls.post(`/lift/referrals/${referral.reference}/outcome`, { version: "2", kind: "advice", advice: "Keep the reading intervention going." });
    expect(sent.status).toBe(302);
    expect(sent.location).toBe(`/lift/meetings/${referral.meetingId}?done=outcome`);
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    expect((await senco.get(`/lift/referrals/${referral.reference}/outcome`)).status).toBe(404);
    expect((await stls.get("/lift/referrals/LIFT-2026-99999/outcome")).status).toBe(404);
  });
});
