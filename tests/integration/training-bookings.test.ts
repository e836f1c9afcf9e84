import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import type { Actor } from "../../app/domain/access/access.server.ts";
import { bookPeople } from "../../app/domain/training/bookings.server.ts";
import { newIdempotencyKey } from "../../app/domain/references.server.ts";
import { cancelBooking } from "../../app/domain/training/booking-cancel.server.ts";
import { cancelEvent } from "../../app/domain/training/events.server.ts";
import { sweepTrainingReminders } from "../../app/domain/training/reminders.server.ts";
import { composeEmail } from "../../app/domain/notifications/outbox.server.ts";
import { seedDemoTrainingBookings } from "../../db/seed/training-bookings.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { type EventSeed, createTrainingEvent } from "../setup/training.ts";

// Issue 9, bookings: named staff booked over HTTP as a SENCO would, the waiting list and its order (twenty people
// for the last place at once, in parallel transactions), cancellation and promotion, the refusals, the calendar
// invitation in the outbox, the reminder sweep, the school's training record and its CSV.

const t = seededApp();
const browsers: Record<string, Browser> = {};
let senco: Actor;
const db = () => t.database.db;
const oakSenco = () => browsers["senco@oakfield.example"]!;
const riverSenco = () => browsers["senco@riverside.example"]!;

beforeAll(async () => {
  for (const email of ["senco@oakfield.example", "senco@riverside.example", "head@oakfield.example"]) {
    browsers[email] = new Browser(t.app.baseUrl);
    await browsers[email].signIn(email);
  }
  senco = await actorForEmail(db(), "senco@oakfield.example");
});

let people = 0;
function person(name = "Pat") {
  people += 1;
  return { name: `${name} Person${people}`, role: "Teaching assistant", email: `${name.toLowerCase()}.person${people}@oakfield.example` };
}

function form(list: { name: string; role: string; email: string }[], whenFull = "wait", key = newIdempotencyKey()) {
  const fields: Record<string, string> = { idempotencyKey: key, whenFull, intent: "book" };
  list.forEach((p, i) => Object.assign(fields, { [`people[${i}].name`]: p.name, [`people[${i}].role`]: p.role, [`people[${i}].email`]: p.email }));
  return fields;
}

const event = (seed: EventSeed = {}, now?: Date) => createTrainingEvent(db(), seed, now);
const bookingsOf = (eventId: number) => db().selectFrom("training_bookings").selectAll().where("event_id", "=", eventId).orderBy("id").execute();
const outboxTo = (address: string) => db().selectFrom("email_outbox").selectAll().where("to_address", "=", address).orderBy("id").execute();

