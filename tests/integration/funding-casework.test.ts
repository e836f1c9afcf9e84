import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { bankHolidays, dueOnFor, officersToldOf } from "../../app/domain/funding/casework/areas.server.ts";
import { addWorkingDays } from "../../app/domain/funding/casework/service-level.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";
import { OAKFIELD, RIVERSIDE, requestOf } from "../setup/inventory.ts";

// Council casework (issue 8, ADR 30): officers by area (who is told, who may assign), service levels in working
// days, the queue's due dates, order, filters, search and CSV, and private case notes the school never sees.

const t = seededApp();
const browsers = new Map<string, Browser>();
const ids = new Map<string, number>();
const HELEN = "officer@kent.example"; // West and North: Oakfield (Maidstone) is West
const KWAME = "officer.east@kent.example"; // East and South: Riverside (Thanet) is East
const SENCO = "senco@oakfield.example";
const HEAD = "head@oakfield.example";
const COLLEAGUE = "officer.west2@kent.example";

const as = (email: string) => browsers.get(email)!;
const db = () => t.database.db;

async function request(reference: string) {
  return db().selectFrom("funding_requests").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
}

/** The queue's rows as text, one per request. */
function rowsOf(html: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? "";
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => mainText(m[1]!));
}
const refsOf = (html: string) => rowsOf(html).map((row) => /\b[A-Z]{2,6}-\d{4}-\d{5,}\b/.exec(row)![0]);

