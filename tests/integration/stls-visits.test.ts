import { beforeAll, describe, expect, it } from "vitest";
import { newIdempotencyKey } from "../../app/domain/references.server.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { createInvolvement, createLiftReferral, createStlsSlot, createStlsVisit, userId } from "../setup/stls.ts";

// Issue 10, visits and clinics over HTTP as a SENCO and a specialist teacher would use them: booking a visit
// against an involvement (its allocation, a slot taken meanwhile or in the past, a double click), a drop-in clinic
// without a referral, the visit's page for each side (and the 404 for everyone else), cancelling before it starts,
// the note after it, which the school reads, and the /stls page of each role.

const t = seededApp();
const db = () => t.database.db;
const b: Record<string, Browser> = {};
const as = (email: string) => b[email]!;

beforeAll(async () => {
  for (const email of ["senco@oakfield.example", "head@oakfield.example", "senco@riverside.example", "stls@kent.example", "officer@kent.example"]) {
    b[email] = new Browser(t.app.baseUrl);
    await b[email].signIn(email);
  }
});

const oak = () => as("senco@oakfield.example");
const tom = () => as("stls@kent.example");
const visitsOf = (involvementId: number) => db().selectFrom("stls_visits").selectAll().where("involvement_id", "=", involvementId).orderBy("id").execute();

async function involvement(visits = 2, pupil: [string, string] = ["Amelia", "Hart"]) {
  const referral = await createLiftReferral(db(), { pupil });
  return { id: await createInvolvement(db(), referral.id, { visits }), reference: referral.reference };
}