describe("booking named staff", () => {
  it("books while places last, puts the rest on the waiting list in order, and says who is where", async () => {
    const id = await event({ places: 2 });
    const page = await oakSenco().get(`/training/events/${id}/book`);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("2 places left");
    const [a, b, c] = [person(), person(), person()];
    const reply = await oakSenco().post(`/training/events/${id}/book`, form([a, b, c]));
    expect(reply.status).toBe(302);
    const rows = await bookingsOf(id);
    expect(rows.map((r) => [r.attendee_email, r.status])).toEqual([
      [a.email, "booked"],
      [b.email, "booked"],
      [c.email, "waiting"],
    ]);
    const confirmation = mainText((await oakSenco().get(reply.location!)).text);
    expect(confirmation).toContain("Booking confirmed, some on the waiting list");
    expect(confirmation).toMatch(new RegExp(`${c.name} ${c.email} Waiting list: number 1`));
    // Each step is on the booking's timeline and in the audit log.
    const audit = await db().selectFrom("audit_events").select("action").where("subject_type", "=", "training_booking").where("subject_id", "in", rows.map((r) => String(r.id))).execute();
    expect(audit.map((r) => r.action).sort()).toEqual(["training_booking.booked", "training_booking.booked", "training_booking.joined_waiting_list"]);
  });

  it("adds another person without JavaScript, keeping what was typed", async () => {
    const id = await event();
    const typed = person("Kept");
    const reply = await oakSenco().post(`/training/events/${id}/book`, { ...form([typed]), intent: "add" });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain(`value="${typed.email}"`);
    expect(mainText(reply.text)).toContain("Person 2");
    expect(await bookingsOf(id)).toEqual([]);
  });

  it("counts a resent form once", async () => {
    const id = await event();
    const fields = form([person(), person()]);
    const first = await oakSenco().post(`/training/events/${id}/book`, fields);
    const again = await oakSenco().post(`/training/events/${id}/book`, fields);
    expect(again.status).toBe(302);
    expect(again.location).toBe(first.location);
    expect(await bookingsOf(id)).toHaveLength(2);
  });

  it("refuses, with a clear message and nothing saved, what cannot be booked", async () => {
    const open = await event({ places: 2 });
    const p = person();
    const twice = await oakSenco().post(`/training/events/${open}/book`, form([p, { ...p, email: p.email.toUpperCase() }]));
    expect(twice.status).toBe(400);
    expect(mainText(twice.text)).toContain(`${p.email} is already in this booking (person 1)`);
    const bad = await oakSenco().post(`/training/events/${open}/book`, form([{ ...person(), email: "not-an-email" }]));
    expect(bad.status).toBe(400);
    expect(title(bad.text)).toMatch(/^Error: /);
    expect(mainText(bad.text)).toContain("Enter an email address in the correct format");
    const long = await oakSenco().post(`/training/events/${open}/book`, form([{ ...person(), name: "x".repeat(201) }]));
    expect(long.status).toBe(400);
    expect(mainText(long.text)).toContain("The name must be 200 characters or fewer");
    const none = await oakSenco().post(`/training/events/${open}/book`, form([person(), person(), person()], "none"));
    expect(none.status).toBe(409);
    expect(mainText(none.text)).toContain("There are only 2 places left for the 3 people you asked for, so nobody has been booked");
    expect(await bookingsOf(open)).toEqual([]);
    // The same person already on the event, whichever school booked them.
    expect((await oakSenco().post(`/training/events/${open}/book`, form([p]))).status).toBe(302);
    const already = await riverSenco().post(`/training/events/${open}/book`, form([{ ...p, name: "Someone else" }]));
    expect(already.status).toBe(400);
    expect(mainText(already.text)).toContain(`${p.email} is already booked on this event by another school`);

    const closed = await event({ startsInDays: 1, bookingClosesHoursBefore: 48 });
    const closedReply = await oakSenco().post(`/training/events/${closed}/book`, form([person()]));
    expect(closedReply.status).toBe(409);
    expect(mainText(closedReply.text)).toContain("Booking for this event closed on");
    const past = await event({ startsInDays: -3 });
    expect(mainText((await oakSenco().post(`/training/events/${past}/book`, form([person()]))).text)).toContain("This event has already taken place");
    const cancelled = await event({ status: "cancelled" });
    expect(mainText((await oakSenco().post(`/training/events/${cancelled}/book`, form([person()]))).text)).toContain("This event has been cancelled");
    for (const id of [closed, past, cancelled]) expect(await bookingsOf(id)).toEqual([]);
    // Another school's private event, and a draft: the same 404 as none.
    const theirs = await event({ privateSchoolUrn: "990002" });
    const draft = await event({ status: "draft" });
    for (const id of [theirs, draft, 99_999_999]) {
      expect((await oakSenco().get(`/training/events/${id}/book`)).status).toBe(404);
      expect((await oakSenco().post(`/training/events/${id}/book`, form([person()]))).status).toBe(404);
    }
  });

  it("gives exactly one of twenty people asking at once the last place, the rest waiting in the order they asked", async () => {
    const id = await event({ places: 3 });
    await bookPeople(db(), senco, id, { people: [person(), person()], whenFull: "wait", idempotencyKey: newIdempotencyKey() }, "req-warm");
    const actors = await Promise.all(Array.from({ length: 20 }, (_, i) => actorForEmail(db(), i % 2 ? "senco@oakfield.example" : "head@oakfield.example")));
    const results = await Promise.all(
      actors.map((actor, i) => bookPeople(db(), actor, id, { people: [person(`Racer${i}`)], whenFull: "wait", idempotencyKey: newIdempotencyKey() }, `req-race-${i}`)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const racers = (await bookingsOf(id)).slice(2);
    expect(racers).toHaveLength(20);
    expect(racers.filter((r) => r.status === "booked")).toHaveLength(1);
    // The lock's order is the id's: the first to get it was booked, each after it waits behind the one before.
    expect(racers[0]!.status).toBe("booked");
    expect(racers.slice(1).every((r) => r.status === "waiting")).toBe(true);
    const events = await db()
      .selectFrom("training_booking_events")
      .select(["training_booking_id"])
      .where("training_booking_id", "in", racers.map((r) => r.id))
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.training_booking_id)).toEqual(racers.map((r) => r.id));
    const positions = await Promise.all(racers.slice(1).map(async (r) => mainText((await oakSenco().get(`/training/bookings/${r.id}`)).text)));
    positions.forEach((text, i) => expect(text).toContain(`On the waiting list: number ${i + 1}`));
  });
});