beforeAll(async () => {
  // A second officer of the West area, to be assigned to by Helen.
  const user = await db()
    .insertInto("users")
    .values({ email: COLLEAGUE, display_name: "Olu Bright", password_hash: (await db().selectFrom("users").select("password_hash").where("email", "=", HELEN).executeTakeFirstOrThrow()).password_hash })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db().insertInto("memberships").values({ user_id: user.id, role: "council_officer", school_id: null, district_id: null }).execute();
  await db().insertInto("officer_areas").values({ user_id: user.id, area: "West" }).execute();
  for (const email of [HELEN, KWAME, SENCO, HEAD, COLLEAGUE, "head@riverside.example", "senco@riverside.example"]) {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(email);
    browsers.set(email, browser);
    ids.set(email, (await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id);
  }
});

describe("officers work by area", () => {
  it("tells only the officers of the school's area when a request reaches the council, and sets its due date", async () => {
    for (const [urn, head, told, notTold] of [
      [OAKFIELD, HEAD, HELEN, KWAME],
      [RIVERSIDE, "head@riverside.example", KWAME, HELEN],
    ] as const) {
      const reference = await requestOf(t.database, urn, "awaiting_headteacher");
      const row = await request(reference);
      expect((await as(head).post(`/funding/${reference}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: String(row.version), comment: "" })).status).toBe(302);
      const toldOf = async (email: string) =>
        (await db().selectFrom("notifications").select("id").where("user_id", "=", ids.get(email)!).where("link", "=", `/funding/${reference}`).execute()).length;
      expect(await toldOf(told)).toBe(1);
      expect(await toldOf(notTold)).toBe(0);
      const signed = await request(reference);
      expect(signed.due_on).toBe(addWorkingDays(londonToday(), 20, await bankHolidays(db())));
    }
  });

  it("tells every officer of a request from an area nobody works in", async () => {
    const riverside = await db().selectFrom("schools").select("id").where("urn", "=", RIVERSIDE).executeTakeFirstOrThrow();
    expect(await officersToldOf(db(), riverside.id)).toEqual([ids.get(KWAME)]);
    await db().transaction().execute(async (trx) => {
      await trx.deleteFrom("officer_areas").where("user_id", "=", ids.get(KWAME)!).execute();
      const everyone = await officersToldOf(trx, riverside.id);
      expect(everyone.sort()).toEqual([ids.get(HELEN), ids.get(KWAME), ids.get(COLLEAGUE)].sort());
      throw new Error("rolled back");
    }).catch((e: Error) => expect(e.message).toBe("rolled back"));
    expect(await officersToldOf(db(), riverside.id)).toEqual([ids.get(KWAME)]);
  });
});

describe("working days", () => {
  it("reads England's bank holidays from the table and each scheme's target", async () => {
    const holidays = await bankHolidays(db());
    expect(holidays.has("2026-12-28")).toBe(true); // Boxing Day, substitute
    expect(holidays.has("2028-01-03")).toBe(true);
    expect(holidays.size).toBe(32);
    const hnf = await db().selectFrom("funding_schemes").select(["id", "target_working_days"]).where("code", "=", "HNF").executeTakeFirstOrThrow();
    expect(hnf.target_working_days).toBe(20);
    expect(await dueOnFor(db(), hnf.id, "2026-04-03")).toBe("2026-05-05"); // Good Friday, over Easter and early May
    expect(await dueOnFor(db(), hnf.id, "2026-12-18")).toBe("2027-01-20");
    await db().updateTable("funding_schemes").set({ target_working_days: 5 }).where("id", "=", hnf.id).execute();
    expect(await dueOnFor(db(), hnf.id, "2026-12-23")).toBe("2027-01-04");
    await db().updateTable("funding_schemes").set({ target_working_days: 20 }).where("id", "=", hnf.id).execute();
    await expect(db().updateTable("funding_schemes").set({ target_working_days: 0 }).where("id", "=", hnf.id).execute()).rejects.toThrow();
  });
});

describe("assigning a request", () => {
  it("lets an officer of the area take a request from the queue, on the timeline, counted once", async () => {
    const reference = await requestOf(t.database, OAKFIELD, "submitted");
    const before = await request(reference);
    expect(before.assigned_to).toBeNull();
    const queue = await as(HELEN).get("/funding?assigned=none");
    expect(queue.text).toContain(`value="${reference}:${before.version}"`);
    const form = { take: `${reference}:${before.version}`, back: "?status=awaiting_decision&assigned=none" };
    const taken = await as(HELEN).post("/funding", form);
    expect(taken.status).toBe(302);
    expect(taken.location).toBe(`/funding?status=awaiting_decision&assigned=none&taken=${reference}`);
    // Back on the queue as it was filtered, saying so.
    const back = await as(HELEN).get(taken.location!);
    expect(mainText(back.text)).toContain(`${reference} is now assigned to you.`);
    expect(back.text).toMatch(/<option value="none" selected="">Not assigned<\/option>/);
    const after = await request(reference);
    expect(after.assigned_to).toBe(ids.get(HELEN));
    expect(after.status).toBe(before.status);
    // Sent again (a double click): done once.
    expect((await as(HELEN).post("/funding", form)).status).toBe(302);
    const events = await db().selectFrom("funding_request_events").selectAll().where("funding_request_id", "=", after.id).where("action", "=", "assigned").execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.comment).toBe("Assigned to Helen Marsh");
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "funding_request.assigned").where("subject_id", "=", String(after.id)).execute();
    expect(audit).toHaveLength(1);
    // The queue says so; the request page's timeline too.
    const mine = rowsOf((await as(HELEN).get("/funding?assigned=me")).text);
    expect(mine.some((row) => row.includes(reference) && row.includes("You"))).toBe(true);
    expect(mainText((await as(HELEN).get(`/funding/${reference}`)).text)).toContain("Assigned to a council officer");
    // A form drawn before that change: refused, saying so.
    const stale = await as(HELEN).post(`/funding/${reference}/casework`, { intent: "assign", version: String(before.version), assignee: String(ids.get(COLLEAGUE)) });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record");
  });

  it("assigns to a colleague of the area, who is told; never to an officer of another area", async () => {
    const reference = await requestOf(t.database, OAKFIELD, "in_review");
    const row = await request(reference);
    const other = await as(HELEN).post(`/funding/${reference}/casework`, { intent: "assign", version: String(row.version), assignee: String(ids.get(KWAME)) });
    expect(other.status).toBe(400);
    expect(mainText(other.text)).toContain("Choose an officer of the West area");
    const page = await as(HELEN).get(`/funding/${reference}/casework`);
    expect(mainText(page.text)).toContain("Olu Bright");
    expect(mainText(page.text)).not.toContain("Kwame Mensah");
    const given = await as(HELEN).post(`/funding/${reference}/casework`, { intent: "assign", version: String(row.version), assignee: String(ids.get(COLLEAGUE)) });
    expect(given.status).toBe(302);
    expect((await request(reference)).assigned_to).toBe(ids.get(COLLEAGUE));
    const told = await db().selectFrom("notifications").select("message").where("user_id", "=", ids.get(COLLEAGUE)!).where("link", "=", `/funding/${reference}`).execute();
    expect(told.map((n) => n.message)).toEqual([`Funding request ${reference} has been assigned to you by Helen Marsh.`]);
    // Already theirs: said so.
    const again = await as(HELEN).post(`/funding/${reference}/casework`, { intent: "assign", version: String((await request(reference)).version), assignee: String(ids.get(COLLEAGUE)) });
    expect(again.status).toBe(409);
    expect(mainText(again.text)).toContain("already assigned to Olu Bright");
  });

  it("refuses an officer of another area, with a clear message, and anyone else with 404", async () => {
    const reference = await requestOf(t.database, OAKFIELD, "more_information_needed");
    const row = await request(reference);
    const mine = { intent: "assign", version: String(row.version), assignee: String(ids.get(KWAME)) };
    const refused = await as(KWAME).post(`/funding/${reference}/casework`, mine);
    expect(refused.status).toBe(409);
    expect(mainText(refused.text)).toContain("This request is from a school in the West area and you work in South and East, so you cannot assign it.");
    const fromQueue = await as(KWAME).post("/funding", { take: `${reference}:${row.version}` });
    expect(fromQueue.status).toBe(409);
    // Kwame's queue offers him no "Assign to me" on it.
    expect((await as(KWAME).get("/funding?status=any")).text).not.toContain(`value="${reference}:`);
    expect((await request(reference)).version).toBe(row.version);
    for (const email of [SENCO, HEAD]) {
      expect((await as(email).post(`/funding/${reference}/casework`, { ...mine, assignee: String(ids.get(email)) })).status).toBe(404);
      expect((await as(email).post("/funding", { take: `${reference}:${row.version}` })).status).toBe(404);
    }
    // A draft (not reached the council), an unknown reference: 404. A decided request: 409, it is not assigned.
    const draft = await request(await requestOf(t.database, OAKFIELD, "draft"));
    expect((await as(HELEN).post(`/funding/${draft.reference}/casework`, { intent: "assign", version: String(draft.version), assignee: String(ids.get(HELEN)) })).status).toBe(404);
    expect((await as(HELEN).post(`/funding/HNF-2026-99999/casework`, { intent: "assign", version: "1", assignee: String(ids.get(HELEN)) })).status).toBe(404);
    const decided = await request(await requestOf(t.database, OAKFIELD, "declined"));
    const late = await as(HELEN).post(`/funding/${decided.reference}/casework`, { intent: "assign", version: String(decided.version), assignee: String(ids.get(HELEN)) });
    expect(late.status).toBe(409);
    // Malformed: an assignee that is no number, a huge one, a version of letters.
    for (const bad of [{ assignee: "x" }, { assignee: "99999999999999" }, { version: "abc" }]) {
      expect((await as(HELEN).post(`/funding/${reference}/casework`, { ...mine, assignee: String(ids.get(HELEN)), ...bad })).status).toBe(400);
    }
    expect((await as(HELEN).post("/funding", { take: "<script>:1" })).status).toBe(400);
  });
});

describe("the queue's due dates, order, filters and search", () => {
  /** Three waiting requests with due dates yesterday, today and in a month. */
  async function dueDates() {
    const today = londonToday();
    const shift = (days: number) => new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const waiting = await db().selectFrom("funding_requests").select(["id", "reference"]).where("status", "in", ["submitted", "in_review"]).orderBy("id").execute();
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    const [overdue, soon, later] = waiting as [(typeof waiting)[0], (typeof waiting)[0], (typeof waiting)[0]];
    await db().updateTable("funding_requests").set({ due_on: shift(-1) }).where("id", "=", overdue.id).execute();
    await db().updateTable("funding_requests").set({ due_on: today }).where("id", "=", soon.id).execute();
    await db().updateTable("funding_requests").set({ due_on: shift(60) }).where("id", "=", later.id).execute();
    return { overdue: overdue.reference, soon: soon.reference, later: later.reference };
  }

  it("tags each waiting request on time, due soon or overdue, and filters to the overdue", async () => {
    const { overdue, soon, later } = await dueDates();
    const rows = rowsOf((await as(HELEN).get("/funding")).text);
    const rowOf = (reference: string) => rows.find((row) => row.includes(reference))!;
    expect(rowOf(overdue)).toContain("Overdue");
    expect(rowOf(soon)).toContain("Due soon");
    expect(rowOf(later)).toContain("On time");
    const overdueOnly = refsOf((await as(HELEN).get("/funding?due=overdue")).text);
    expect(overdueOnly).toContain(overdue);
    expect(overdueOnly).not.toContain(soon);
    expect(overdueOnly).not.toContain(later);
    for (const row of rowsOf((await as(HELEN).get("/funding?due=overdue")).text)) expect(row).toContain("Overdue");
    expect(refsOf((await as(HELEN).get("/funding?due=soon")).text)).toContain(soon);
    expect(refsOf((await as(HELEN).get("/funding?due=soon")).text)).not.toContain(overdue);
  });

  it("sorts by any column with links that work without JavaScript and says so in aria-sort", async () => {
    await dueDates();
    const byDue = await as(HELEN).get("/funding?status=any&sort=due&dir=asc");
    const dues = await db()
      .selectFrom("funding_requests")
      .select(["reference", "due_on"])
      .where("reference", "in", refsOf(byDue.text))
      .execute();
    const dueOf = new Map(dues.map((d) => [d.reference, d.due_on]));
    const ordered = refsOf(byDue.text).map((r) => dueOf.get(r));
    const withDates = ordered.filter((d): d is string => d !== null);
    expect(withDates).toEqual([...withDates].sort());
    // No due date last.
    expect(ordered.slice(withDates.length).every((d) => d === null)).toBe(true);
    expect(byDue.text).toMatch(/<th[^>]*aria-sort="ascending"[^>]*><a href="\?status=any[^"]*sort=due&amp;dir=desc/);
    expect(byDue.text).toMatch(/<th[^>]*aria-sort="none"[^>]*><a href="[^"]*sort=school&amp;dir=asc/);
    const bySchool = await as(HELEN).get("/funding?status=any&sort=school&dir=desc");
    const schools = rowsOf(bySchool.text).map((row) => (row.includes("Riverside") ? "Riverside Academy" : "Oakfield Primary School"));
    expect(schools).toEqual([...schools].sort().reverse());
    expect(bySchool.text).toContain('aria-sort="descending"');
    // An unknown column or direction: the default order, no error.
    expect((await as(HELEN).get("/funding?sort=pupil&dir=sideways")).status).toBe(200);
  });

  it("filters to the officer's own requests", async () => {
    const mine = refsOf((await as(HELEN).get("/funding?status=any&assigned=me")).text);
    const assigned = await db().selectFrom("funding_requests").select("reference").where("assigned_to", "=", ids.get(HELEN)!).execute();
    expect(mine.sort()).toEqual(assigned.map((a) => a.reference).sort());
    expect(mine.length).toBeGreaterThan(0);
  });

  it("searches by reference, school name or URN, and goes straight to a reference typed exactly", async () => {
    const byUrn = await as(HELEN).get(`/funding?q=${RIVERSIDE}`);
    expect(byUrn.status).toBe(200);
    const riverside = await db()
      .selectFrom("funding_requests")
      .innerJoin("schools", "schools.id", "funding_requests.school_id")
      .select("reference")
      .where("schools.urn", "=", RIVERSIDE)
      .where("submitted_at", "is not", null)
      .execute();
    expect(refsOf(byUrn.text).sort()).toEqual(riverside.map((r) => r.reference).sort());
    const byName = refsOf((await as(HELEN).get("/funding?q=oakfield%20prim")).text);
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((r) => !riverside.some((x) => x.reference === r))).toBe(true);
    const reference = await requestOf(t.database, OAKFIELD, "approved");
    const straight = await as(HELEN).get(`/funding?q=%20${reference.toLowerCase()}%20`);
    expect(straight.status).toBe(302);
    expect(straight.location).toBe(`/funding/${reference}`);
    // A prefix lists; a draft's reference (not the council's to see) finds nothing; odd characters are text.
    expect(refsOf((await as(HELEN).get(`/funding?q=${reference.slice(0, 9)}`)).text)).toContain(reference);
    const draft = await requestOf(t.database, OAKFIELD, "draft");
    const hidden = await as(HELEN).get(`/funding?q=${draft}`);
    expect(hidden.status).toBe(200);
    expect(refsOf(hidden.text)).toEqual([]);
    for (const odd of ["%25", "_", "%5C", "%27%3B--", "%01zz%09", "x".repeat(5000)]) {
      const reply = await as(HELEN).get(`/funding?q=${odd}`);
      expect(reply.status).toBe(200);
      expect(refsOf(reply.text)).toEqual([]);
    }
  });

  it("offers the search box in the header to officers only", async () => {
    expect((await as(HELEN).get("/home")).text).toMatch(/<form method="get" action="\/funding" role="search"[^>]*>[\s\S]*?name="q"/);
    for (const email of [SENCO, HEAD]) expect((await as(email).get("/home")).text).not.toContain('id="header-search"');
  });
});

describe("private case notes", () => {
  const SECRET = "Spoke to the EP: the report is delayed. Not for the school.";

  it("are seen by officers only, appended, audited and kept once when sent twice", async () => {
    const reference = await requestOf(t.database, OAKFIELD, "submitted");
    const row = await request(reference);
    const form = { intent: "note", after: "0", body: SECRET };
    const added = await as(HELEN).post(`/funding/${reference}/casework`, form);
    expect(added.status).toBe(302);
    expect((await as(HELEN).post(`/funding/${reference}/casework`, form)).status).toBe(302);
    const notes = await db().selectFrom("funding_case_notes").selectAll().where("funding_request_id", "=", row.id).execute();
    expect(notes).toHaveLength(1);
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "funding_request.case_note_added").where("subject_id", "=", String(row.id)).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.detail)).not.toContain("EP");
    // Any officer sees it, Kwame (another area) too.
    expect(mainText((await as(KWAME).get(`/funding/${reference}/casework`)).text)).toContain(SECRET);
    // Append-only.
    await expect(db().updateTable("funding_case_notes").set({ body: "changed" }).where("id", "=", notes[0]!.id).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom("funding_case_notes").where("id", "=", notes[0]!.id).execute()).rejects.toThrow(/append-only/);
    // The request's version is untouched: an assignment form drawn before the note still works.
    expect((await request(reference)).version).toBe(row.version);
  });

  it("never reach the school, by the page or by a direct GET or POST", async () => {
    const reference = await requestOf(t.database, OAKFIELD, "submitted");
    for (const email of [SENCO, HEAD, "senco@riverside.example"]) {
      const page = await as(email).get(`/funding/${reference}`);
      expect(page.text).not.toContain(SECRET);
      expect(page.text).not.toContain("/casework");
      expect((await as(email).get(`/funding/${reference}/casework`)).status).toBe(404);
      expect((await as(email).get(`/funding/${reference}/casework.data`)).status).toBe(404);
      expect((await as(email).post(`/funding/${reference}/casework`, { intent: "note", after: "0", body: "From the school" })).status).toBe(404);
    }
    const row = await request(reference);
    expect(await db().selectFrom("funding_case_notes").select("id").where("body", "=", "From the school").execute()).toEqual([]);
    expect(row.id).toBeGreaterThan(0);
  });

  it("refuse an empty or over-long note, keeping what was typed", async () => {
    const reference = await requestOf(t.database, OAKFIELD, "submitted");
    const empty = await as(HELEN).post(`/funding/${reference}/casework`, { intent: "note", after: "1", body: "   " });
    expect(empty.status).toBe(400);
    expect(mainText(empty.text)).toContain("Enter the note");
    const long = "é".repeat(5001);
    const tooLong = await as(HELEN).post(`/funding/${reference}/casework`, { intent: "note", after: "1", body: long });
    expect(tooLong.status).toBe(400);
    expect(mainText(tooLong.text)).toContain("5,000 characters or fewer");
    expect(tooLong.text).toContain(long);
  });
});

