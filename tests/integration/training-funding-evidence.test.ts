import { beforeAll, describe, expect, it } from "vitest";
import { insertFundingRequests, typicalPlan } from "../../db/seed/funding.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { formBody, pageForms } from "../setup/forms.ts";
import { requestOf } from "../setup/inventory.ts";
import { createTrainingEvent } from "../setup/training.ts";

// Issue 9, joined to funding: a High Needs Funding request's evidence about staff training shows the school's
// attendance records of the last two years (about the pupil's area of need first, then "Other training"), the
// SENCO cites them with the evidence section, and the officer sees each cited record with whether it really counts.

const t = seededApp();
const db = () => t.database.db;
let senco: Browser;
let officer: Browser;
const ids = { oakfield: 0, riverside: 0, senco: 0, head: 0, officer: 0, isla: 0, hnf: 0 };
/** Attendance records (booking ids): Oakfield's about communication 30 days ago, about SEMH 100 days ago, three
 * years ago, not attended, one booked but not yet marked, and one of Riverside's. */
const booking = { recent: 0, semh: 0, old: 0, absent: 0, unmarked: 0, riverside: 0 };

async function attendance(event: number, schoolId: number, name: string, attended: boolean | null) {
  const row = await db()
    .insertInto("training_bookings")
    .values({
      event_id: event,
      school_id: schoolId,
      status: "booked",
      attendee_name: name,
      attendee_role: "Teaching assistant",
      attendee_email: `${name.toLowerCase().replace(/\W+/g, ".")}@school.example`,
      booked_by: ids.senco,
      attended,
      attendance_marked_by: attended === null ? null : ids.officer,
      attendance_marked_at: attended === null ? null : new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A draft HNF request of Oakfield's for Isla Foster (primary need SLCN: communication and interaction). */
async function draft(): Promise<string> {
  const reply = await senco.post("/funding/new", {
    schemeId: String((await db().selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow()).id),
    idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}`,
  });
  const reference = /\/funding\/([A-Z]+-\d{4}-\d{5})\/edit/.exec(reply.location ?? "")![1]!;
  await db().updateTable("funding_requests").set({ pupil_id: ids.isla }).where("reference", "=", reference).execute();
  return reference;
}

const citedOf = async (reference: string) =>
  (
    await db()
      .selectFrom("funding_request_training_citations")
      .innerJoin("funding_requests", "funding_requests.id", "funding_request_training_citations.funding_request_id")
      .select("training_booking_id")
      .where("funding_requests.reference", "=", reference)
      .orderBy("training_booking_id")
      .execute()
  ).map((r) => r.training_booking_id);

/** Sends the evidence section as the page draws it, with these records ticked. */
async function saveEvidence(reference: string, ticked: number[], extra: Record<string, string> = {}) {
  const path = `/funding/${reference}/edit/evidence`;
  const page = await senco.get(path);
  const form = pageForms(page.text, path).find((f) => f.fields.some(([name]) => name === "trainingCitationsShown"))!;
  const fields: [string, string][] = [
    ...form.fields.filter(([name]) => name !== "trainingCitations"),
    ...ticked.map((id): [string, string] => ["trainingCitations", String(id)]),
  ];
  return senco.request("POST", path, {
    body: formBody(fields, { intent: "save", ...extra }),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: t.app.baseUrl },
  });
}

beforeAll(async () => {
  senco = new Browser(t.app.baseUrl);
  await senco.signIn("senco@oakfield.example");
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
  const school = async (urn: string) => (await db().selectFrom("schools").select("id").where("urn", "=", urn).executeTakeFirstOrThrow()).id;
  const user = async (email: string) => (await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  Object.assign(ids, {
    oakfield: await school("990001"),
    riverside: await school("990002"),
    senco: await user("senco@oakfield.example"),
    officer: await user("officer@kent.example"),
    head: await user("head@oakfield.example"),
    hnf: (await db().selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow()).id,
    isla: (await db().selectFrom("pupils").select("id").where("last_name", "=", "Foster").where("first_name", "=", "Isla").executeTakeFirstOrThrow()).id,
  });
  const communication = await createTrainingEvent(db(), { courseTitle: "Good Autism Practice", startsInDays: -30 });
  const semh = await createTrainingEvent(db(), { courseTitle: "Nurture groups in practice", startsInDays: -100 });
  const semhCourse = (await db().selectFrom("training_events").select("course_id").where("id", "=", semh).executeTakeFirstOrThrow()).course_id;
  await db().deleteFrom("training_course_need_areas").where("course_id", "=", semhCourse).execute();
  await db().insertInto("training_course_need_areas").values({ course_id: semhCourse, need_area: "Social, emotional and mental health" }).execute();
  const old = await createTrainingEvent(db(), { courseTitle: "Making Sense of Autism (old)", startsInDays: -3 * 365 });
  booking.recent = await attendance(communication, ids.oakfield, "Jo Recent", true);
  booking.absent = await attendance(communication, ids.oakfield, "Sam Absent", false);
  booking.unmarked = await attendance(communication, ids.oakfield, "Lee Unmarked", null);
  booking.riverside = await attendance(communication, ids.riverside, "Rita Riverside", true);
  booking.semh = await attendance(semh, ids.oakfield, "Nia Nurture", true);
  booking.old = await attendance(old, ids.oakfield, "Olly Old", true);
});

describe("the evidence section's staff training", () => {
  it("shows the school's attended training of the last two years, about the pupil's need first, then the other training", async () => {
    const reference = await draft();
    const page = await senco.get(`/funding/${reference}/edit/evidence`);
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain("Staff training to cite as evidence");
    const about = text.indexOf("About Communication and interaction");
    const other = text.indexOf("Other training");
    expect(about).toBeGreaterThan(-1);
    expect(text.indexOf("Good Autism Practice: Jo Recent")).toBeGreaterThan(about);
    expect(text.indexOf("Nurture groups in practice: Nia Nurture")).toBeGreaterThan(other);
    expect(other).toBeGreaterThan(text.indexOf("Jo Recent"));
    for (const hidden of ["Sam Absent", "Lee Unmarked", "Rita Riverside", "Olly Old"]) expect(text).not.toContain(hidden);
  });

  it("saves the records cited with the section, keeps them in the draft, and clears them when none are ticked", async () => {
    const reference = await draft();
    const saved = await saveEvidence(reference, [booking.recent, booking.semh], { "evidence.staff-training": "See the records cited" });
    expect(saved.status, mainText(saved.text)).toBe(302);
    expect(await citedOf(reference)).toEqual([booking.recent, booking.semh].sort((a, b) => a - b));
    const again = await senco.get(`/funding/${reference}/edit/evidence`);
    const form = pageForms(again.text, `/funding/${reference}/edit/evidence`).find((f) => f.fields.some(([name]) => name === "trainingCitationsShown"))!;
    expect(form.fields.filter(([name]) => name === "trainingCitations").map(([, v]) => Number(v)).sort((a, b) => a - b)).toEqual(await citedOf(reference));
    // The check-answers page shows them as the council will see them.
    const check = await senco.get(`/funding/${reference}/check`);
    expect(mainText(check.text)).toContain("Staff training cited");
    expect(mainText(check.text)).toContain("Jo Recent");
    expect((await saveEvidence(reference, [])).status).toBe(302);
    expect(await citedOf(reference)).toEqual([]);
  });

  it("refuses another school's, an unattended, an unmarked or an old record with a field error, keeping what was cited", async () => {
    const reference = await draft();
    expect((await saveEvidence(reference, [booking.recent])).status).toBe(302);
    for (const id of [booking.riverside, booking.absent, booking.unmarked, booking.old, 99_999_999]) {
      const refused = await saveEvidence(reference, [booking.semh, id], { "evidence.staff-training": `Tried ${id}` });
      expect(refused.status, String(id)).toBe(400);
      expect(title(refused.text)).toMatch(/^Error: /);
      expect(mainText(refused.text)).toContain("Only your school's attendance records from the last two years can be cited");
      expect(await citedOf(reference)).toEqual([booking.recent]);
    }
    // The rest of the section was saved (as a draft save saves every answer it can).
    const saved = await db().selectFrom("funding_requests").select("evidence").where("reference", "=", reference).executeTakeFirstOrThrow();
    const evidence = saved.evidence as Record<string, string>;
    expect(evidence["staff-training"]).toBe("Tried 99999999");
    const odd = await saveEvidence(reference, [booking.recent], { trainingCitations: "1e3" });
    expect(odd.status).toBe(400);
    expect(mainText(odd.text)).toContain("Select training records from the list");
  });
});

describe("what the officer sees", () => {
  it("shows each cited record with whether the attendance is confirmed, never another school's details", async () => {
    const reference = await requestOf(t.database, "990001", "submitted");
    const request = await db().selectFrom("funding_requests").select(["id", "pupil_id"]).where("reference", "=", reference).executeTakeFirstOrThrow();
    // Cited while they counted, or written before attendance was corrected: each is shown as it stands today.
    await db()
      .insertInto("funding_request_training_citations")
      .values(
        [booking.recent, booking.semh, booking.old, booking.absent, booking.riverside].map((id) => ({ funding_request_id: request.id, training_booking_id: id })),
      )
      .execute();
    for (const path of [`/funding/${reference}`, `/funding/${reference}/decide`]) {
      const page = await officer.get(path);
      expect(page.status, path).toBe(200);
      const text = mainText(page.text);
      expect(text).toContain("Staff training cited");
      expect(text).toMatch(/Good Autism Practice Jo Recent \(Teaching assistant\) .*? Confirmed/);
      expect(text).toMatch(/Making Sense of Autism \(old\) Olly Old .*? Not confirmed: more than two years ago/);
      expect(text).toMatch(/Sam Absent .*? Not found: attendance not recorded/);
      expect(text).not.toContain("Rita Riverside");
      expect(text.match(/Not found: attendance not recorded/g)).toHaveLength(2);
    }
    // The school sees the same on its request's page.
    expect(mainText((await senco.get(`/funding/${reference}`)).text)).toContain("Jo Recent");
  });
});

describe("Apply again", () => {
  it("carries over the cited records that still count, and no others", async () => {
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
    const [y, m] = today.split("-").map(Number) as [number, number];
    const fy = m >= 4 ? y : y - 1;
    const pupil = await db()
      .insertInto("pupils")
      .values({
        school_id: ids.oakfield,
        first_name: "Quinn",
        last_name: "Renewal",
        date_of_birth: "2017-05-04",
        upn: null,
        year_group: "4",
        sen_provision: "K",
        primary_need: "ASD",
        date_added: "2024-09-01",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const before = (await db().selectFrom("funding_requests").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0;
    await insertFundingRequests(db(), [
      {
        schoolId: ids.oakfield,
        schemeId: ids.hnf,
        schemeCode: "HNF",
        pupilId: pupil.id,
        status: "approved",
        sencoId: ids.senco,
        headId: ids.head,
        officerId: ids.officer,
        periodStart: `${fy - 1}-09-01`,
        periodEnd: `${fy}-03-31`,
        requestedPence: 500_000,
        lines: typicalPlan(500_000),
        evidence: {},
        startedAt: new Date(Date.now() - 200 * 86_400_000),
      },
    ]);
    const award = await db().selectFrom("funding_requests").select(["id", "reference"]).where("id", ">", Number(before)).executeTakeFirstOrThrow();
    await db()
      .insertInto("funding_request_training_citations")
      .values([booking.recent, booking.old, booking.absent].map((id) => ({ funding_request_id: award.id, training_booking_id: id })))
      .execute();
    const renewPage = await senco.get(`/funding/${award.reference}/renew`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(renewPage.text)?.[1];
    expect(key, mainText(renewPage.text)).toBeTruthy();
    const renewed = await senco.post(`/funding/${award.reference}/renew`, { idempotencyKey: key! });
    expect(renewed.status, mainText(renewed.text)).toBe(302);
    const renewal = /^\/funding\/([^/]+)\/edit/.exec(renewed.location!)![1]!;
    expect(await citedOf(renewal)).toEqual([booking.recent]);
  });
});
