import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "../../app/domain/financial-year.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { formBody, pageForms } from "../setup/forms.ts";
import { createTrainingEvent } from "../setup/training.ts";

// The council's training catalogue (issue 9): programmes, courses and events (draft, publish, change, cancel),
// and the schools' list of upcoming events with its filters. Through HTTP, as the pages send their forms.

const t = seededApp();
const db = () => t.database.db;
let officer: Browser;
let senco: Browser;
let riverside: Browser;

beforeAll(async () => {
  officer = new Browser(t.app.baseUrl);
  senco = new Browser(t.app.baseUrl);
  riverside = new Browser(t.app.baseUrl);
  await Promise.all([officer.signIn("officer@kent.example"), senco.signIn("senco@oakfield.example"), riverside.signIn("senco@riverside.example")]);
});

/** A POST with repeated fields (checkboxes), as a browser sends it. */
async function postPairs(browser: Browser, path: string, pairs: [string, string][]) {
  const body = new URLSearchParams(pairs);
  body.set("csrf", await browser.csrfToken());
  return browser.request("POST", path, { body: body.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: browser.baseUrl } });
}

/** The form a page shows with `intent`, sent with `changes`. */
async function sendPageForm(browser: Browser, path: string, intent: string, changes: Record<string, string> = {}) {
  const page = await browser.get(path);
  expect(page.status, path).toBe(200);
  const form = pageForms(page.text, path).find((f) => f.fields.some(([name, value]) => name === "intent" && value === intent));
  if (!form) throw new Error(`No ${intent} form on ${path}`);
  return browser.request("POST", form.action, { body: formBody(form.fields, changes), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: browser.baseUrl } });
}

/** A London date `days` from today, as the date input's three boxes. */
function dayParts(name: string, days: number): Record<string, string> {
  const [year, month, day] = londonToday(new Date(Date.now() + days * 86_400_000)).split("-");
  return { [`${name}.day`]: String(Number(day)), [`${name}.month`]: String(Number(month)), [`${name}.year`]: year! };
}