describe("cancelling", () => {
  it("promotes the first waiting booking, tells them with a calendar request and their school, and the cancelled one with a CANCEL", async () => {
    const id = await event({ places: 1 });
    const [a, b, c] = [person(), person(), person()];
    await oakSenco().post(`/training/events/${id}/book`, form([a]));
    await riverSenco().post(`/training/events/${id}/book`, form([{ ...b, email: b.email.replace("oakfield", "riverside") }]));
    await oakSenco().post(`/training/events/${id}/book`, form([c]));
    const [first, second, third] = await bookingsOf(id);
    const confirm = await oakSenco().get(`/training/bookings/${first!.id}?confirm=cancel`);
    expect(mainText(confirm.text)).toContain(`Are you sure you want to cancel ${a.name}'s place?`);
    const reply = await oakSenco().post(`/training/bookings/${first!.id}`, { intent: "cancel", version: String(first!.version) });
    expect(reply.status).toBe(302);
    const after = await bookingsOf(id);
    expect(after.map((r) => r.status)).toEqual(["cancelled", "booked", "waiting"]);
    expect(after[1]!.promoted_at).not.toBeNull();
    expect(after[0]!.cancelled_why).toBe("school");
    // The promoted attendee's invitation; the cancelled one's cancellation, a step up in SEQUENCE from their invitation.
    const promotedMail = (await outboxTo(second!.attendee_email)).at(-1)!;
    expect(promotedMail.subject).toContain("Training booked");
    const promotedIcs = (promotedMail.attachments as { content: string }[])[0]!.content;
    expect(promotedIcs).toContain("METHOD:REQUEST");
    const cancelMails = await outboxTo(a.email);
    const [invite, cancel] = cancelMails.map((m) => (m.attachments as { content: string }[])[0]!.content);
    expect(cancel).toContain("METHOD:CANCEL");
    expect(cancel).toContain(`UID:training-booking-${first!.id}@`);
    expect(invite).toContain("SEQUENCE:0");
    expect(cancel).toContain("SEQUENCE:1");
    // The promoted person's school is told in the portal.
    const riverside = await db().selectFrom("users").select("id").where("email", "=", "senco@riverside.example").executeTakeFirstOrThrow();
    const told = await db().selectFrom("notifications").select("link").where("user_id", "=", riverside.id).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(told.link).toBe(`/training/bookings/${second!.id}`);
    // A form drawn before the promotion is out of date: refused, saying what happened meanwhile.
    const stale = await riverSenco().post(`/training/bookings/${second!.id}`, { intent: "cancel", version: String(second!.version) });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("it was given a place from the waiting list");
    // A waiting booking cancelled just leaves the list; the same form again counts once.
    const leave = { intent: "cancel", version: String(third!.version) };
    expect((await oakSenco().post(`/training/bookings/${third!.id}`, leave)).status).toBe(302);
    expect((await oakSenco().post(`/training/bookings/${third!.id}`, leave)).status).toBe(302);
    expect((await bookingsOf(id)).map((r) => r.status)).toEqual(["cancelled", "booked", "cancelled"]);
  });

  it("refuses after the cut-off, saying until when it was possible, and hides another school's booking", async () => {
    const id = await event({ startsInDays: 1, cancellationClosesHoursBefore: 48, bookingClosesHoursBefore: 1 });
    await oakSenco().post(`/training/events/${id}/book`, form([person()]));
    const [booking] = await bookingsOf(id);
    expect(mainText((await oakSenco().get(`/training/bookings/${booking!.id}`)).text)).toContain("This booking can no longer be cancelled: cancelling closed on");
    const late = await oakSenco().post(`/training/bookings/${booking!.id}`, { intent: "cancel", version: String(booking!.version) });
    expect(late.status).toBe(409);
    expect(mainText(late.text)).toContain("cancelling closed on");
    expect((await bookingsOf(id))[0]!.status).toBe("booked");
    expect((await riverSenco().get(`/training/bookings/${booking!.id}`)).status).toBe(404);
    expect((await riverSenco().post(`/training/bookings/${booking!.id}`, { intent: "cancel", version: String(booking!.version) })).status).toBe(404);
  });

  it("tells the places left as bookings, cancellations, promotions and the event's cancellation change them", async () => {
    const id = await event({ places: 2 });
    const placesLine = async () => mainText((await oakSenco().get(`/training/events/${id}/book`)).text).match(/Full: people you book join the waiting list\.|\d+ places? left\./)?.[0];
    expect(await placesLine()).toBe("2 places left.");
    await oakSenco().post(`/training/events/${id}/book`, form([person()]));
    expect(await placesLine()).toBe("1 place left.");
    await oakSenco().post(`/training/events/${id}/book`, form([person(), person()]));
    expect(await placesLine()).toBe("Full: people you book join the waiting list.");
    const [first, , waiting] = await bookingsOf(id);
    // The waiting one leaving frees nothing; a booked one leaving promotes the next, and the event stays full.
    await cancelBooking(db(), senco, String(waiting!.id), { version: waiting!.version }, "req-left");
    expect(await placesLine()).toBe("Full: people you book join the waiting list.");
    await oakSenco().post(`/training/events/${id}/book`, form([person()]));
    await cancelBooking(db(), senco, String(first!.id), { version: first!.version }, "req-freed");
    expect((await bookingsOf(id)).map((r) => r.status)).toEqual(["cancelled", "booked", "cancelled", "booked"]);
    expect(await placesLine()).toBe("Full: people you book join the waiting list.");
    const [, second] = await bookingsOf(id);
    await cancelBooking(db(), senco, String(second!.id), { version: second!.version }, "req-second");
    expect(await placesLine()).toBe("1 place left.");
    // The count behind those words is the bookings' own, through every change, and the officer's cancelling of the
    // event, one statement for all its bookings, takes them all off.
    const counts = () =>
      db()
        .selectFrom("training_events")
        .select((eb) => ["booked_count", eb.selectFrom("training_bookings").select(eb.fn.countAll<number>().as("n")).whereRef("event_id", "=", "training_events.id").where("status", "=", "booked").as("actual")])
        .execute();
    expect((await counts()).every((e) => Number(e.actual) === e.booked_count)).toBe(true);
    const officer = await actorForEmail(db(), "officer@kent.example");
    const { version } = await db().selectFrom("training_events").select("version").where("id", "=", id).executeTakeFirstOrThrow();
    expect(await cancelEvent(db(), officer, id, { version, reason: "The trainer is ill" }, "req-event")).toMatchObject({ ok: true });
    expect((await db().selectFrom("training_events").select("booked_count").where("id", "=", id).executeTakeFirstOrThrow()).booked_count).toBe(0);
    expect((await counts()).every((e) => Number(e.actual) === e.booked_count)).toBe(true);
  });

  it("promotes in lock order when places are freed in parallel", async () => {
    const id = await event({ places: 3 });
    await bookPeople(db(), senco, id, { people: Array.from({ length: 8 }, () => person()), whenFull: "wait", idempotencyKey: newIdempotencyKey() }, "req-fill");
    const rows = await bookingsOf(id);
    await Promise.all(rows.slice(0, 3).map((r, i) => cancelBooking(db(), senco, String(r.id), { version: r.version }, `req-cancel-${i}`)));
    expect((await bookingsOf(id)).map((r) => r.status)).toEqual(["cancelled", "cancelled", "cancelled", "booked", "booked", "booked", "waiting", "waiting"]);
  });
});

