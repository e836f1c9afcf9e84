import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "../../app/domain/financial-year.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { pageForms } from "../setup/forms.ts";

// Issue 9, bespoke training: a school asks for whole-school training; an officer accepts it with a date (making a
// private event for that school in the same transaction) or declines it with a reason; the school may withdraw
// while it waits. The same timeline, notifications, stale-form and resend rules as a funding request.

const t = seededApp();
const browsers: Record<string, Browser> = {};
const as = (email: string) => browsers[email]!;
const senco = () => as("senco@oakfield.example");
const officer = () => as("officer@kent.example");
const db = () => t.database.db;

const dayFrom = (days: number) => new Date(Date.parse(`${londonToday()}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dateFields = (name: string, iso: string) => ({
  [`${name}.day`]: String(Number(iso.slice(8, 10))),
  [`${name}.month`]: String(Number(iso.slice(5, 7))),
  [`${name}.year`]: iso.slice(0, 4),
});

const userId = async (email: string) => (await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
const row = (reference: string) => db().selectFrom("training_bespoke_requests").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
const timeline = async (reference: string) =>
  db()
    .selectFrom("training_bespoke_events")
    .select(["action", "to_status", "comment"])
    .where("training_bespoke_request_id", "=", (await row(reference)).id)
    .orderBy("id")
    .execute();
const notificationsOf = async (email: string, reference: string) =>
  db().selectFrom("notifications").select("message").where("user_id", "=", await userId(email)).where("link", "=", `/training/bespoke/${reference}`).execute();

/** The new-request page's one-off key, as the page drew it. */
async function newKey(browser = senco()): Promise<string> {
  const page = await browser.get("/training/bespoke/new");
  expect(page.status).toBe(200);
  const form = pageForms(page.text, "/training/bespoke/new").find((f) => f.fields.some(([name]) => name === "idempotencyKey"))!;
  return new Map(form.fields).get("idempotencyKey")!;
}

function requestFields(key: string, changes: Record<string, string> = {}) {
  return {
    idempotencyKey: key,
    topic: "Making Sense of Autism",
    needArea: "Communication and interaction",
    ...dateFields("preferredFrom", dayFrom(20)),
    ...dateFields("preferredTo", dayFrom(60)),
    preferredNote: "An INSET day would suit",
    staffCount: "30",
    outcomes: "All staff use visual supports in class.",
    ...changes,
  };
}

/** Asks as Oakfield's SENCO; returns the reference. */
async function ask(changes: Record<string, string> = {}): Promise<string> {
  const reply = await senco().post("/training/bespoke/new", requestFields(await newKey(), changes));
  expect(reply.status, mainText(reply.text)).toBe(302);
  const reference = /\/training\/bespoke\/(TRN-\d{4}-\d{5})\?done=submitted$/.exec(reply.location ?? "")?.[1];
  expect(reference).toBeTruthy();
  return reference!;
}

async function acceptFields(reference: string, changes: Record<string, string> = {}) {
  const course = await db().selectFrom("training_courses").select("id").orderBy("id").executeTakeFirstOrThrow();
  return {
    version: String((await row(reference)).version),
    outcome: "accept",
    ...dateFields("date", dayFrom(30)),
    startTime: "09:30",
    endTime: "15:30",
    venue: "Oakfield Primary School hall",
    onlineUrl: "",
    courseId: String(course.id),
    places: "30",
    presenterName: "Alex Trainer",
    reason: "",
    ...changes,
  };
}

beforeAll(async () => {
  for (const email of ["senco@oakfield.example", "head@oakfield.example", "officer@kent.example", "officer.east@kent.example", "senco@riverside.example"]) {
    browsers[email] = new Browser(t.app.baseUrl);
    await browsers[email].signIn(email);
  }
  // The catalogue's demo seed has the course accepted with (Making Sense of Autism).
});

describe("a school asks for bespoke training", () => {
  it("sends the request, with a reference and its timeline, and tells the officers of the school's area", async () => {
    const reference = await ask();
    const saved = await row(reference);
    expect(saved).toMatchObject({ status: "submitted", topic: "Making Sense of Autism", staff_count: 30 });
    expect([saved.preferred_from, saved.preferred_to]).toEqual([dayFrom(20), dayFrom(60)]);
    expect(await timeline(reference)).toEqual([{ action: "submitted", to_status: "submitted", comment: null }]);
    // Oakfield is in Maidstone (West): its officer is told, the East's officer is not.
    expect(await notificationsOf("officer@kent.example", reference)).toHaveLength(1);
    expect(await notificationsOf("officer.east@kent.example", reference)).toHaveLength(0);
    const page = await senco().get(`/training/bespoke/${reference}?done=submitted`);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain(`Your reference ${reference}`);
    expect(mainText(page.text)).toContain("Waiting for the council");
    const list = await officer().get("/training/bespoke?status=submitted");
    expect(mainText(list.text)).toContain(reference);
    expect(mainText((await officer().get("/training/bespoke?status=declined")).text)).not.toContain(reference);
  });

  it("counts the same form sent twice once", async () => {
    const key = await newKey();
    const first = await senco().post("/training/bespoke/new", requestFields(key, { topic: "Sent twice" }));
    const second = await senco().post("/training/bespoke/new", requestFields(key, { topic: "Sent twice" }));
    expect(first.status).toBe(302);
    expect(second.location).toBe(first.location);
    const rows = await db().selectFrom("training_bespoke_requests").select("id").where("topic", "=", "Sent twice").execute();
    expect(rows).toHaveLength(1);
  });

  it("refuses bad input with a message by each field, saving nothing", async () => {
    const before = (await db().selectFrom("training_bespoke_requests").select("id").execute()).length;
    const key = await newKey();
    const cases: [Record<string, string>, string][] = [
      [{ topic: "" }, "Enter the topic of the training"],
      [{ needArea: "Not assessed" }, "Select the area of need"],
      [{ needArea: "'; DROP TABLE schools; --" }, "Select the area of need"],
      [dateFields("preferredTo", dayFrom(5)), "The latest date must be the same as or after the earliest date"],
      [{ "preferredFrom.day": "31", "preferredFrom.month": "2" }, "must be a real date"],
      [dateFields("preferredFrom", dayFrom(-3)), "The earliest date must be today or in the future"],
      [{ staffCount: "lots" }, "The number of staff must be a whole number"],
      [{ staffCount: "0" }, "The number of staff must be between 1 and 500"],
      [{ outcomes: "x".repeat(4001) }, "4,000 characters or fewer"],
    ];
    for (const [changes, message] of cases) {
      const reply = await senco().post("/training/bespoke/new", requestFields(key, changes));
      expect(reply.status, JSON.stringify(changes)).toBe(400);
      expect(title(reply.text)).toMatch(/^Error: /);
      expect(mainText(reply.text)).toContain(message);
    }
    expect((await db().selectFrom("training_bespoke_requests").select("id").execute()).length).toBe(before);
  });

  it("shows another school's request as not found, and lets only the school ask", async () => {
    const reference = await ask();
    const riverside = as("senco@riverside.example");
    expect((await riverside.get(`/training/bespoke/${reference}`)).status).toBe(404);
    expect((await riverside.post(`/training/bespoke/${reference}`, { intent: "withdraw", version: "1" })).status).toBe(404);
    expect(mainText((await riverside.get("/training/bespoke")).text)).not.toContain(reference);
    expect((await officer().get("/training/bespoke/TRN-2026-99999")).status).toBe(404);
    expect((await officer().get("/training/bespoke/not-a-ref")).status).toBe(404);
    // The council decides; it does not ask, or withdraw for the school. The school does not decide.
    expect((await officer().get("/training/bespoke/new")).status).toBe(404);
    expect((await officer().post(`/training/bespoke/${reference}`, { intent: "withdraw", version: "1" })).status).toBe(404);
    expect((await senco().get(`/training/bespoke/${reference}/decide`)).status).toBe(404);
    expect((await senco().post(`/training/bespoke/${reference}/decide`, await acceptFields(reference, { intent: "confirm" }))).status).toBe(404);
    expect((await row(reference)).status).toBe("submitted");
  });
});

describe("the council decides", () => {
  it("accepts through the check page, making a published private event for that school only, and tells the school", async () => {
    const reference = await ask();
    const fields = await acceptFields(reference);
    const check = await officer().post(`/training/bespoke/${reference}/decide`, { ...fields, intent: "check" });
    expect(check.status, mainText(check.text)).toBe(200);
    expect(mainText(check.text)).toContain("Check your decision before recording it");
    expect(mainText(check.text)).toContain("9:30 am to 3:30 pm");
    expect((await row(reference)).status).toBe("submitted");
    const privateEvents = async () =>
      (await db().selectFrom("training_events").innerJoin("schools", "schools.id", "training_events.private_school_id").select("training_events.id").where("schools.urn", "=", "990001").execute()).length;
    const before = await privateEvents();
    const confirm = await officer().post(`/training/bespoke/${reference}/decide`, { ...fields, intent: "confirm" });
    expect(confirm.status, mainText(confirm.text)).toBe(302);
    expect(confirm.location).toBe(`/training/bespoke/${reference}?done=accepted`);
    const accepted = await row(reference);
    expect(accepted.status).toBe("accepted");
    const event = await db().selectFrom("training_events").selectAll().where("id", "=", accepted.event_id!).executeTakeFirstOrThrow();
    const oakfield = await db().selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ status: "published", private_school_id: oakfield.id, places: 30, presenter_name: "Alex Trainer" });
    expect(event.venue).toBe("Oakfield Primary School hall");
    expect(Number(event.hours)).toBe(6);
    // 09:30 in London, whatever the season.
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" }).format(event.starts_at)).toBe("09:30");
    // The same confirm sent again is counted once: one event, one timeline entry.
    const again = await officer().post(`/training/bespoke/${reference}/decide`, { ...fields, intent: "confirm" });
    expect(again.status).toBe(302);
    expect(await privateEvents()).toBe(before + 1);
    expect((await timeline(reference)).map((e) => e.action)).toEqual(["submitted", "accepted"]);
    for (const email of ["senco@oakfield.example", "head@oakfield.example"]) expect(await notificationsOf(email, reference)).toHaveLength(1);
    const page = await senco().get(`/training/bespoke/${reference}`);
    expect(mainText(page.text)).toContain("The training arranged");
    expect(mainText(page.text)).toContain("Oakfield Primary School hall");
    // Decided: the decide page says so, with no form.
    const decided = await officer().get(`/training/bespoke/${reference}/decide`);
    expect(mainText(decided.text)).toMatch(/This request cannot be decided It is accepted/);
    expect(pageForms(decided.text, "/").some((f) => f.fields.some(([name]) => name === "outcome"))).toBe(false);
    // Emails about it name no child.
    const pupils = await db().selectFrom("pupils").select(["first_name", "last_name"]).where("school_id", "=", oakfield.id).execute();
    const mails = await db().selectFrom("email_outbox").select(["subject", "body"]).where("link", "=", `/training/bespoke/${reference}`).execute();
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) for (const p of pupils) expect(`${mail.subject} ${mail.body}`).not.toContain(p.last_name);
  });

  it("accepts with a new course when none in the catalogue fits, about the request's area of need", async () => {
    const reference = await ask({ needArea: "Cognition and learning" });
    const title = "Precision teaching for the whole school";
    const fields = await acceptFields(reference, { courseId: "", newCourseTitle: title, onlineUrl: "https://meet.example/oakfield" });
    expect((await officer().post(`/training/bespoke/${reference}/decide`, { ...fields, intent: "confirm" })).status).toBe(302);
    const course = await db()
      .selectFrom("training_events")
      .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
      .innerJoin("training_programmes", "training_programmes.id", "training_courses.programme_id")
      .innerJoin("training_course_need_areas", "training_course_need_areas.course_id", "training_courses.id")
      .select(["training_courses.title", "training_programmes.name", "training_course_need_areas.need_area", "training_events.online_url"])
      .where("training_events.id", "=", (await row(reference)).event_id!)
      .execute();
    expect(course).toEqual([{ title, name: "Bespoke whole-school training", need_area: "Cognition and learning", online_url: "https://meet.example/oakfield" }]);
  });

  it("declines only with a reason, which the school reads and is told of", async () => {
    const reference = await ask();
    const version = String((await row(reference)).version);
    const bare = await officer().post(`/training/bespoke/${reference}/decide`, { version, outcome: "decline", reason: "", intent: "check" });
    expect(bare.status).toBe(400);
    expect(mainText(bare.text)).toContain("Say why the request is declined");
    const reason = "Nurturing Kent covers this: book through the catalogue.";
    const confirm = await officer().post(`/training/bespoke/${reference}/decide`, { version, outcome: "decline", reason, intent: "confirm" });
    expect(confirm.status).toBe(302);
    expect(await row(reference)).toMatchObject({ status: "declined", decision_reason: reason, event_id: null });
    expect(await notificationsOf("senco@oakfield.example", reference)).toHaveLength(1);
    expect(mainText((await senco().get(`/training/bespoke/${reference}`)).text)).toContain(reason);
  });

  it("refuses an acceptance missing its details, or with a past date, making no event", async () => {
    const reference = await ask();
    const events = (await db().selectFrom("training_events").select("id").execute()).length;
    const cases: [Record<string, string>, string][] = [
      [{ venue: "", onlineUrl: "" }, "Enter the venue, the online link, or both"],
      [{ onlineUrl: "http://insecure.example" }, "The online link must start with https://"],
      [{ startTime: "25:00" }, "Enter a time in the 24-hour clock"],
      [{ endTime: "09:00" }, "The end time must be after the start time"],
      [{ courseId: "999999" }, "Select the course"],
      [{ courseId: "" }, "Select the course, or give the title of a new one"],
      [{ places: "0" }, "The number of places must be between 1 and 1,000"],
      [{ presenterName: "" }, "Enter who will run the training"],
      [dateFields("date", dayFrom(-1)), "The date of the training must be today or in the future"],
    ];
    for (const [changes, message] of cases) {
      const reply = await officer().post(`/training/bespoke/${reference}/decide`, { ...(await acceptFields(reference, changes)), intent: "confirm" });
      expect(reply.status, JSON.stringify(changes)).toBe(400);
      expect(mainText(reply.text)).toContain(message);
    }
    expect((await db().selectFrom("training_events").select("id").execute()).length).toBe(events);
    expect((await row(reference)).status).toBe("submitted");
  });
});

describe("withdrawing, and forms sent against an old version", () => {
  it("lets the school withdraw while it waits; the officers are told and can no longer decide", async () => {
    const reference = await ask();
    const decideForm = await acceptFields(reference);
    const confirmPage = await senco().get(`/training/bespoke/${reference}?confirm=withdraw`);
    expect(mainText(confirmPage.text)).toContain(`Are you sure you want to withdraw ${reference}?`);
    const withdraw = await senco().post(`/training/bespoke/${reference}`, { intent: "withdraw", version: "1", comment: "We found another course" });
    expect(withdraw.status).toBe(302);
    expect(await row(reference)).toMatchObject({ status: "withdrawn", version: 2 });
    expect((await timeline(reference)).at(-1)).toEqual({ action: "withdrawn", to_status: "withdrawn", comment: "We found another course" });
    expect((await notificationsOf("officer@kent.example", reference)).length).toBe(2);
    // The officer's form drawn before the withdrawal: refused, saying what happened; nothing made.
    const late = await officer().post(`/training/bespoke/${reference}/decide`, { ...decideForm, intent: "confirm" });
    expect(late.status).toBe(409);
    expect(mainText(late.text)).toContain("it was withdrawn by Priya Shah");
    expect((await row(reference)).event_id).toBeNull();
    // A second withdrawal (a resend) is counted once; withdrawing again from the new version is refused.
    expect((await senco().post(`/training/bespoke/${reference}`, { intent: "withdraw", version: "1", comment: "We found another course" })).status).toBe(302);
    const twice = await senco().post(`/training/bespoke/${reference}`, { intent: "withdraw", version: "2", comment: "" });
    expect(twice.status).toBe(409);
    expect(mainText(twice.text)).toContain("This request is now withdrawn");
    expect((await timeline(reference)).filter((e) => e.action === "withdrawn")).toHaveLength(1);
  });

  it("refuses a decision on a version the other officer has already decided", async () => {
    const reference = await ask();
    const form = await acceptFields(reference);
    const east = as("officer.east@kent.example");
    const declined = await east.post(`/training/bespoke/${reference}/decide`, { version: form.version, outcome: "decline", reason: "No trainer free", intent: "confirm" });
    expect(declined.status).toBe(302);
    const stale = await officer().post(`/training/bespoke/${reference}/decide`, { ...form, intent: "confirm" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("it was declined by Kwame Mensah");
    expect(await row(reference)).toMatchObject({ status: "declined", event_id: null });
  });
});