describe("booking a visit for an involvement", () => {
  it("shows the specialist's free slots, books one with its event, audit row and the specialist told, and counts a double click once", async () => {
    const inv = await involvement(2);
    const slot = await createStlsSlot(db(), { startsInDays: 60, time: "09:00" });
    const page = await oak().get(`/stls/book/${inv.id}`);
    expect(page.status).toBe(200);
    // The title names the referral, never the child (ADR 9); the page itself does.
    expect(title(page.text)).toContain(`Book a visit: ${inv.reference}`);
    expect(title(page.text)).not.toContain("Amelia");
    const text = mainText(page.text);
    expect(text).toContain("Amelia Hart");
    expect(text).toContain("LIFT allocated 2 visits with Tom Harding: 0 booked or done, 2 left to book");
    const fields = { slotId: String(slot), idempotencyKey: newIdempotencyKey() };
    const reply = await oak().post(`/stls/book/${inv.id}`, fields);
    expect(reply.status).toBe(302);
    expect(reply.location).toMatch(/^\/stls\/visits\/\d+\?done=booked$/);
    const again = await oak().post(`/stls/book/${inv.id}`, fields);
    expect(again.location).toBe(reply.location);
    const visits = await visitsOf(inv.id);
    expect(visits.map((v) => [v.slot_id, v.status])).toEqual([[slot, "booked"]]);
    const events = await db().selectFrom("stls_visit_events").select("action").where("stls_visit_id", "=", visits[0]!.id).execute();
    expect(events.map((e) => e.action)).toEqual(["booked"]);
    expect(await db().selectFrom("audit_events").select("action").where("subject_type", "=", "stls_visit").where("subject_id", "=", String(visits[0]!.id)).execute()).toEqual([{ action: "stls_visit.booked" }]);
    const told = await db().selectFrom("notifications").select(["message", "link"]).where("user_id", "=", await userId(db(), "stls@kent.example")).where("link", "=", `/stls/visits/${visits[0]!.id}`).execute();
    expect(told).toHaveLength(1);
    expect(told[0]!.message).not.toContain("Amelia");
    const confirmation = mainText((await oak().get(reply.location!)).text);
    expect(confirmation).toContain("Booked. The specialist teacher has been told.");
    expect(confirmation).toContain("Amelia Hart");
    // The booked slot is no longer offered.
    expect((await oak().get(`/stls/book/${inv.id}`)).text).not.toContain(`value="${slot}"`);
  });

  it("refuses a booking over the allocation, on a taken slot, or in the past, saying so, and shows what is still free", async () => {
    const inv = await involvement(1);
    const [first, second, free] = [await createStlsSlot(db(), { startsInDays: 61, time: "09:00" }), await createStlsSlot(db(), { startsInDays: 62, time: "09:00" }), await createStlsSlot(db(), { startsInDays: 63, time: "09:00" })];
    expect((await oak().post(`/stls/book/${inv.id}`, { slotId: String(first), idempotencyKey: newIdempotencyKey() })).status).toBe(302);
    const over = await oak().post(`/stls/book/${inv.id}`, { slotId: String(second), idempotencyKey: newIdempotencyKey() });
    expect(over.status).toBe(409);
    expect(mainText(over.text)).toContain("The 1 visit allocated has been booked");
    const three = await involvement(3, ["Freya", "Holt"]);
    const taken = await oak().post(`/stls/book/${three.id}`, { slotId: String(first), idempotencyKey: newIdempotencyKey() });
    expect(taken.status).toBe(409);
    expect(title(taken.text)).toMatch(/^Error: /);
    expect(mainText(taken.text)).toContain("That slot has just been booked by someone else. Choose another of the free slots below.");
    expect(taken.text).toContain(`value="${free}"`);
    expect(taken.text).not.toContain(`value="${first}"`);
    const pastSlot = await createStlsSlot(db(), { startsInDays: -1, time: "09:00" });
    const past = await oak().post(`/stls/book/${three.id}`, { slotId: String(pastSlot), idempotencyKey: newIdempotencyKey() });
    expect(past.status).toBe(409);
    expect(mainText(past.text)).toContain("has already begun or passed, so it cannot be booked");
    const clinic = await createStlsSlot(db(), { startsInDays: 64, time: "09:00", kind: "clinic" });
    const wrongKind = await oak().post(`/stls/book/${three.id}`, { slotId: String(clinic), idempotencyKey: newIdempotencyKey() });
    expect(wrongKind.status).toBe(400);
    expect(mainText(wrongKind.text)).toContain("Choose one of the free slots below");
    const odd = await oak().post(`/stls/book/${three.id}`, { slotId: "1e3", idempotencyKey: newIdempotencyKey() });
    expect(odd.status).toBe(400);
    expect(await visitsOf(three.id)).toEqual([]);
  });

  it("answers another school's involvement, and a headteacher, with 404", async () => {
    const inv = await involvement(2);
    const slot = await createStlsSlot(db(), { startsInDays: 65, time: "09:00" });
    expect((await as("senco@riverside.example").get(`/stls/book/${inv.id}`)).status).toBe(404);
    expect((await as("senco@riverside.example").post(`/stls/book/${inv.id}`, { slotId: String(slot), idempotencyKey: newIdempotencyKey() })).status).toBe(404);
    expect((await as("head@oakfield.example").get(`/stls/book/${inv.id}`)).status).toBe(404);
    expect((await oak().get("/stls/book/999999")).status).toBe(404);
    expect(await visitsOf(inv.id)).toEqual([]);
  });
});

