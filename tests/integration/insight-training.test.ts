import { parse } from "csv-parse/sync";
import readXlsxFile from "read-excel-file/node";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { currentFinancialYear } from "../../app/domain/financial-year.ts";
import { SUPPRESSED } from "../../app/domain/insight/disclosure.server.ts";
import { ONLINE, trainingInsight } from "../../app/domain/insight/training.server.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";
import { createTrainingEvent } from "../setup/training.ts";

// Issue 13's training dashboard: a year's published events by programme and by district held in, with places
// offered, booked, attended and waiting, and the average evaluation, withheld over fewer than 5.

const t = seededApp();
const db = () => t.database.db;
let officer: Browser;
const year = currentFinancialYear();
let heldIn: { maidstone: number; online: number };

/** Books `people` on an event, the first `attended` of them marked as there, each of the first `evaluated` evaluating it. */
async function book(eventId: number, people: { booked: number; waiting: number; attended: number; evaluated: number; usefulness: number }) {
  const school = await db().selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow();
  const by = await db().selectFrom("users").select("id").where("email", "=", "senco@oakfield.example").executeTakeFirstOrThrow();
  for (let i = 0; i < people.booked + people.waiting; i++) {
    const attended = i < people.attended;
    const booking = await db()
      .insertInto("training_bookings")
      .values({
        event_id: eventId,
        school_id: school.id,
        status: i < people.booked ? "booked" : "waiting",
        attendee_name: `Person ${i}`,
        attendee_role: "Teacher",
        attendee_email: `p${eventId}-${i}@oakfield.example`,
        booked_by: by.id,
        attended: attended ? true : null,
        attendance_marked_by: attended ? by.id : null,
        attendance_marked_at: attended ? new Date() : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (i < people.evaluated) await db().insertInto("training_evaluations").values({ booking_id: booking.id, event_id: eventId, usefulness: people.usefulness }).execute();
  }
}

beforeAll(async () => {
  const venue = await createTrainingEvent(db(), { courseTitle: "Insight venue course", startsInDays: -3, places: 20 });
  await book(venue, { booked: 12, waiting: 0, attended: 10, evaluated: 0, usefulness: 4 });
  const online = await createTrainingEvent(db(), { courseTitle: "Insight online course", startsInDays: -2, places: 8, online: true });
  await book(online, { booked: 8, waiting: 3, attended: 7, evaluated: 2, usefulness: 5 });
  // A draft and a cancelled event are not offered places.
  await createTrainingEvent(db(), { courseTitle: "Insight draft course", status: "draft", places: 50 });
  await createTrainingEvent(db(), { courseTitle: "Insight cancelled course", status: "cancelled", places: 50 });
  heldIn = { maidstone: venue, online };
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
});

describe("the training dashboard", () => {
  it("counts the year's published events' places, bookings, attendance and waiting lists by programme and district, as the rows do", async () => {
    const insight = await trainingInsight(db(), await actorForEmail(db(), "officer@kent.example"), year);
    const events = await db()
      .selectFrom("training_events")
      .select(["id", "places", "district_id"])
      .where("status", "=", "published")
      .where("starts_at", ">=", new Date(`${year}-04-01T00:00:00+01:00`))
      .where("starts_at", "<", new Date(`${year + 1}-04-01T00:00:00+01:00`))
      .execute();
    const bookings = await db().selectFrom("training_bookings").select(["event_id", "status", "attended"]).where("event_id", "in", events.map((e) => e.id)).execute();
    expect(insight.kent.events).toBe(events.length);
    expect(insight.kent.places).toBe(events.reduce((n, e) => n + e.places, 0));
    expect(insight.kent.booked).toBe(bookings.filter((b) => b.status === "booked").length);
    expect(insight.kent.attended).toBe(bookings.filter((b) => b.attended).length);
    expect(insight.kent.waiting).toBe(bookings.filter((b) => b.status === "waiting").length);
    const online = insight.byDistrict.find((l) => l.name === ONLINE)!;
    const onlineEvents = events.filter((e) => e.district_id === null);
    expect(online.places).toBe(onlineEvents.reduce((n, e) => n + e.places, 0));
    expect(online.waiting).toBe(bookings.filter((b) => b.status === "waiting" && onlineEvents.some((e) => e.id === b.event_id)).length);
    expect(insight.byDistrict.reduce((n, l) => n + l.booked, 0)).toBe(insight.kent.booked);
    expect(insight.byProgramme.reduce((n, l) => n + l.places, 0)).toBe(insight.kent.places);
    expect(heldIn.online).toBeGreaterThan(heldIn.maidstone);
  });

  it("shows a programme's average evaluation only once it has 5 or more", async () => {
    const actor = await actorForEmail(db(), "officer@kent.example");
    const before = (await trainingInsight(db(), actor, year)).byProgramme.find((l) => l.name === "Test programme")!;
    // The two events of the tests' programme: 28 places, 20 booked, 17 there, 3 waiting, 2 evaluations (withheld).
    expect(before).toEqual({ name: "Test programme", events: 2, places: 28, booked: 20, attended: 17, waiting: 3, evaluations: 2, usefulness: SUPPRESSED });
    expect(mainText((await officer.get(`/council/insight/training?year=${year}`)).text)).toContain("Test programme 2 28 20 17 3 2 c");
    const attended = await db().selectFrom("training_bookings").select("id").where("event_id", "=", heldIn.maidstone).where("attended", "=", true).limit(6).execute();
    await db().insertInto("training_evaluations").values(attended.map((b) => ({ booking_id: b.id, event_id: heldIn.maidstone, usefulness: 4 }))).execute();
    const after = (await trainingInsight(db(), actor, year)).byProgramme.find((l) => l.name === "Test programme")!;
    // (6 × 4 + 2 × 5) / 8 = 4.25, to one place 4.3.
    expect([after.evaluations, after.usefulness]).toEqual([8, 4.3]);
    expect(mainText((await officer.get(`/council/insight/training?year=${year}`)).text)).toContain("Test programme 2 28 20 17 3 8 4.3");
  });

  it("downloads both tables as CSV and as a workbook, audited, and is for council officers only", async () => {
    const csv = await officer.get(`/council/insight/training.csv?year=${year}`);
    expect(csv.status).toBe(200);
    const rows: string[][] = parse(csv.text.replace(/^\uFEFF/, ""), { relax_column_count: true });
    expect(rows[0]).toEqual(["By programme"]);
    expect(rows[1]).toEqual(["programme", "events", "places_offered", "booked", "attended", "waiting", "evaluations", "average_usefulness_1_to_5"]);
    expect(rows.find((r) => r[0] === "Test programme")).toEqual(["Test programme", "2", "28", "20", "17", "3", "8", "4.3"]);
    expect(rows.some((r) => r[0] === "By district")).toBe(true);
    const reply = await fetch(`${t.app.baseUrl}/council/insight/training.xlsx?year=${year}`, { headers: { Cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
    const book = await readXlsxFile(Buffer.from(await reply.arrayBuffer()));
    expect(book.map((s) => s.sheet)).toEqual(["By programme", "By district", "About these figures"]);
    expect(book[0]!.data.find((r) => r[0] === "Test programme")).toEqual(["Test programme", 2, 28, 20, 17, 3, 8, 4.3]);
    expect(book[1]!.data.some((r) => r[0] === ONLINE)).toBe(true);
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "insight.export").execute();
    expect(audit).toHaveLength(2);
    for (const email of ["senco@oakfield.example", "stls@kent.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      for (const path of ["/council/insight/training", "/council/insight/training.csv", "/council/insight/training.xlsx"]) expect((await browser.get(path)).status).toBe(404);
    }
  });
});