describe("the queue as CSV", () => {
  it("downloads the filtered queue, every page, without pupils' names, audited", async () => {
    const reply = await as(HELEN).get(`/funding/queue.csv?status=any&q=${OAKFIELD}&sort=reference&dir=asc`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toContain("text/csv");
    expect(reply.headers.get("content-disposition")).toMatch(/^attachment; filename="funding-queue-\d{4}-\d{2}-\d{2}\.csv"$/);
    const records = parse(reply.text, { bom: true, columns: true }) as Record<string, string>[];
    const oakfield = await db()
      .selectFrom("funding_requests")
      .innerJoin("schools", "schools.id", "funding_requests.school_id")
      .select("reference")
      .where("schools.urn", "=", OAKFIELD)
      .where("submitted_at", "is not", null)
      .orderBy("reference")
      .execute();
    expect(records.map((r) => r.reference)).toEqual(oakfield.map((r) => r.reference));
    expect(Object.keys(records[0]!)).toEqual(["reference", "school", "urn", "district", "area", "scheme", "requested_gbp", "status", "submitted", "due", "service_level", "assigned_to", "decided"]);
    expect(records.every((r) => r.urn === OAKFIELD && r.area === "West")).toBe(true);
    const pupils = await db().selectFrom("pupils").select(["first_name", "last_name"]).execute();
    for (const p of pupils) expect(reply.text).not.toContain(`${p.first_name} ${p.last_name}`);
    for (const p of pupils) expect(reply.text).not.toContain(p.last_name);
    const assigned = records.filter((r) => r.assigned_to === "Helen Marsh");
    expect(assigned.length).toBeGreaterThan(0);
    // The filters apply: only Helen's.
    const mine = parse((await as(HELEN).get("/funding/queue.csv?status=any&assigned=me")).text, { bom: true, columns: true }) as Record<string, string>[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.assigned_to === "Helen Marsh")).toBe(true);
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "funding_request.queue_export").execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    for (const email of [SENCO, HEAD]) expect((await as(email).get("/funding/queue.csv")).status).toBe(404);
  });
});