describe("drop-in clinics", () => {
  it("books a clinic without a referral, with a topic and optionally a pupil of the register", async () => {
    const slot = await createStlsSlot(db(), { startsInDays: 66, time: "09:00", kind: "clinic" });
    expect(mainText((await oak().get("/stls")).text)).toContain("Drop-in clinics with free slots");
    const page = await oak().get(`/stls/clinics/${slot}/book`);
    expect(page.status).toBe(200);
    const empty = await oak().post(`/stls/clinics/${slot}/book`, { topic: " ", pupilId: "", idempotencyKey: newIdempotencyKey() });
    expect(empty.status).toBe(400);
    expect(mainText(empty.text)).toContain("Enter what you would like to talk about at the clinic");
    const riversidePupil = await db().selectFrom("pupils").select("id").where("last_name", "=", "Dunn").executeTakeFirstOrThrow();
    const wrongPupil = await oak().post(`/stls/clinics/${slot}/book`, { topic: "Reading", pupilId: String(riversidePupil.id), idempotencyKey: newIdempotencyKey() });
    expect(wrongPupil.status).toBe(400);
    expect(mainText(wrongPupil.text)).toContain("Choose a pupil from your register, or none");
    const amelia = await db().selectFrom("pupils").select("id").where("last_name", "=", "Hart").executeTakeFirstOrThrow();
    const reply = await oak().post(`/stls/clinics/${slot}/book`, { topic: "Phonics catch-up in Year 3", pupilId: String(amelia.id), idempotencyKey: newIdempotencyKey() });
    expect(reply.status).toBe(302);
    const visit = await db().selectFrom("stls_visits").selectAll().where("slot_id", "=", slot).executeTakeFirstOrThrow();
    expect([visit.topic, visit.pupil_id, visit.involvement_id]).toEqual(["Phonics catch-up in Year 3", amelia.id, null]);
    // Taken now: another school is told, and nothing is saved.
    const bearsted = new Browser(t.app.baseUrl);
    await bearsted.signIn("senco@bearsted-green.example");
    const late = await bearsted.post(`/stls/clinics/${slot}/book`, { topic: "Another question", pupilId: "", idempotencyKey: newIdempotencyKey() });
    expect(late.status).toBe(409);
    expect(mainText(late.text)).toContain("That slot has just been booked by someone else");
    // Riverside (Thanet) cannot reach a Maidstone clinic.
    expect((await as("senco@riverside.example").get(`/stls/clinics/${slot}/book`)).status).toBe(404);
    // Tom sees the topic and the pupil the school named to him.
    const seen = mainText((await tom().get(`/stls/visits/${visit.id}`)).text);
    expect(seen).toContain("Phonics catch-up in Year 3");
    expect(seen).toContain("Amelia Hart");
  });

  it("offers a clinic slot that comes after the first 60 free ones (its page asks of the slot itself)", async () => {
    const earlier: number[] = [];
    for (let day = 200; day < 260; day += 1) earlier.push(await createStlsSlot(db(), { startsInDays: day, time: "06:00", kind: "clinic" }));
    const late = await createStlsSlot(db(), { startsInDays: 260, time: "06:00", kind: "clinic" });
    try {
      const page = await oak().get(`/stls/clinics/${late}/book`);
      expect(page.status).toBe(200);
      expect(mainText(page.text)).not.toContain("This clinic slot is no longer free.");
      expect(page.text).toContain('name="idempotencyKey"');
    } finally {
      await db().updateTable("stls_slots").set({ status: "withdrawn" }).where("id", "in", [...earlier, late]).execute();
    }
  });
});