describe("emails", () => {
  it("attaches a calendar invitation at the right instant to the attendee, and copies the training lead", async () => {
    const id = await event({ startsInDays: 20 });
    const start = (await db().selectFrom("training_events").select("starts_at").where("id", "=", id).executeTakeFirstOrThrow()).starts_at;
    const p = person();
    await oakSenco().post(`/training/events/${id}/book`, form([p]));
    const [booking] = await bookingsOf(id);
    const [mail] = await outboxTo(p.email);
    const ics = (mail!.attachments as { filename: string; contentType: string; content: string }[])[0]!;
    expect(ics.filename).toBe("invitation.ics");
    expect(ics.contentType).toContain("text/calendar");
    const utc = new Date(start).toISOString().replace(/[-:]/g, "").slice(0, 15);
    expect(ics.content).toContain(`DTSTART:${utc}Z`);
    expect(ics.content).toContain(`UID:training-booking-${booking!.id}@send.kent.gov.uk`);
    // Long lines are folded (RFC 5545): unfolded, the attendee line names them.
    expect(ics.content.replace(/\r\n[ \t]/g, "")).toMatch(new RegExp(`ATTENDEE;[^\\n]*CN="${p.name}":mailto:${p.email.replace(/\./g, "\\.")}`));
    expect(ics.content).toContain("METHOD:REQUEST");
    // The outbox hands the attachment to the mailer; the copy to the SENCOs (no lead named yet) has none.
    expect(composeEmail(mail!, { from: "x@y.example", publicUrl: "https://portal.example" }).attachments?.[0]?.content).toBe(ics.content);
    const copy = (await outboxTo("senco@oakfield.example")).find((m) => m.subject.includes(p.name) || m.body.includes(p.name));
    expect(copy?.attachments ?? null).toBeNull();
    // The headteacher names a training lead: they are copied instead.
    const head = browsers["head@oakfield.example"]!;
    expect((await head.post("/training/bookings/lead", { email: "Training.Lead@oakfield.example" })).status).toBe(302);
    expect((await oakSenco().post("/training/bookings/lead", { email: "me@oakfield.example" })).status).toBe(404);
    const q = person();
    await oakSenco().post(`/training/events/${id}/book`, form([q]));
    expect((await outboxTo("training.lead@oakfield.example")).some((m) => m.body.includes(q.name))).toBe(true);
  });

  it("reminds each booked attendee once, two working days before, skipping weekends and bank holidays", async () => {
    // Wednesday 31 March 2027, after Good Friday (26 March), the weekend and Easter Monday (29 March): two working
    // days before is Thursday 25 March (Tuesday 30 March is the first, Thursday 25 the second).
    const at = (iso: string) => new Date(iso);
    const id = await event({ startsInDays: 0 }, at("2027-03-31T09:00:00Z"));
    const p = person();
    expect((await bookPeople(db(), senco, id, { people: [p], whenFull: "wait", idempotencyKey: newIdempotencyKey() }, "req-rem", at("2027-03-20T09:00:00Z"))).ok).toBe(true);
    await sweepTrainingReminders(db(), at("2027-03-24T09:00:00Z"));
    expect((await outboxTo(p.email)).filter((m) => m.subject.startsWith("Reminder"))).toHaveLength(0);
    await sweepTrainingReminders(db(), at("2027-03-25T09:00:00Z"));
    await sweepTrainingReminders(db(), at("2027-03-25T09:10:00Z"));
    const reminders = (await outboxTo(p.email)).filter((m) => m.subject.startsWith("Reminder"));
    expect(reminders).toHaveLength(1);
    expect((await bookingsOf(id))[0]!.reminder_sent_at).not.toBeNull();
  });
});

