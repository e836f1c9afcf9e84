import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "../../app/domain/financial-year.ts";
import { londonInstant } from "../../app/domain/london-time.ts";
import { addDays } from "../../app/domain/stls/meeting-dates.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { createStlsSlot, createStlsTeacher, createStlsVisit, dateBoxes, userId } from "../setup/stls.ts";

// Issue 10, a specialist teacher's slots over HTTP: publishing one or several weeks (all or none), the refusals
// (in the past, end before start, a clinic without its topic, an overlap with their own open slot, named), a resend
// counted once, and withdrawing a free slot (not a booked one, not someone else's, not from a stale form).

const t = seededApp();
const db = () => t.database.db;
let tom: Browser;
let senco: Browser;
let other: Browser;

beforeAll(async () => {
  await createStlsTeacher(db(), "stls.two@kent.example");
  tom = new Browser(t.app.baseUrl);
  await tom.signIn("stls@kent.example");
  senco = new Browser(t.app.baseUrl);
  await senco.signIn("senco@oakfield.example");
  other = new Browser(t.app.baseUrl);
  await other.signIn("stls.two@kent.example");
});

const form = (days: number, fields: Record<string, string> = {}) => ({ kind: "visit", ...dateBoxes("date", days), startTime: "10:00", endTime: "11:00", place: "At the school", weeks: "1", ...fields });
const tomsSlots = async () => db().selectFrom("stls_slots").selectAll().where("teacher_user_id", "=", await userId(db(), "stls@kent.example")).orderBy("starts_at").execute();

describe("publishing slots", () => {
  it("publishes several weeks at once, at the same London time each week, and counts a resend once", async () => {
    const before = (await tomsSlots()).length;
    const fields = form(90, { startTime: "9:30", endTime: "10.45", weeks: "3" });
    const reply = await tom.post("/stls/slots/new", fields);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/stls/slots/new?published=3");
    expect(mainText((await tom.get(reply.location!)).text)).toContain("Your 3 slots have been published");
    const again = await tom.post("/stls/slots/new", fields);
    expect(again.status).toBe(302);
    const slots = await tomsSlots();
    expect(slots).toHaveLength(before + 3);
    const today = londonToday();
    const made = slots.filter((s) => +new Date(s.starts_at) >= +londonInstant(addDays(today, 90), "09:30")).slice(0, 3);
    expect(made.map((s) => +new Date(s.starts_at))).toEqual([90, 97, 104].map((d) => +londonInstant(addDays(today, d), "09:30")));
    expect(made.every((s) => +new Date(s.ends_at) - +new Date(s.starts_at) === 75 * 60_000)).toBe(true);
    const audit = await db().selectFrom("audit_events").select("action").where("action", "=", "stls_slot.published").execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    // Tom's slots page lists them.
    expect(mainText((await tom.get("/stls")).text)).toContain("Your published slots");
  });

  it("refuses what cannot be a slot, saying what to do, and saves nothing", async () => {
    const before = (await tomsSlots()).length;
    const past = await tom.post("/stls/slots/new", form(-1));
    expect(past.status).toBe(400);
    expect(title(past.text)).toMatch(/^Error: /);
    expect(mainText(past.text)).toContain("The slot must start in the future");
    const backwards = await tom.post("/stls/slots/new", form(91, { startTime: "14:00", endTime: "13:00" }));
    expect(mainText(backwards.text)).toContain("The end time must be after the start time");
    expect(backwards.text).toContain('value="14:00"');
    const clinic = await tom.post("/stls/slots/new", form(91, { kind: "clinic" }));
    expect(mainText(clinic.text)).toContain("Enter the clinic's topic");
    const weeks = await tom.post("/stls/slots/new", form(91, { weeks: "13" }));
    expect(mainText(weeks.text)).toContain("Enter how many weeks as a whole number from 1 to 12");
    const time = await tom.post("/stls/slots/new", form(91, { startTime: "25:00" }));
    expect(mainText(time.text)).toContain("Enter the start time as a time like 09:30 or 2:30pm");
    const long = await tom.post("/stls/slots/new", form(91, { place: "x".repeat(301) }));
    expect(mainText(long.text)).toContain("The place must be 300 characters or fewer");
    expect(await tomsSlots()).toHaveLength(before);
  });

  it("refuses an overlap with the teacher's own open slot, naming it, and publishes none of a run that has one", async () => {
    await createStlsSlot(db(), { startsInDays: 122, time: "10:00", minutes: 60 });
    const before = (await tomsSlots()).length;
    // Three weeks from day 108: the third (day 122) overlaps 10:00 to 11:00.
    const reply = await tom.post("/stls/slots/new", form(108, { startTime: "10:30", endTime: "11:30", weeks: "3" }));
    expect(reply.status).toBe(400);
    const [year, month, day] = addDays(londonToday(), 122).split("-").map(Number) as [number, number, number];
    const when = new Date(Date.UTC(year, month - 1, day)).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    expect(mainText(reply.text)).toContain(`You already have a slot on ${when} from 10:00 to 11:00`);
    expect(await tomsSlots()).toHaveLength(before);
    // Another teacher's slot at the same time is no clash for Tom; the other teacher can publish theirs.
    expect((await other.post("/stls/slots/new", form(122))).status).toBe(302);
    // Right after the existing slot is fine.
    expect((await tom.post("/stls/slots/new", form(122, { startTime: "11:00", endTime: "12:00" }))).status).toBe(302);
  });

  it("is the specialist teachers' page only", async () => {
    expect((await senco.get("/stls/slots/new")).status).toBe(404);
    expect((await senco.post("/stls/slots/new", form(95))).status).toBe(404);
  });
});

describe("withdrawing a slot", () => {
  it("withdraws a free slot after the confirm step, once", async () => {
    const id = await createStlsSlot(db(), { startsInDays: 130 });
    const page = await tom.get(`/stls/slots/${id}?confirm=withdraw`);
    expect(mainText(page.text)).toContain("Are you sure you want to withdraw your slot");
    const reply = await tom.post(`/stls/slots/${id}`, { intent: "withdraw", version: "1" });
    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/stls?done=withdrawn");
    expect((await tom.post(`/stls/slots/${id}`, { intent: "withdraw", version: "1" })).status).toBe(302);
    const row = await db().selectFrom("stls_slots").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect([row.status, row.version]).toEqual(["withdrawn", 2]);
    // Its time is free again.
    expect((await tom.post("/stls/slots/new", form(130))).status).toBe(302);
  });

  it("refuses a booked slot, a stale form, and another teacher's slot", async () => {
    const booked = await createStlsSlot(db(), { startsInDays: 131 });
    await createStlsVisit(db(), booked);
    const refused = await tom.post(`/stls/slots/${booked}`, { intent: "withdraw", version: "1" });
    expect(refused.status).toBe(409);
    expect(mainText(refused.text)).toContain("has a booking, so it cannot be withdrawn: cancel the visit first");
    const id = await createStlsSlot(db(), { startsInDays: 132 });
    await db().updateTable("stls_slots").set({ version: 2 }).where("id", "=", id).execute();
    const stale = await tom.post(`/stls/slots/${id}`, { intent: "withdraw", version: "1" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record");
    expect((await other.get(`/stls/slots/${id}`)).status).toBe(404);
    expect((await other.post(`/stls/slots/${id}`, { intent: "withdraw", version: "2" })).status).toBe(404);
    expect((await db().selectFrom("stls_slots").select("status").where("id", "in", [booked, id]).execute()).map((r) => r.status)).toEqual(["open", "open"]);
  });
});