describe("a visit's page, cancelling and the note", () => {
  it("is the school's and the district's specialist's; the council goes to its figures; other schools get 404", async () => {
    const inv = await involvement(2);
    const visit = await createStlsVisit(db(), await createStlsSlot(db(), { startsInDays: 67, time: "09:00" }), { involvementId: inv.id });
    for (const email of ["senco@oakfield.example", "head@oakfield.example", "stls@kent.example"]) {
      const page = await as(email).get(`/stls/visits/${visit}`);
      expect(page.status, email).toBe(200);
      expect(mainText(page.text), email).toContain("Amelia Hart");
    }
    expect((await as("senco@riverside.example").get(`/stls/visits/${visit}`)).status).toBe(404);
    const officer = await as("officer@kent.example").get(`/stls/visits/${visit}`);
    expect([officer.status, officer.location]).toEqual([302, "/stls"]);
    const figures = mainText((await as("officer@kent.example").get("/stls")).text);
    expect(figures).toContain("Slots and visits by district");
    expect(figures).toContain("Maidstone");
    expect(figures).not.toContain("Amelia");
    expect(figures).not.toContain("Oakfield");
  });

  it("lets the school cancel before the visit with a reason, tells the specialist and frees the slot; a stale form and the headteacher are refused", async () => {
    const inv = await involvement(2);
    const slot = await createStlsSlot(db(), { startsInDays: 68, time: "09:00" });
    const visit = await createStlsVisit(db(), slot, { involvementId: inv.id });
    expect(mainText((await oak().get(`/stls/visits/${visit}?confirm=cancel`)).text)).toContain("Cancel the visit on");
    expect((await as("head@oakfield.example").post(`/stls/visits/${visit}`, { intent: "cancel", version: "1", reason: "Trip" })).status).toBe(404);
    const noReason = await oak().post(`/stls/visits/${visit}`, { intent: "cancel", version: "1", reason: "" });
    expect(noReason.status).toBe(400);
    expect(mainText(noReason.text)).toContain("Enter why the visit is cancelled");
    const reply = await oak().post(`/stls/visits/${visit}`, { intent: "cancel", version: "1", reason: "The class is on a trip that day." });
    expect(reply.status).toBe(302);
    const row = await db().selectFrom("stls_visits").selectAll().where("id", "=", visit).executeTakeFirstOrThrow();
    expect([row.status, row.cancelled_side, row.cancelled_reason]).toEqual(["cancelled", "school", "The class is on a trip that day."]);
    const told = await db().selectFrom("notifications").select("message").where("user_id", "=", await userId(db(), "stls@kent.example")).where("link", "=", `/stls/visits/${visit}`).execute();
    expect(told.map((n) => n.message)).toEqual([expect.stringContaining("has been cancelled by the school")]);
    const stale = await tom().post(`/stls/visits/${visit}`, { intent: "cancel", version: "1", reason: "Ill" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record while you were working on it");
    // The slot can be booked again, and the cancelled visit no longer counts against the allocation.
    expect((await oak().post(`/stls/book/${inv.id}`, { slotId: String(slot), idempotencyKey: newIdempotencyKey() })).status).toBe(302);
  });

  it("takes the specialist's note after the visit has begun (not before), which the school then reads there and on /stls", async () => {
    const inv = await involvement(2);
    const future = await createStlsVisit(db(), await createStlsSlot(db(), { startsInDays: 69, time: "09:00" }), { involvementId: inv.id });
    const early = await tom().post(`/stls/visits/${future}`, { intent: "note", version: "1", note: "Too early" });
    expect(early.status).toBe(409);
    expect(mainText(early.text)).toContain("The note can be written once the visit has begun");
    const past = await createStlsVisit(db(), await createStlsSlot(db(), { startsInDays: -3, time: "08:00" }), { involvementId: inv.id });
    expect(mainText((await tom().get("/stls")).text)).toContain("Notes still to write");
    const late = await oak().post(`/stls/visits/${past}`, { intent: "cancel", version: "1", reason: "Too late" });
    expect(late.status).toBe(409);
    expect(mainText(late.text)).toContain("so it can no longer be cancelled");
    expect((await oak().post(`/stls/visits/${past}`, { intent: "note", version: "1", note: "School writing" })).status).toBe(404);
    const note = "Observed Amelia in a phonics group. Agreed: daily precision teaching, 10 minutes, with a review in four weeks.";
    const reply = await tom().post(`/stls/visits/${past}`, { intent: "note", version: "1", note });
    expect(reply.status).toBe(302);
    expect((await tom().post(`/stls/visits/${past}`, { intent: "note", version: "1", note })).status).toBe(302);
    const row = await db().selectFrom("stls_visits").selectAll().where("id", "=", past).executeTakeFirstOrThrow();
    expect([row.status, row.outcome_note, row.version]).toEqual(["done", note, 2]);
    expect(mainText((await oak().get(`/stls/visits/${past}`)).text)).toContain(note);
    expect(mainText((await oak().get("/stls")).text)).toContain(note);
  });
});

describe("the /stls page", () => {
  it("shows the teacher their caseload from the demo: pupils, schools, referral links and visit counts", async () => {
    const page = await tom().get("/stls");
    const text = mainText(page.text);
    expect(text).toContain("Your caseload");
    expect(text).toMatch(/Freya Holt Oakfield Primary School LIFT-\d{4}-\d{5} 3 1 1/);
    expect(page.text).toMatch(/href="\/lift\/referrals\/LIFT-\d{4}-\d{5}"/);
    expect(text).toContain("Notes still to write");
  });

  it("shows the school its involvements with visits left to book, and the headteacher no booking link", async () => {
    expect(mainText((await oak().get("/stls")).text)).toMatch(/Freya Holt LIFT-\d{4}-\d{5} Tom Harding 2 of 3 Book a visit/);
    const head = await as("head@oakfield.example").get("/stls");
    expect(head.status).toBe(200);
    expect(head.text).not.toContain('href="/stls/book/');
    expect(mainText((await as("senco@riverside.example").get("/stls")).text)).not.toContain("Freya");
  });
});
