import { type KyselyPlugin } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { insertFundingRequests, typicalPlan } from "../../db/seed/funding.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { supportTimeline } from "../../app/domain/stls/support-timeline.server.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { createInvolvement, createLiftMeeting, createLiftReferral, createStlsSlot, createVisit, schoolId, userId } from "../setup/stls.ts";
import { createTrainingEvent } from "../setup/training.ts";

// Issue 10: a pupil's support timeline, the graduated approach told in order (oldest first): LIFT referrals with
// their meeting and outcomes, specialist visits (booked, cancelled with the reason, done with the note), funding
// requests with their decisions; nothing about staff. For the school's own staff only.

const t = seededApp();
const db = () => t.database.db;
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const londonDate = (at: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" }).format(at);

let senco: Browser;
const ids = { theo: 0, sent: "", draft: "", withdrawn: "", other: "", approved: "", fundingDraft: "", done: 0, cancelled: 0, booked: 0 };
const dates = { done: new Date(), cancelled: new Date(), booked: new Date() };

async function slotAt(days: number) {
  const slot = await createStlsSlot(db(), { startsInDays: days });
  const row = await db().selectFrom("stls_slots").select("starts_at").where("id", "=", slot).executeTakeFirstOrThrow();
  return { slot, at: row.starts_at };
}

beforeAll(async () => {
  senco = new Browser(t.app.baseUrl);
  await senco.signIn("senco@oakfield.example");
  const oakfield = await schoolId(db(), "990001");
  ids.theo = (
    await db()
      .insertInto("pupils")
      .values({ school_id: oakfield, first_name: "Theo", last_name: "Timeline", date_of_birth: "2016-02-02", upn: null, year_group: "5", sen_provision: "K", primary_need: "SPLD", date_added: "2024-09-01" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const pupil: [string, string] = ["Theo", "Timeline"];
  // Sent 70 days ago to a meeting held 60 days ago, which allocated specialist involvement.
  const held = await createLiftMeeting(db(), { startsInDays: -60 });
  const sent = await createLiftReferral(db(), { pupil, meetingId: held });
  await db().updateTable("lift_referrals").set({ sent_at: ago(70), created_at: ago(75) }).where("id", "=", sent.id).execute();
  ids.sent = sent.reference;
  const involvement = await createInvolvement(db(), sent.id, { visits: 3 });
  const done = await slotAt(-40);
  ids.done = await createVisit(db(), done.slot, involvement, { status: "done", note: "Theo now reads with the precision-teaching cards every morning." });
  dates.done = done.at;
  const cancelled = await slotAt(-20);
  ids.cancelled = await createVisit(db(), cancelled.slot, involvement, { status: "cancelled", reason: "Theo was on the school trip that day." });
  dates.cancelled = cancelled.at;
  const booked = await slotAt(10);
  ids.booked = await createVisit(db(), booked.slot, involvement);
  dates.booked = booked.at;
  // A draft started 5 days ago, a referral withdrawn 3 days ago, and another pupil's referral.
  const draft = await createLiftReferral(db(), { pupil, status: "draft" });
  await db().updateTable("lift_referrals").set({ created_at: ago(5) }).where("id", "=", draft.id).execute();
  ids.draft = draft.reference;
  const withdrawn = await createLiftReferral(db(), { pupil, status: "withdrawn" });
  await db().updateTable("lift_referrals").set({ sent_at: ago(3), created_at: ago(4) }).where("id", "=", withdrawn.id).execute();
  ids.withdrawn = withdrawn.reference;
  ids.other = (await createLiftReferral(db(), { pupil: ["Amelia", "Hart"] })).reference;
  // An approved request for Theo, signed off 15 days ago and decided 12 days ago, and a draft.
  const hnf = (await db().selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow()).id;
  const people = { sencoId: await userId(db(), "senco@oakfield.example"), headId: await userId(db(), "head@oakfield.example"), officerId: await userId(db(), "officer@kent.example") };
  const before = Number((await db().selectFrom("funding_requests").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0);
  const seed = { schoolId: oakfield, schemeId: hnf, schemeCode: "HNF", pupilId: ids.theo, ...people, periodStart: "2026-09-01", periodEnd: "2027-03-31", lines: typicalPlan(900_000), evidence: {} };
  await insertFundingRequests(db(), [
    { ...seed, status: "approved", requestedPence: 900_000, startedAt: ago(30) },
    { ...seed, status: "draft", requestedPence: 400_000, startedAt: ago(1) },
  ]);
  const made = await db().selectFrom("funding_requests").select(["id", "reference", "status"]).where("id", ">", before).orderBy("id").execute();
  const approved = made.find((r) => r.status === "approved")!;
  await db().updateTable("funding_requests").set({ submitted_at: ago(15), decided_at: ago(12) }).where("id", "=", approved.id).execute();
  ids.approved = approved.reference;
  ids.fundingDraft = made.find((r) => r.status === "draft")!.reference;
  await db().updateTable("funding_requests").set({ created_at: ago(1) }).where("reference", "=", ids.fundingDraft).execute();
  // Staff training the school attended: never on a pupil's timeline.
  const event = await createTrainingEvent(db(), { courseTitle: "Precision teaching for TAs", startsInDays: -30 });
  await db()
    .insertInto("training_bookings")
    .values({ event_id: event, school_id: oakfield, status: "booked", attendee_name: "Tess Trainee", attendee_role: "Teaching assistant", attendee_email: "tess@oakfield.example", booked_by: people.sencoId, attended: true, attendance_marked_by: people.officerId, attendance_marked_at: new Date() })
    .execute();
});

describe("the support timeline", () => {
  it("tells the pupil's referrals, visits and funding requests oldest first, each under a heading naming it", async () => {
    const page = await senco.get(`/pupils/${ids.theo}/support`);
    expect(page.status).toBe(200);
    // The title names no child (titles end up in browser history).
    expect(title(page.text)).toMatch(/^Support timeline - /);
    const text = mainText(page.text);
    expect(text).toContain("Support timeline");
    const order = [
      `LIFT referral ${ids.sent}`,
      `Specialist visit on ${londonDate(dates.done)}`,
      `Specialist visit on ${londonDate(dates.cancelled)}`,
      `Funding request ${ids.approved}`,
      `LIFT referral ${ids.draft}`,
      `LIFT referral ${ids.withdrawn}`,
      `Funding request ${ids.fundingDraft}`,
      `Specialist visit on ${londonDate(dates.booked)}`,
    ];
    const at = order.map((heading) => text.indexOf(heading));
    for (const [i, heading] of order.entries()) expect(at[i], heading).toBeGreaterThan(-1);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    // Each entry's heading is a link to its own page.
    for (const href of [`/lift/referrals/${ids.sent}`, `/stls/visits/${ids.done}`, `/funding/${ids.approved}`]) expect(page.text).toContain(`href="${href}"`);
    expect(page.text).toMatch(new RegExp(`<h2[^>]*><a href="/lift/referrals/${ids.sent}">LIFT referral ${ids.sent}</a></h2>`));
    // Another pupil's referral and the staff's training are not the pupil's story.
    expect(text).not.toContain(ids.other);
    expect(text).not.toContain("Tess Trainee");
    expect(text).not.toContain("Precision teaching for TAs");
  });

  it("shows the outcome with LIFT's advice, the specialist and the visits, and each visit as it ended", async () => {
    const text = mainText((await senco.get(`/pupils/${ids.theo}/support`)).text);
    const sent = text.slice(text.indexOf(`LIFT referral ${ids.sent}`), text.indexOf(`Specialist visit on ${londonDate(dates.done)}`));
    expect(sent).toContain("Outcome recorded");
    expect(sent).toContain("Outcome: Specialist involvement, LIFT meeting on");
    expect(sent).toContain("Specialist teacher to observe in class and model precision teaching");
    expect(sent).toContain("Specialist teacher Tom Harding");
    expect(sent).toContain("Visits allocated 3");
    // The referral's own page tells its outcome in the same words.
    const referralPage = mainText((await senco.get(`/lift/referrals/${ids.sent}`)).text);
    for (const words of ["LIFT outcome", "Specialist involvement, LIFT meeting on", "Specialist teacher to observe in class and model precision teaching", "Specialist teacher Tom Harding", "Visits allocated 3"]) {
      expect(referralPage, words).toContain(words);
    }
    expect(sent).toMatch(new RegExp(`${londonDate(dates.done)} \\( ?done ?\\).*${londonDate(dates.cancelled)} \\( ?cancelled ?\\).*${londonDate(dates.booked)} \\( ?booked ?\\)`));
    expect(text).toContain("Theo now reads with the precision-teaching cards every morning.");
    expect(text).toContain("By the school on");
    expect(text).toContain("Theo was on the school trip that day.");
    expect(text).toMatch(new RegExp(`LIFT referral ${ids.draft} Draft A draft, not sent to LIFT`));
    expect(text).toMatch(new RegExp(`LIFT referral ${ids.withdrawn} Withdrawn Sent on .*? Withdrawn by the school on`));
    // (React's text nodes come out of mainText with spaces between them.)
    expect(text.replace(/ ([.,:])/g, "$1")).toMatch(new RegExp(`Funding request ${ids.approved} Approved .*?Requested: £9,000\\.00\\. Decided on ${londonDate(ago(12))}: approved, £9,000\\.00 awarded`));
  });

  it("is for the school's own staff: the headteacher too; another school, the STLS teacher, the council and a champion get 404", async () => {
    const head = new Browser(t.app.baseUrl);
    await head.signIn("head@oakfield.example");
    const headPage = await head.get(`/pupils/${ids.theo}/support`);
    expect(headPage.status).toBe(200);
    expect(mainText(headPage.text)).toContain(`LIFT referral ${ids.draft}`);
    for (const email of ["senco@riverside.example", "stls@kent.example", "officer@kent.example", "champion@kent.example", "admin@kent.example"]) {
      const other = new Browser(t.app.baseUrl);
      await other.signIn(email);
      const reply = await other.get(`/pupils/${ids.theo}/support`);
      expect(reply.status, email).toBe(404);
      expect(reply.text).not.toContain("Timeline");
    }
    for (const bad of ["99999999", "0", "abc", "1e3", "2147483648"]) expect((await senco.get(`/pupils/${bad}/support`)).status, bad).toBe(404);
    // Signed out: to sign in.
    const nobody = await new Browser(t.app.baseUrl).get(`/pupils/${ids.theo}/support`);
    expect(nobody.status).toBe(302);
  });

  it("is linked from the pupil's record, and each view is audited as a view of the pupil", async () => {
    const record = await senco.get(`/pupils/${ids.theo}`);
    expect(record.text).toContain(`href="/pupils/${ids.theo}/support"`);
    const count = async () =>
      (await db().selectFrom("audit_events").select("detail").where("action", "=", "pupil.view").where("subject_id", "=", String(ids.theo)).execute()).filter(
        (a) => (a.detail as { via?: string }).via === "support timeline",
      ).length;
    const before = await count();
    await senco.get(`/pupils/${ids.theo}/support`);
    expect(await count()).toBe(before + 1);
  });

  it("reads the timeline in the same few queries however many entries there are", async () => {
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const actor = await actorForEmail(db(), "senco@oakfield.example");
    const counted = db().withPlugin(counting);
    const full = await supportTimeline(counted, actor, ids.theo, "test-request");
    const many = queries;
    expect(full.entries.length).toBeGreaterThanOrEqual(8);
    queries = 0;
    const amelia = (await db().selectFrom("pupils").select("id").where("first_name", "=", "Amelia").where("last_name", "=", "Hart").executeTakeFirstOrThrow()).id;
    await supportTimeline(counted, actor, amelia, "test-request");
    expect(queries).toBe(many);
    expect(many).toBeLessThanOrEqual(6);
  });
});
