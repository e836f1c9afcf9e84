import { unzipSync, strFromU8 } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { formBody, pageForms } from "../setup/forms.ts";
import { pdfText } from "../setup/pdf-text.ts";
import { createTrainingEvent } from "../setup/training.ts";

// The attendee list and register, its exports, the evaluations sent through personal links, and certificates.
// Events are made directly (createTrainingEvent) and bookings inserted as the booking pages would leave them.

const t = seededApp();
let officer: Browser;
let stls: Browser;
let otherStls: Browser;
let senco: Browser;
let riversideSenco: Browser;
let ids: { oakfield: number; riverside: number; senco: number; riversideSenco: number };

const EVIL = '=HYPERLINK("http://evil.example","Click")';

async function book(eventId: number, people: { name: string; email: string; school?: "oakfield" | "riverside"; status?: "booked" | "waiting" }[]) {
  const rows = await t.database.db
    .insertInto("training_bookings")
    .values(
      people.map((p) => ({
        event_id: eventId,
        school_id: p.school === "riverside" ? ids.riverside : ids.oakfield,
        status: p.status ?? "booked",
        attendee_name: p.name,
        attendee_role: "Teaching assistant",
        attendee_email: p.email,
        booked_by: p.school === "riverside" ? ids.riversideSenco : ids.senco,
      })),
    )
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** The register form as drawn, with the rows of `choices` (booking id -> yes/no) chosen. */
async function registerBody(browser: Browser, eventId: number, choices: Record<number, "yes" | "no">) {
  const path = `/training/events/${eventId}/attendees`;
  const page = await browser.get(path);
  expect(page.status).toBe(200);
  const form = pageForms(page.text, path).find((f) => f.fields.some(([name]) => name.startsWith("marks[")))!;
  const fields = form.fields.filter(([name]) => !name.endsWith(".attended"));
  for (const [name, value] of form.fields) {
    const m = /^marks\[(\d+)\]\.bookingId$/.exec(name);
    if (m && choices[Number(value)]) fields.push([`marks[${m[1]}].attended`, choices[Number(value)]!]);
  }
  return fields;
}

async function postRegister(browser: Browser, eventId: number, fields: [string, string][]) {
  return browser.request("POST", `/training/events/${eventId}/attendees`, {
    body: formBody(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: browser.baseUrl },
  });
}

async function download(browser: Browser, path: string) {
  const response = await fetch(browser.baseUrl + path, { headers: { Cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ") }, redirect: "manual" });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function tokenFor(email: string) {
  const mail = await t.database.db.selectFrom("email_outbox").select(["link", "subject"]).where("to_address", "=", email).orderBy("id", "desc").executeTakeFirst();
  return mail ? { token: /\/training\/evaluation\/([a-z2-7]{32})$/.exec(mail.link ?? "")![1]!, subject: mail.subject } : undefined;
}

beforeAll(async () => {
  const user = async (email: string) => (await t.database.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const school = async (urn: string) => (await t.database.db.selectFrom("schools").select("id").where("urn", "=", urn).executeTakeFirstOrThrow()).id;
  ids = { oakfield: await school("990001"), riverside: await school("990002"), senco: await user("senco@oakfield.example"), riversideSenco: await user("senco@riverside.example") };
  // A second STLS teacher, who presents nothing here.
  const stlsRow = await t.database.db.selectFrom("users").selectAll().where("email", "=", "stls@kent.example").executeTakeFirstOrThrow();
  const other = await t.database.db
    .insertInto("users")
    .values({ email: "stls2@kent.example", display_name: "Other Teacher", password_hash: stlsRow.password_hash })
    .returning("id")
    .executeTakeFirstOrThrow();
  const membership = await t.database.db.selectFrom("memberships").select(["role", "district_id"]).where("user_id", "=", stlsRow.id).executeTakeFirstOrThrow();
  await t.database.db.insertInto("memberships").values({ ...membership, user_id: other.id }).execute();
  officer = new Browser(t.app.baseUrl);
  stls = new Browser(t.app.baseUrl);
  otherStls = new Browser(t.app.baseUrl);
  senco = new Browser(t.app.baseUrl);
  riversideSenco = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
  await stls.signIn("stls@kent.example");
  await otherStls.signIn("stls2@kent.example");
  await senco.signIn("senco@oakfield.example");
  await riversideSenco.signIn("senco@riverside.example");
});

describe("the attendee list", () => {
  it("shows the booked people and the waiting list in order to the officer and the presenter, and 404 to anyone else", async () => {
    const eventId = await createTrainingEvent(t.database.db, { startsInDays: 5, places: 2, presenterEmail: "stls@kent.example", courseTitle: "Severe dyslexia" });
    await book(eventId, [
      { name: "Ada Booked", email: "ada@oakfield.example" },
      { name: "Ben Booked", email: "ben@riverside.example", school: "riverside" },
      { name: "Cara Second", email: "cara@oakfield.example", status: "waiting" },
    ]);
    await book(eventId, [{ name: "Dan Third", email: "dan@riverside.example", school: "riverside", status: "waiting" }]);
    for (const browser of [officer, stls]) {
      const page = await browser.get(`/training/events/${eventId}/attendees`);
      expect(page.status).toBe(200);
      const text = mainText(page.text);
      expect(text).toContain("Severe dyslexia");
      expect(text).toMatch(/Ada Booked Teaching assistant Oakfield Primary School ada@oakfield\.example/);
      expect(text).toContain("Ben Booked");
      expect(text).toMatch(/Waiting list Position Name .* 1 Cara Second .* 2 Dan Third/);
      expect(text).toContain("2 of 2 booked, 2 waiting");
      // Before the day: no register, and why.
      expect(text).toContain("Attendance can be marked from the day of the event");
      expect(page.text).not.toContain("Save the register");
    }
    for (const browser of [otherStls, senco, riversideSenco]) {
      expect((await browser.get(`/training/events/${eventId}/attendees`)).status).toBe(404);
      expect((await download(browser, `/training/events/${eventId}/attendees.csv`)).status).toBe(404);
    }
    expect((await officer.get("/training/events/999999/attendees")).status).toBe(404);
    expect((await officer.get("/training/events/1e3/attendees")).status).toBe(404);
  });
});

describe("marking attendance", () => {
  it("marks the register once, sends the evaluation links after the end, and counts a resent form once", async () => {
    const eventId = await createTrainingEvent(t.database.db, { startsInDays: -1, presenterEmail: "stls@kent.example", courseTitle: "Making Sense of Autism" });
    const [came, absent, unmarked] = await book(eventId, [
      { name: "Łucja Wójcik-Öztürk", email: "lucja@oakfield.example" },
      { name: "Eve Absent", email: "eve@oakfield.example" },
      { name: "Fay Unmarked", email: "fay@riverside.example", school: "riverside" },
    ]);
    const fields = await registerBody(stls, eventId, { [came!]: "yes", [absent!]: "no" });
    const saved = await postRegister(stls, eventId, fields);
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/training/events/${eventId}/attendees?saved=1&asked=1`);
    const page = mainText((await stls.get(saved.location!)).text);
    expect(page).toContain("The register has been saved. 1 person who attended has been sent a link to evaluate the course.");
    // The same form again: nothing more written, no second email.
    const again = await postRegister(stls, eventId, fields);
    expect(again.status).toBe(302);
    const rows = await t.database.db.selectFrom("training_bookings").select(["id", "attended", "version"]).where("event_id", "=", eventId).orderBy("id").execute();
    expect(rows.map((r) => r.attended)).toEqual([true, false, null]);
    const events = await t.database.db.selectFrom("training_booking_events").select(["training_booking_id", "action", "comment"]).where("training_booking_id", "in", [came!, absent!, unmarked!]).execute();
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.action === "attendance_marked")).toBe(true);
    expect((await t.database.db.selectFrom("email_outbox").select("id").where("to_address", "=", "lucja@oakfield.example").execute()).length).toBe(1);
    expect(await tokenFor("eve@oakfield.example")).toBeUndefined();
    const audit = await t.database.db.selectFrom("audit_events").select("detail").where("action", "=", "training.attendance_marked").where("subject_id", "=", String(eventId)).execute();
    expect(audit).toHaveLength(1);
  });

  it("refuses a register sent from an old page when someone else marked the person differently, saving none of it", async () => {
    const eventId = await createTrainingEvent(t.database.db, { startsInDays: 0, presenterEmail: "stls@kent.example" });
    const [a, b] = await book(eventId, [
      { name: "Gus Early", email: "gus@oakfield.example" },
      { name: "Hal Late", email: "hal@oakfield.example" },
    ]);
    const old = await registerBody(stls, eventId, { [a!]: "yes", [b!]: "yes" });
    expect((await postRegister(officer, eventId, await registerBody(officer, eventId, { [a!]: "no" }))).status).toBe(302);
    const refused = await postRegister(stls, eventId, old);
    expect(refused.status).toBe(409);
    expect(mainText(refused.text)).toContain("Someone else changed this record while you were working on it: Gus Early was marked as did not attend.");
    expect(title(refused.text)).toMatch(/^Error: /);
    // What was chosen is kept for Hal; Gus shows what is stored now.
    const kept = pageForms(refused.text, `/training/events/${eventId}/attendees`).find((f) => f.fields.some(([name]) => name.startsWith("marks[")))!.fields;
    expect(kept).toContainEqual(["marks[1].attended", "yes"]);
    expect(kept).toContainEqual(["marks[0].attended", "no"]);
    const rows = await t.database.db.selectFrom("training_bookings").select("attended").where("event_id", "=", eventId).orderBy("id").execute();
    expect(rows.map((r) => r.attended)).toEqual([false, null]);
    // Today, but not yet ended: no evaluation links yet.
    expect(await tokenFor("gus@oakfield.example")).toBeUndefined();
  });

  it("refuses marking before the day and on a cancelled event, with a clear message", async () => {
    const future = await createTrainingEvent(t.database.db, { startsInDays: 3 });
    const [f] = await book(future, [{ name: "Ivy Future", email: "ivy@oakfield.example" }]);
    const early = await officer.post(`/training/events/${future}/attendees`, { "marks[0].bookingId": String(f), "marks[0].version": "1", "marks[0].attended": "yes" });
    expect(early.status).toBe(409);
    expect(mainText(early.text)).toContain("Attendance can be marked from the day of the event");
    const cancelled = await createTrainingEvent(t.database.db, { startsInDays: -2, status: "cancelled" });
    const [c] = await book(cancelled, [{ name: "Jo Cancelled", email: "jo@oakfield.example" }]);
    const refused = await officer.post(`/training/events/${cancelled}/attendees`, { "marks[0].bookingId": String(c), "marks[0].version": "1", "marks[0].attended": "yes" });
    expect(refused.status).toBe(409);
    expect(mainText(refused.text)).toContain("This event was cancelled, so attendance cannot be marked.");
    const rows = await t.database.db.selectFrom("training_bookings").select("attended").where("id", "in", [f!, c!]).execute();
    expect(rows.every((r) => r.attended === null)).toBe(true);
    // A school user has no register at all; a booking of another event is refused whole.
    expect((await senco.post(`/training/events/${cancelled}/attendees`, { "marks[0].bookingId": String(c), "marks[0].version": "1", "marks[0].attended": "yes" })).status).toBe(404);
    const today = await createTrainingEvent(t.database.db, { startsInDays: 0 });
    const wrong = await officer.post(`/training/events/${today}/attendees`, { "marks[0].bookingId": String(f), "marks[0].version": "1", "marks[0].attended": "yes" });
    expect(wrong.status).toBe(409);
    expect(mainText(wrong.text)).toContain("no longer booked on this event");
  });
});

describe("the exports", () => {
  it("downloads the list as CSV and XLSX, formula-safe, audited", async () => {
    const eventId = await createTrainingEvent(t.database.db, { startsInDays: 1, presenterEmail: "stls@kent.example" });
    await book(eventId, [{ name: EVIL, email: "evil@oakfield.example" }, { name: "Kit Waiting", email: "kit@oakfield.example", status: "waiting" }]);
    const csv = await download(stls, `/training/events/${eventId}/attendees.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="attendees-event-\d+-\d{4}-\d\d-\d\d\.csv"$/);
    expect(csv.headers.get("x-content-type-options")).toBe("nosniff");
    const text = new TextDecoder().decode(csv.bytes);
    expect(text).toContain("list,position,name,role,school,urn,email,attendance");
    expect(text).toContain(`Booked,1,"'=HYPERLINK(""http://evil.example"",""Click"")",Teaching assistant,Oakfield Primary School,990001,evil@oakfield.example,Not marked`);
    expect(text).toContain("Waiting list,1,Kit Waiting");
    const xlsx = await download(officer, `/training/events/${eventId}/attendees.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsx.headers.get("content-disposition")).toMatch(/^attachment; filename=".*\.xlsx"$/);
    const files = unzipSync(xlsx.bytes);
    const sheet = strFromU8(files["xl/worksheets/sheet1.xml"]!);
    const strings = [...strFromU8(files["xl/sharedStrings.xml"]!).matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
    const cell = (ref: string) => {
      const c = new RegExp(`<c r="${ref}"([^>]*)>(.*?)</c>`).exec(sheet)!;
      return { text: c[1]!.includes('t="s"') ? strings[Number(/<v>(\d+)<\/v>/.exec(c[2]!)![1])] : /<v>([^<]*)<\/v>/.exec(c[2]!)?.[1], formula: c[2]!.includes("<f>") };
    };
    expect(cell("A1").text).toBe("list");
    // The name as typed, in a text cell: never a formula.
    expect(cell("C2")).toEqual({ text: EVIL, formula: false });
    expect(cell("B2").text).toBe("1");
    expect(cell("C3").text).toBe("Kit Waiting");
    expect(sheet).not.toContain("<f>");
    const audit = await t.database.db.selectFrom("audit_events").select("detail").where("action", "=", "training.attendees_export").where("subject_id", "=", String(eventId)).execute();
    expect(audit).toHaveLength(2);
  });
});

describe("evaluations", () => {
  let eventId: number;
  let bookings: number[];
  beforeAll(async () => {
    eventId = await createTrainingEvent(t.database.db, { startsInDays: -2, courseTitle: "Good Autism Practice" });
    bookings = await book(eventId, [
      { name: "Lee One", email: "lee@oakfield.example" },
      { name: "Max Two", email: "max@oakfield.example" },
      { name: "Ned Absent", email: "ned@oakfield.example" },
    ]);
    const fields = await registerBody(officer, eventId, { [bookings[0]!]: "yes", [bookings[1]!]: "yes", [bookings[2]!]: "no" });
    expect((await postRegister(officer, eventId, fields)).status).toBe(302);
  });

  it("takes one evaluation through the personal link, and says a second was already received", async () => {
    const { token, subject } = (await tokenFor("lee@oakfield.example"))!;
    expect(subject).toBe("How useful was Good Autism Practice?");
    const anonymous = new Browser(t.app.baseUrl);
    const page = await anonymous.get(`/training/evaluation/${token}`);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("Good Autism Practice");
    const empty = await anonymous.post(`/training/evaluation/${token}`, { willChange: "x" });
    expect(empty.status).toBe(400);
    expect(mainText(empty.text)).toContain("Select how useful the course was");
    const sent = await anonymous.post(`/training/evaluation/${token}`, { usefulness: "5", willChange: "Visual timetables", comments: "Great day" });
    expect(sent.status).toBe(302);
    expect(mainText((await anonymous.get(sent.location!)).text)).toContain("Evaluation received");
    const second = await anonymous.post(`/training/evaluation/${token}`, { usefulness: "1", comments: "Changed my mind" });
    expect(second.location).toBe(`/training/evaluation/${token}?sent=again`);
    expect(mainText((await anonymous.get(second.location!)).text)).toContain("already received");
    const stored = await t.database.db.selectFrom("training_evaluations").select(["usefulness", "comments"]).where("booking_id", "=", bookings[0]!).execute();
    expect(stored).toEqual([{ usefulness: 5, comments: "Great day" }]);
  });

  it("sends no link to someone absent, refuses a link whose booking is now absent, and one that has expired", async () => {
    expect(await tokenFor("ned@oakfield.example")).toBeUndefined();
    const anonymous = new Browser(t.app.baseUrl);
    expect((await anonymous.get(`/training/evaluation/${"a".repeat(32)}`)).status).toBe(404);
    expect((await anonymous.post(`/training/evaluation/${"a".repeat(32)}`, { usefulness: "3" })).status).toBe(404);
    // Max was marked in error: the register now says absent, and his link no longer takes an evaluation.
    const { token } = (await tokenFor("max@oakfield.example"))!;
    expect((await postRegister(officer, eventId, await registerBody(officer, eventId, { [bookings[1]!]: "no" }))).status).toBe(302);
    expect((await anonymous.get(`/training/evaluation/${token}`)).status).toBe(403);
    const refused = await anonymous.post(`/training/evaluation/${token}`, { usefulness: "4" });
    expect(refused.status).toBe(409);
    expect(mainText(refused.text)).toContain("does not show you as having attended");
    // Marked as attended again (the link is kept), then the link expires.
    expect((await postRegister(officer, eventId, await registerBody(officer, eventId, { [bookings[1]!]: "yes" }))).status).toBe(302);
    expect((await anonymous.get(`/training/evaluation/${token}`)).status).toBe(200);
    await t.database.db
      .updateTable("training_evaluation_links")
      .set({ created_at: new Date(Date.now() - 61 * 86_400_000), expires_at: new Date(Date.now() - 86_400_000) })
      .where("booking_id", "=", bookings[1]!)
      .execute();
    const expired = await anonymous.get(`/training/evaluation/${token}`);
    expect(expired.status).toBe(410);
    expect(mainText(expired.text)).toContain("This evaluation link has expired");
    expect((await anonymous.post(`/training/evaluation/${token}`, { usefulness: "4" })).status).toBe(409);
    expect(await t.database.db.selectFrom("training_evaluations").select("id").where("booking_id", "=", bookings[1]!).execute()).toEqual([]);
  });

  it("shows the officer the event's results", async () => {
    const extra = await book(eventId, [{ name: "Olu Three", email: "olu@oakfield.example" }]);
    await t.database.db.updateTable("training_bookings").set({ attended: true, attendance_marked_by: ids.senco, attendance_marked_at: new Date() }).where("id", "=", extra[0]!).execute();
    await t.database.db.insertInto("training_evaluations").values({ booking_id: extra[0]!, event_id: eventId, usefulness: 2, will_change: null, comments: "Too fast" }).execute();
    const page = await officer.get(`/training/events/${eventId}/evaluations`);
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain("Evaluations received 2");
    expect(text).toContain("Average usefulness 3.5 out of 5");
    expect(text).toMatch(/5 out of 5 1 4 out of 5 0 3 out of 5 0 2 out of 5 1 1 out of 5 0/);
    expect(text).toContain("Visual timetables");
    expect(text).toContain("Great day");
    expect(text).toContain("Too fast");
    expect((await stls.get(`/training/events/${eventId}/evaluations`)).status).toBe(404);
    expect((await senco.get(`/training/events/${eventId}/evaluations`)).status).toBe(404);
  });
});

describe("certificates", () => {
  it("shows an attended booking's certificate to its school, the council and the presenter, as a page and a PDF", async () => {
    const eventId = await createTrainingEvent(t.database.db, { startsInDays: -3, presenterEmail: "stls@kent.example", courseTitle: "Leading Good Autism Practice" });
    const [came, absent] = await book(eventId, [
      { name: "Łucja Wójcik-Öztürk", email: "lucja2@oakfield.example" },
      { name: "Pat Absent", email: "pat@oakfield.example" },
    ]);
    expect((await postRegister(officer, eventId, await registerBody(officer, eventId, { [came!]: "yes", [absent!]: "no" }))).status).toBe(302);
    for (const browser of [senco, officer, stls]) {
      const page = await browser.get(`/training/certificates/${came}`);
      expect(page.status).toBe(200);
      const text = mainText(page.text);
      expect(text).toContain("Łucja Wójcik-Öztürk");
      expect(text).toContain("Leading Good Autism Practice");
      expect(text).toContain("CPD hours 3 hours");
    }
    const pdf = await download(senco, `/training/certificates/${came}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toBe(`attachment; filename="certificate-${came}.pdf"`);
    const text = await pdfText(pdf.bytes);
    expect(text).toContain("Certificate of attendance");
    expect(text).toContain("Łucja Wójcik-Öztürk");
    expect(text).toContain("Leading Good Autism Practice");
    expect(text).toContain("CPD: 3 hours");
    // The Inclusion Champion assigned to Oakfield sees it too (ADR 40); a Riverside booking's they do not.
    const champion = new Browser(t.app.baseUrl);
    await champion.signIn("champion@kent.example");
    expect((await champion.get(`/training/certificates/${came}`)).status).toBe(200);
    const [riverside] = await book(eventId, [{ name: "Rae Riverside", email: "rae@riverside.example", school: "riverside" }]);
    await t.database.db.updateTable("training_bookings").set({ attended: true, attendance_marked_by: ids.senco, attendance_marked_at: new Date() }).where("id", "=", riverside!).execute();
    expect((await champion.get(`/training/certificates/${riverside}`)).status).toBe(404);
    expect((await senco.get(`/training/certificates/${riverside}`)).status).toBe(404);
    expect((await riversideSenco.get(`/training/certificates/${riverside}`)).status).toBe(200);
    for (const browser of [riversideSenco, otherStls]) {
      expect((await browser.get(`/training/certificates/${came}`)).status).toBe(404);
      expect((await download(browser, `/training/certificates/${came}.pdf`)).status).toBe(404);
    }
    expect((await senco.get(`/training/certificates/${absent}`)).status).toBe(404);
    expect((await download(officer, `/training/certificates/${absent}.pdf`)).status).toBe(404);
  });
});