async function courseId(title: string) {
  return (await db().selectFrom("training_courses").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;
}

async function districtId(code: string) {
  return (await db().selectFrom("districts").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}

async function eventForm(changes: Record<string, string> = {}) {
  return {
    courseId: String(await courseId("Good Autism Practice")),
    ...dayParts("date", 30),
    startTime: "9:30",
    endTime: "3:30pm",
    venue: "Oakwood House, Maidstone",
    districtId: String(await districtId("maidstone")),
    onlineUrl: "",
    places: "20",
    ...dayParts("bookingClosesDate", 25),
    bookingClosesTime: "17:00",
    ...dayParts("cancellationClosesDate", 25),
    cancellationClosesTime: "17:00",
    cost: "45",
    hours: "6",
    presenterName: "Mark Doyle",
    presenterUserId: "",
    ...changes,
  };
}

async function book(eventId: number, urn: string, people: { email: string; status?: "booked" | "waiting" }[]) {
  const school = await db().selectFrom("schools").select("id").where("urn", "=", urn).executeTakeFirstOrThrow();
  const by = await db().selectFrom("users").select("id").where("email", "=", "senco@oakfield.example").executeTakeFirstOrThrow();
  return db()
    .insertInto("training_bookings")
    .values(people.map((p) => ({ event_id: eventId, school_id: school.id, status: p.status ?? "booked", attendee_name: p.email, attendee_role: "Teacher", attendee_email: p.email, booked_by: by.id })))
    .returning("id")
    .execute();
}

const userId = async (email: string) => (await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

async function notificationsFor(email: string, eventId: number) {
  return db().selectFrom("notifications").select("message").where("user_id", "=", await userId(email)).where("link", "=", `/training/events/${eventId}`).execute();
}

const LONDON_HOUR = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" });

async function outboxTo(address: string) {
  return db().selectFrom("email_outbox").select(["subject", "body"]).where("to_address", "=", address).execute();
}

describe("the council's catalogue", () => {
  it("adds a programme, a course with its need areas and an event; the event is a draft until published, then schools find it", async () => {
    const programme = await officer.post("/council/training/programmes/new", { name: "Kent Attachment Programme", provider: "Kent County Council", description: "" });
    expect(programme.status).toBe(302);
    const programmeId = (await db().selectFrom("training_programmes").select("id").where("name", "=", "Kent Attachment Programme").executeTakeFirstOrThrow()).id;
    const course = await postPairs(officer, "/council/training/courses/new", [
      ["programmeId", String(programmeId)],
      ["title", "Attachment-aware classrooms"],
      ["audience", "All staff"],
      ["description", "Understanding attachment and trauma."],
      ["needAreas", "Social, emotional and mental health"],
      ["needAreas", "Communication and interaction"],
    ]);
    expect(course.status).toBe(302);
    const newCourse = await courseId("Attachment-aware classrooms");
    const areas = await db().selectFrom("training_course_need_areas").select("need_area").where("course_id", "=", newCourse).orderBy("need_area").execute();
    expect(areas.map((a) => a.need_area)).toEqual(["Communication and interaction", "Social, emotional and mental health"]);

    const created = await officer.post("/council/training/events/new", await eventForm({ courseId: String(newCourse), places: "2" }));
    expect(created.status).toBe(302);
    const eventId = Number(/\/council\/training\/events\/(\d+)/.exec(created.location!)![1]);
    const draft = await officer.get(`/council/training/events/${eventId}`);
    expect(mainText(draft.text)).toContain("Draft");
    expect(mainText(draft.text)).toContain("£45.00 a person");
    // A draft is the council's alone.
    expect((await senco.get(`/training/events/${eventId}`)).status).toBe(404);
    expect(mainText((await senco.get(`/training?programme=${programmeId}`)).text)).toContain("No upcoming events match the filter.");

    expect((await sendPageForm(officer, `/council/training/events/${eventId}`, "publish")).status).toBe(302);
    const list = mainText((await senco.get(`/training?programme=${programmeId}`)).text);
    expect(list).toContain("1 upcoming event");
    expect(list).toContain("Attachment-aware classrooms");
    expect(list).toContain("2 places left");
    expect(list).toContain("£45.00");
    expect(list).toMatch(/9:30 am to 3:30 pm/);
    const page = await senco.get(`/training/events/${eventId}`);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("Social, emotional and mental health");
    expect(page.text).toContain(`href="/training/events/${eventId}/book"`);
    expect(mainText(page.text)).toContain("Book places");

    // Full: the link joins the waiting list, and "only with free places" leaves it out.
    await book(eventId, "990001", [{ email: "a@oakfield.example" }, { email: "b@oakfield.example" }]);
    expect(mainText((await senco.get(`/training?programme=${programmeId}`)).text)).toContain("Full: join the waiting list");
    expect(mainText((await senco.get(`/training/events/${eventId}`)).text)).toContain("Join the waiting list");
    expect(mainText((await senco.get(`/training?programme=${programmeId}&free=yes`)).text)).toContain("No upcoming events match the filter.");
    // The champion and STLS may look but not book.
    const stls = new Browser(t.app.baseUrl);
    await stls.signIn("stls@kent.example");
    const seen = await stls.get(`/training/events/${eventId}`);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain(`/training/events/${eventId}/book`);
  });

  it("answers school staff with 404 on the council's pages and forms", async () => {
    for (const path of ["/council/training", "/council/training/events/new", "/council/training/programmes/new", "/council/training/courses/new"]) {
      expect((await senco.get(path)).status, path).toBe(404);
    }
    const before = await db().selectFrom("training_events").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect((await senco.post("/council/training/events/new", await eventForm())).status).toBe(404);
    const after = await db().selectFrom("training_events").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe("the schools' list", () => {
  it("filters by district, need area and dates, and pages 25 at a time under 60 KB", async () => {
    const maidstone = await districtId("maidstone");
    const inMaidstone = mainText((await senco.get(`/training?district=${maidstone}`)).text);
    expect(inMaidstone).toContain("Oakwood House, Maidstone");
    expect(inMaidstone).not.toContain("Canterbury Innovation Centre");
    const cognition = mainText((await senco.get(`/training?needArea=${encodeURIComponent("Cognition and learning")}`)).text);
    expect(cognition).toContain("Supporting pupils with severe dyslexia");
    expect(cognition).not.toContain("Making Sense of Autism");
    // The seed's three-place dyslexia course shows its places in words; the nearly full Boxall Profile its last one.
    expect(cognition).toContain("3 places left");
    expect(mainText((await senco.get("/training")).text)).toContain("1 place left");
    // Dates: nothing is listed from a day past the whole catalogue.
    const far = new URLSearchParams(dayParts("from", 400)).toString();
    expect(mainText((await senco.get(`/training?${far}`)).text)).toContain("No upcoming events match the filter.");
    const bad = await senco.get("/training?from.day=31&from.month=2&from.year=2027");
    expect(title(bad.text)).toMatch(/^Error: /);
    expect(mainText(bad.text)).toContain("real date");

    for (let i = 0; i < 27; i++) await createTrainingEvent(db(), { courseTitle: "Paged course", startsInDays: 20 + i });
    const programme = (await db().selectFrom("training_programmes").select("id").where("name", "=", "Test programme").executeTakeFirstOrThrow()).id;
    const first = await senco.get(`/training?programme=${programme}`);
    expect(mainText(first.text)).toContain("27 upcoming events, soonest first, page 1 of 2");
    expect((first.text.match(/href="\/training\/events\/\d+"/g) ?? []).length).toBe(25);
    expect(first.text).toContain(`href="/training?programme=${programme}&amp;page=2"`);
    expect(Buffer.byteLength(first.text)).toBeLessThan(60_000);
    const second = await senco.get(`/training?programme=${programme}&page=2`);
    expect((second.text.match(/href="\/training\/events\/\d+"/g) ?? []).length).toBe(2);
  });

  it("shows a private event only to its own school, and a cancelled one with its reason", async () => {
    const privateEvent = await createTrainingEvent(db(), { privateSchoolUrn: "990001" });
    expect((await senco.get(`/training/events/${privateEvent}`)).status).toBe(200);
    expect((await riverside.get(`/training/events/${privateEvent}`)).status).toBe(404);
    expect((await riverside.get(`/training/events/99999999`)).status).toBe(404);
    expect(mainText((await riverside.get("/training")).text)).not.toContain(`/training/events/${privateEvent}`);
    const cancelled = await createTrainingEvent(db(), { status: "cancelled" });
    const page = mainText((await senco.get(`/training/events/${cancelled}`)).text);
    expect(page).toContain("This event has been cancelled: Trainer unwell");
    expect(page).not.toContain("Book places");
  });
});

describe("changing and cancelling a published event", () => {
  it("refuses fewer places than are booked, saying how many", async () => {
    const eventId = await createTrainingEvent(db(), { places: 5 });
    await book(eventId, "990001", [{ email: "p1@oakfield.example" }, { email: "p2@oakfield.example" }, { email: "p3@oakfield.example" }, { email: "w1@oakfield.example", status: "waiting" }]);
    const refused = await sendPageForm(officer, `/council/training/events/${eventId}`, "change", { places: "2" });
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain("3 places are already booked: the event cannot have fewer than 3 places");
    expect((await db().selectFrom("training_events").select("places").where("id", "=", eventId).executeTakeFirstOrThrow()).places).toBe(5);
    expect((await sendPageForm(officer, `/council/training/events/${eventId}`, "change", { places: "3" })).status).toBe(302);
  });

  it("tells everyone booked or waiting, and their school's staff, when the time moves; a new number of places alone tells nobody", async () => {
    const eventId = await createTrainingEvent(db(), { places: 1 });
    await book(eventId, "990001", [{ email: "moved@oakfield.example" }, { email: "waits@oakfield.example", status: "waiting" }]);
    expect((await sendPageForm(officer, `/council/training/events/${eventId}`, "change", { places: "2" })).status).toBe(302);
    expect(await outboxTo("moved@oakfield.example")).toHaveLength(0);
    // The event starts at this minute's London time, 14 days on: a move to 13:00 is no move when the test runs at
    // 13:00, so it then moves to 10:00.
    const made = await db().selectFrom("training_events").select("starts_at").where("id", "=", eventId).executeTakeFirstOrThrow();
    const madeAtOne = LONDON_HOUR.format(made.starts_at) === "13";
    const [start, end, words] = madeAtOne ? ["10:00", "13:00", "10:00 am to 1:00 pm"] : ["13:00", "16:00", "1:00 pm to 4:00 pm"];
    const moved = await sendPageForm(officer, `/council/training/events/${eventId}`, "change", { startTime: start, endTime: end });
    expect(moved.status).toBe(302);
    for (const address of ["moved@oakfield.example", "waits@oakfield.example"]) {
      const mail = await outboxTo(address);
      expect(mail, address).toHaveLength(1);
      expect(mail[0]!.subject).toMatch(/^Training moved: /);
      expect(mail[0]!.body).toContain(words);
    }
    expect(await notificationsFor("senco@oakfield.example", eventId)).toHaveLength(1);
    expect(await notificationsFor("head@oakfield.example", eventId)).toHaveLength(1);
    expect(await notificationsFor("senco@riverside.example", eventId)).toHaveLength(0);
    const row = await db().selectFrom("training_events").select(["starts_at", "version"]).where("id", "=", eventId).executeTakeFirstOrThrow();
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" }).format(row.starts_at)).toBe(start);
  });

  it("cancels with a reason: frees every booking with its own timeline event and tells everyone", async () => {
    const eventId = await createTrainingEvent(db(), { places: 1 });
    await book(eventId, "990001", [{ email: "c1@oakfield.example" }, { email: "c2@oakfield.example", status: "waiting" }]);
    const page = await officer.get(`/council/training/events/${eventId}?confirm=cancel`);
    expect(mainText(page.text)).toContain("The 2 people booked or waiting will be emailed");
    const noReason = await sendPageForm(officer, `/council/training/events/${eventId}?confirm=cancel`, "cancel", { reason: "" });
    expect(noReason.status).toBe(400);
    expect((await db().selectFrom("training_events").select("status").where("id", "=", eventId).executeTakeFirstOrThrow()).status).toBe("published");
    const done = await sendPageForm(officer, `/council/training/events/${eventId}?confirm=cancel`, "cancel", { reason: "The venue flooded" });
    expect(done.status).toBe(302);
    const event = await db().selectFrom("training_events").select(["status", "cancelled_reason"]).where("id", "=", eventId).executeTakeFirstOrThrow();
    expect(event).toEqual({ status: "cancelled", cancelled_reason: "The venue flooded" });
    const bookings = await db().selectFrom("training_bookings").select(["id", "status", "cancelled_why", "cancelled_at", "cancelled_by", "version"]).where("event_id", "=", eventId).execute();
    const officerId = await userId("officer@kent.example");
    for (const b of bookings) {
      expect(b).toMatchObject({ status: "cancelled", cancelled_why: "event_cancelled", cancelled_by: officerId, version: 2 });
      expect(b.cancelled_at).not.toBeNull();
      const history = await db().selectFrom("training_booking_events").select(["action", "to_status"]).where("training_booking_id", "=", b.id).execute();
      expect(history).toEqual([{ action: "event_cancelled", to_status: "cancelled" }]);
    }
    for (const address of ["c1@oakfield.example", "c2@oakfield.example"]) {
      const mail = await outboxTo(address);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.body).toContain("The venue flooded");
    }
    expect(await notificationsFor("senco@oakfield.example", eventId)).toHaveLength(1);
    expect(mainText((await senco.get(`/training/events/${eventId}`)).text)).toContain("This event has been cancelled: The venue flooded");
  });
});

describe("bad input and stale forms", () => {
  it.each([
    ["end before start", { endTime: "09:00" }, "The end time must be after the start time"],
    ["booking closing after the start", { ...dayParts("bookingClosesDate", 31) }, "Booking must close before the event starts"],
    ["cancelling closing after the start", { ...dayParts("cancellationClosesDate", 31) }, "Cancelling must close before the event starts"],
    ["negative places", { places: "-3" }, "Enter the number of places as a whole number from 1 to 1000"],
    ["places in words", { places: "lots" }, "Enter the number of places as a whole number from 1 to 1000"],
    ["a huge presenter's name", { presenterName: "x".repeat(5000) }, "The presenter's name must be 200 characters or fewer"],
    ["a link that is not https", { venue: "", districtId: "", onlineUrl: "http://meet.example/training" }, "Enter the online link as a full web address starting with https://"],
    ["nowhere to be", { venue: "", districtId: "", onlineUrl: "" }, "Enter the venue, the online link, or both"],
    ["a time that does not exist", { startTime: "25:00" }, "Enter the start time as a time like 09:30 or 2:30pm"],
    ["a negative cost", { cost: "-5" }, "Cost cannot be negative"],
    ["a start in the past", { ...dayParts("date", -3), ...dayParts("bookingClosesDate", -5), ...dayParts("cancellationClosesDate", -5) }, "The event must start in the future"],
    ["a course that does not exist", { courseId: "99999999" }, "Select the course"],
  ])("refuses %s with its message, saving nothing", async (_label, changes, message) => {
    const before = await db().selectFrom("training_events").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const reply = await officer.post("/council/training/events/new", await eventForm(changes as Record<string, string>));
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: /);
    // In the error summary (a link to the question) and beside the question.
    expect(mainText(reply.text).split(message).length - 1).toBeGreaterThanOrEqual(2);
    expect(mainText(reply.text)).toContain("There is a problem");
    const after = await db().selectFrom("training_events").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("adds a double-clicked event once, and counts a resent change once", async () => {
    const form = await eventForm({ presenterName: "Double Click" });
    const [a, b] = [await officer.post("/council/training/events/new", form), await officer.post("/council/training/events/new", form)];
    expect(a.location).toBe(b.location);
    expect(await db().selectFrom("training_events").select("id").where("presenter_name", "=", "Double Click").execute()).toHaveLength(1);

    const eventId = await createTrainingEvent(db());
    const path = `/council/training/events/${eventId}`;
    const page = await officer.get(path);
    const change = pageForms(page.text, path).find((f) => f.fields.some(([n, v]) => n === "intent" && v === "change"))!;
    const send = (changes: Record<string, string>) =>
      officer.request("POST", path, { body: formBody(change.fields, changes), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: officer.baseUrl } });
    expect((await send({ places: "30" })).status).toBe(302);
    expect((await send({ places: "30" })).status).toBe(302);
    const timeline = await db().selectFrom("training_event_events").select("action").where("training_event_id", "=", eventId).where("action", "=", "changed").execute();
    expect(timeline).toHaveLength(1);
    // A different change from the old form: refused, saying what happened meanwhile.
    const stale = await send({ places: "40" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record while you were working on it: its details were changed by Helen Marsh");
    expect((await db().selectFrom("training_events").select("places").where("id", "=", eventId).executeTakeFirstOrThrow()).places).toBe(30);
  });

  it("refuses a stale programme change saying what differs", async () => {
    const programme = await db().selectFrom("training_programmes").select(["id", "version", "provider"]).where("name", "=", "PINS").executeTakeFirstOrThrow();
    const path = `/council/training/programmes/${programme.id}`;
    const first = await officer.post(path, { version: String(programme.version), name: "PINS", provider: "PINS partnership", description: "" });
    expect(first.status).toBe(302);
    const stale = await officer.post(path, { version: String(programme.version), name: "PINS", provider: "Someone else", description: "" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("it now differs from what you sent in: provider");
  });
});