describe("the school's bookings and training record", () => {
  it("lists upcoming and past bookings, and the record of the last two years by need area, as a page and a safe CSV", async () => {
    const recent = await event({ startsInDays: -30, courseTitle: "Record recent" });
    const old = await event({ startsInDays: -800, courseTitle: "Record old" });
    const officer = await db().selectFrom("users").select("id").where("email", "=", "officer@kent.example").executeTakeFirstOrThrow();
    const oakfield = await db().selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow();
    for (const [eventId, name] of [
      [recent, "=HYPERLINK(1)"],
      [old, "Old Timer"],
    ] as const) {
      await db()
        .insertInto("training_bookings")
        .values({ event_id: eventId, school_id: oakfield.id, status: "booked", attendee_name: name, attendee_role: "Teacher", attendee_email: `${eventId}.rec@oakfield.example`, booked_by: senco.userId, attended: true, attendance_marked_by: officer.id, attendance_marked_at: new Date() })
        .execute();
    }
    const past = mainText((await oakSenco().get("/training/bookings?show=past")).text);
    expect(past).toContain("Attended");
    const record = mainText((await oakSenco().get("/training/record")).text);
    expect(record).toContain("=HYPERLINK(1)");
    expect(record).not.toContain("Old Timer");
    expect(record).toMatch(/Communication and interaction \d+ \d+/);
    const csv = await oakSenco().get("/training/record.csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text).toContain("'=HYPERLINK(1)");
    expect(csv.text).not.toContain("Old Timer");
    expect((await riverSenco().get("/training/record.csv")).text).not.toContain("HYPERLINK");
  });

  it("seeds demo bookings on the events there are", async () => {
    for (let i = 0; i < 4; i++) await event({ startsInDays: 10 + i, places: 3 + i });
    for (let i = 0; i < 2; i++) await event({ startsInDays: -20 - i });
    const before = await db().selectFrom("training_bookings").select("id").execute();
    const oakfield = await db().selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow();
    // The seed adds nothing where Oakfield has bookings: clear its own to see what it makes.
    expect(before.length).toBeGreaterThan(0);
    await db().transaction().execute(async (trx) => {
      await trx.updateTable("training_bookings").set({ school_id: (await trx.selectFrom("schools").select("id").where("urn", "=", "990003").executeTakeFirstOrThrow()).id }).where("school_id", "=", oakfield.id).execute();
      await seedDemoTrainingBookings(trx, new Date());
    });
    const seeded = await db().selectFrom("training_bookings").selectAll().where("school_id", "=", oakfield.id).execute();
    expect(seeded.some((b) => b.status === "booked" && b.attended === null)).toBe(true);
    expect(seeded.some((b) => b.attended === true)).toBe(true);
    const waiting = await db().selectFrom("training_bookings").select("id").where("status", "=", "waiting").execute();
    expect(waiting.length).toBeGreaterThan(0);
  });
});
