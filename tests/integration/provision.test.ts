import { beforeAll, describe, expect, it } from "vitest";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { closedWindowOf, openWindowOf, srpOf } from "../setup/provision.ts";

// Issue 11, Specialist Resource Provision over HTTP as a host school's SENCO and headteacher and a council officer
// would use it: a term's return from draft to sent and corrected (every version kept, a double click counted once,
// a stale form refused), the rules (figures out of range, more EHC plans than places filled, above the places
// commissioned without a comment, outside the window), other schools' SRPs, the SRP mark on the pupil register and
// the mismatch it shows, the officers' overview, reminders once a day, downloads, and the register and windows.

const t = seededApp();
const db = () => t.database.db;
const b: Record<string, Browser> = {};
const as = (email: string) => b[email]!;
const OAKFIELD = "990001";
const RIVERSIDE = "990002";

beforeAll(async () => {
  for (const email of ["senco@oakfield.example", "head@oakfield.example", "senco@riverside.example", "champion@kent.example", "officer@kent.example"]) {
    b[email] = new Browser(t.app.baseUrl);
    await b[email].signIn(email);
  }
});

const figures = (values: Partial<Record<string, string>> = {}) => ({
  placesFilled: "7",
  ehcPlanPupils: "6",
  fromOtherSchools: "1",
  admitted: "1",
  leftInTerm: "0",
  waiting: "2",
  comment: "",
  ...values,
});

const returnOf = (srpId: number, windowId: number) => db().selectFrom("srp_returns").selectAll().where("resource_provision_id", "=", srpId).where("window_id", "=", windowId).executeTakeFirst();
const versionsOf = (returnId: number) => db().selectFrom("srp_return_versions").selectAll().where("srp_return_id", "=", returnId).orderBy("number").execute();

describe("a term's return, from draft to sent and corrected", () => {
  it("saves a draft, shows the register's mismatch, sends once however often it is sent, keeps every version, and refuses a stale form", async () => {
    const srp = await srpOf(db(), OAKFIELD);
    const window = await openWindowOf(db());
    const senco = as("senco@oakfield.example");
    expect(mainText((await senco.get("/provision")).text)).toContain("Not started");
    // The home page says what is still to do.
    expect(mainText((await as("head@oakfield.example").get("/home")).text)).toMatch(/1 of your 1 SRP return for (Autumn|Spring|Summer) 20\d\d still to send, by \d+ \w+ 20\d\d\./);
    expect(mainText((await as("officer@kent.example").get("/home")).text)).toMatch(/SRP returns for (Autumn|Spring|Summer) 20\d\d 5 of 8 in, 1 above the places commissioned/);
    const url = `/provision/${srp.id}/return`;
    const empty = await senco.get(url);
    expect(empty.status).toBe(200);
    expect(mainText(empty.text)).toContain("Pupils marked on your register as in this SRP 1");

    // A first send refused (above the 8 places commissioned with no comment; a form from a version never saved)
    // leaves no row behind.
    const overFirst = await senco.post(url, { intent: "send", windowId: String(window.id), version: "0", ...figures({ placesFilled: "9" }) });
    expect(overFirst.status).toBe(400);
    expect((await senco.post(url, { intent: "send", windowId: String(window.id), version: "5", ...figures() })).status).toBe(409);
    expect(await returnOf(srp.id, window.id)).toBeUndefined();

    const draft = await senco.post(url, { intent: "draft", windowId: String(window.id), version: "0", placesFilled: "7", ehcPlanPupils: "" });
    expect(draft.status, mainText(draft.text).slice(0, 600)).toBe(302);
    expect(draft.location).toBe(`${url}?done=draft`);
    const saved = await returnOf(srp.id, window.id);
    expect(saved).toMatchObject({ status: "draft", version: 1, places_filled: 7, ehc_plan_pupils: null });
    const page = mainText((await senco.get(draft.location!)).text);
    expect(page).toContain("Your draft has been saved");
    // The register marks one pupil in this SRP (Noah Bennett); the draft says 7: shown before sending.
    expect(page).toContain("Your return says 7 places filled, but your pupil register marks 1 current pupil as in this SRP");
    expect(page).not.toContain("Bennett");

    // Sending needs every figure.
    const incomplete = await senco.post(url, { intent: "send", windowId: String(window.id), version: "1", placesFilled: "7" });
    expect(incomplete.status).toBe(400);
    expect(title(incomplete.text)).toMatch(/^Error: /);
    expect(mainText(incomplete.text)).toContain("Enter pupils with an ehc plan as a whole number from 0 to 200");

    const send = { intent: "send", windowId: String(window.id), version: "1", ...figures() };
    const sent = await senco.post(url, send);
    expect(sent.status).toBe(302);
    expect(sent.location).toBe(`${url}?done=sent`);
    // A double click: the same form again is the same send, counted once.
    const again = await senco.post(url, send);
    expect(again.status).toBe(302);
    const row = (await returnOf(srp.id, window.id))!;
    expect(row).toMatchObject({ status: "sent", version: 2, places_filled: 7, ehc_plan_pupils: 6, waiting: 2, over_commissioned: false });
    expect((await versionsOf(row.id)).map((v) => [v.number, v.places_filled])).toEqual([[1, 7]]);

    // The headteacher corrects it while the window is open: a second version, the first kept.
    const head = as("head@oakfield.example");
    const correction = await head.post(url, { ...send, version: "2", placesFilled: "8", ehcPlanPupils: "7" });
    expect(correction.status).toBe(302);
    const versions = await versionsOf(row.id);
    expect(versions.map((v) => [v.number, v.places_filled, v.ehc_plan_pupils])).toEqual([
      [1, 7, 6],
      [2, 8, 7],
    ]);
    const events = await db().selectFrom("srp_return_events").select("action").where("srp_return_id", "=", row.id).orderBy("id").execute();
    expect(events.map((e) => e.action)).toEqual(["sent", "corrected"]);
    const audit = await db().selectFrom("audit_events").select("action").where("subject_type", "=", "srp_return").where("subject_id", "=", String(row.id)).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["srp_return.draft_saved", "srp_return.sent", "srp_return.corrected"]);

    // The SENCO's form, drawn before the headteacher's correction, with other figures: refused, nothing changed.
    const stale = await senco.post(url, { ...send, placesFilled: "5", ehcPlanPupils: "5" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record while you were working on it: it was correction sent by Martin Cole");
    expect((await returnOf(srp.id, window.id))!.places_filled).toBe(8);
    // A draft can no longer be saved over a sent return.
    const redraft = await senco.post(url, { intent: "draft", windowId: String(window.id), version: "3", placesFilled: "1" });
    expect(redraft.status).toBe(409);
    expect(mainText(redraft.text)).toContain("This return has been sent");

    const history = mainText((await senco.get(url)).text);
    expect(history).toContain("Version 2: 8 places filled, sent by Martin Cole");
    expect(history).toContain("Version 1: 7 places filled, sent by Priya Shah");
  });
});

describe("the rules of a return", () => {
  it("refuses figures out of range, more EHC plans or placements than places filled, with a clear message and what was typed kept", async () => {
    const srp = await srpOf(db(), RIVERSIDE);
    const window = await openWindowOf(db());
    const before = (await returnOf(srp.id, window.id))!;
    const url = `/provision/${srp.id}/return`;
    const post = (values: Record<string, string>) => as("senco@riverside.example").post(url, { intent: "send", windowId: String(window.id), version: String(before.version), ...figures(values) });
    const cases: [Record<string, string>, string][] = [
      [{ placesFilled: "-1" }, "Enter places filled as a whole number from 0 to 200"],
      [{ placesFilled: "9999" }, "Enter places filled as a whole number from 0 to 200"],
      [{ waiting: "1e3" }, "Enter waiting for a place as a whole number from 0 to 500"],
      [{ admitted: "2.5" }, "Enter pupils admitted this term as a whole number from 0 to 200"],
      [{ placesFilled: "5", ehcPlanPupils: "6" }, "Pupils with an EHC plan cannot be more than the places filled"],
      [{ placesFilled: "5", ehcPlanPupils: "5", fromOtherSchools: "6" }, "Pupils on placement from other schools cannot be more than the places filled"],
      [{ comment: "x".repeat(2001) }, "The comment must be 2,000 characters or fewer"],
    ];
    for (const [values, message] of cases) {
      const reply = await post(values);
      expect(reply.status, JSON.stringify(values).slice(0, 80)).toBe(400);
      expect(mainText(reply.text)).toContain(message);
    }
    const kept = await post({ placesFilled: "5", ehcPlanPupils: "6" });
    expect(kept.text).toContain('value="6"');
    expect(await returnOf(srp.id, window.id)).toEqual(before);
  });

  it("allows places filled above the places commissioned only with a comment, and flags it to officers", async () => {
    const srp = await srpOf(db(), RIVERSIDE);
    const window = await openWindowOf(db());
    const row = (await returnOf(srp.id, window.id))!;
    const url = `/provision/${srp.id}/return`;
    const commissioned = (await db().selectFrom("resource_provision_places").select("commissioned_places").where("resource_provision_id", "=", srp.id).where("academic_year", "=", window.academic_year).executeTakeFirstOrThrow()).commissioned_places;
    const over = { intent: "send", windowId: String(window.id), version: String(row.version), ...figures({ placesFilled: String(commissioned + 2), ehcPlanPupils: String(commissioned) }) };
    const refused = await as("senco@riverside.example").post(url, over);
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain(`Places filled (${commissioned + 2}) is more than the ${commissioned} places commissioned: say why in the comment`);
    expect((await returnOf(srp.id, window.id))!.version).toBe(row.version);
    const explained = await as("senco@riverside.example").post(url, { ...over, comment: "Two emergency placements agreed with the SEN team." });
    expect(explained.status).toBe(302);
    expect(await returnOf(srp.id, window.id)).toMatchObject({ over_commissioned: true, places_filled: commissioned + 2 });
    const overview = mainText((await as("officer@kent.example").get("/council/provision")).text);
    const flagged = overview.slice(overview.indexOf("Filled above the places commissioned"));
    expect(flagged).toContain("Riverside Academy: Autism spectrum disorder");
    expect(flagged).toContain("Two emergency placements agreed with the SEN team.");
  });

  it("refuses a return outside its window, and changes nothing", async () => {
    const srp = await srpOf(db(), OAKFIELD);
    const closed = await closedWindowOf(db());
    const before = await returnOf(srp.id, closed.id);
    for (const intent of ["send", "draft"]) {
      const reply = await as("senco@oakfield.example").post(`/provision/${srp.id}/return`, { intent, windowId: String(closed.id), version: String(before?.version ?? 0), ...figures() });
      expect(reply.status).toBe(409);
      expect(mainText(reply.text)).toMatch(/return window closed on \d+ \w+ \d{4}: its returns can no longer be changed/);
    }
    expect(await returnOf(srp.id, closed.id)).toEqual(before);
    // A window that has not opened yet.
    const future = await db()
      .insertInto("srp_return_windows")
      .values({ academic_year: closed.academic_year + 3, term: "summer", opens_on: "2031-06-01", closes_on: "2031-06-20" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const early = await as("senco@oakfield.example").post(`/provision/${srp.id}/return`, { intent: "send", windowId: String(future.id), version: "0", ...figures() });
    expect(early.status).toBe(409);
    expect(mainText(early.text)).toContain("return window opens on 1 June 2031");
    expect(await returnOf(srp.id, future.id)).toBeUndefined();
  });
});

describe("other schools' SRPs", () => {
  it("answers 404 for another school's SRP, page or POST, as for one that does not exist, and writes nothing", async () => {
    const oak = await srpOf(db(), OAKFIELD);
    const window = await openWindowOf(db());
    const riverside = as("senco@riverside.example");
    for (const path of [`/provision/${oak.id}`, `/provision/${oak.id}/return`, "/provision/999999/return", "/provision/01/return"]) {
      expect((await riverside.get(path)).status, path).toBe(404);
    }
    const before = await returnOf(oak.id, window.id);
    const post = await riverside.post(`/provision/${oak.id}/return`, { intent: "send", windowId: String(window.id), version: String(before?.version ?? 0), ...figures({ placesFilled: "1", ehcPlanPupils: "1" }) });
    expect(post.status).toBe(404);
    expect(await returnOf(oak.id, window.id)).toEqual(before);
    // A champion has no provision pages; an officer reads an SRP's page but sends no return.
    expect((await as("champion@kent.example").get(`/provision/${oak.id}`)).status).toBe(404);
    expect((await as("officer@kent.example").get(`/provision/${oak.id}`)).status).toBe(200);
    expect((await as("officer@kent.example").get(`/provision/${oak.id}/return`)).status).toBe(404);
    expect((await as("officer@kent.example").post(`/provision/${oak.id}/return`, { intent: "send", windowId: String(window.id), version: "0", ...figures() })).status).toBe(404);
  });
});

describe("the SRP's history", () => {
  it("draws the terms as a server-rendered SVG chart with a title and description, and the same figures in a table", async () => {
    const srp = await srpOf(db(), OAKFIELD);
    const page = await as("head@oakfield.example").get(`/provision/${srp.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<svg[^>]*role="img"/);
    expect(page.text).toMatch(/<title id="[^"]+">Places commissioned and filled, ASD resource provision, Year 1 to 6, Oakfield Primary School<\/title>/);
    expect(page.text).toContain("<desc");
    expect(page.text).toMatch(/<path d="M[\d.,LM]+"/);
    const text = mainText(page.text);
    expect(text).toContain("Returns by term");
    // Six terms seeded: five earlier ones sent, and this one (sent by the first test of this file, or not).
    expect((text.match(/\b(Autumn|Spring|Summer) 20\d\d\b/g) ?? []).length).toBeGreaterThanOrEqual(6);
  });
});

describe("the SRP mark on the pupil register", () => {
  it("places a pupil in one of the school's own SRPs, never another school's, and counts them on the return form", async () => {
    const oak = await srpOf(db(), OAKFIELD);
    const riverside = await srpOf(db(), RIVERSIDE);
    const pupil = await db().selectFrom("pupils").select(["id", "version"]).where("last_name", "=", "Hart").executeTakeFirstOrThrow();
    const senco = as("senco@oakfield.example");
    const record = await senco.get(`/pupils/${pupil.id}`);
    expect(mainText(record.text)).toContain("Specialist Resource Provision the pupil is in");
    const other = await senco.post(`/pupils/${pupil.id}`, { intent: "srp", version: String(pupil.version), resourceProvisionId: String(riverside.id) });
    expect(other.status).toBe(400);
    expect(mainText(other.text)).toContain("Select one of the school's SRPs, or none");
    const headTries = await as("head@oakfield.example").post(`/pupils/${pupil.id}`, { intent: "srp", version: String(pupil.version), resourceProvisionId: String(oak.id) });
    expect(headTries.status).toBe(404);
    const marked = await senco.post(`/pupils/${pupil.id}`, { intent: "srp", version: String(pupil.version), resourceProvisionId: String(oak.id) });
    expect(marked.status).toBe(302);
    expect((await db().selectFrom("pupils").select("resource_provision_id").where("id", "=", pupil.id).executeTakeFirstOrThrow()).resource_provision_id).toBe(oak.id);
    expect(mainText((await senco.get(`/provision/${oak.id}/return`)).text)).toContain("Pupils marked on your register as in this SRP 2");
    // The database keeps the mark inside the school whatever the code does.
    await expect(db().updateTable("pupils").set({ resource_provision_id: riverside.id }).where("id", "=", pupil.id).execute()).rejects.toThrow(/pupils_resource_provision_fk/);
  });
});

describe("the officers' overview", () => {
  it("shows places by designation and district, the missing returns, and never a pupil", async () => {
    const page = await as("officer@kent.example").get("/council/provision");
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain("Places by designation");
    expect(text).toContain("Places by district");
    const missing = text.slice(text.indexOf("Returns missing for"), text.indexOf("Filled above the places commissioned"));
    expect(missing).toContain("West Malling Abbey Academy (990037): VI");
    expect(missing).toContain("Castle Hill Secondary School");
    expect(page.text).toMatch(/<svg[^>]*role="img"/);
    for (const name of ["Bennett", "Dunn", "Irving", "Hart"]) expect(text).not.toContain(name);
  });

  it("sends one reminder to each school missing a return, once a day however often it is pressed, and lists what was sent", async () => {
    const window = await openWindowOf(db());
    const officer = as("officer@kent.example");
    const westMalling = await db().selectFrom("schools").select("id").where("name", "=", "West Malling Abbey Academy").executeTakeFirstOrThrow();
    // A new SRP at Bearsted Green, whose SENCO has an account (senco@bearsted-green.example): missing this term.
    const bearsted = await db().selectFrom("schools").select("id").where("urn", "=", "990003").executeTakeFirstOrThrow();
    await db().insertInto("resource_provisions").values({ school_id: bearsted.id, designation_code: "PD", first_year_group: "R", last_year_group: "6", opened_on: "2025-09-01" }).execute();
    const laura = await db().selectFrom("users").select(["id", "email"]).where("email", "=", "senco@bearsted-green.example").executeTakeFirstOrThrow();
    const mailTo = () => db().selectFrom("email_outbox").select(["subject", "body"]).where("to_address", "=", laura.email).execute();
    const first = await officer.post("/council/provision", { intent: "remind", windowId: String(window.id) });
    expect(first.status).toBe(302);
    const reminders = await db().selectFrom("srp_return_reminders").selectAll().where("window_id", "=", window.id).execute();
    expect(reminders.map((r) => r.school_id)).toEqual(expect.arrayContaining([westMalling.id, bearsted.id]));
    expect(reminders.find((r) => r.school_id === bearsted.id)!.recipients).toBe(1);
    const mail = await mailTo();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toMatch(/^Reminder: (Autumn|Spring|Summer) 20\d\d SRP return due by /);
    expect(mail[0]!.body).toContain("(PD)");
    expect(await db().selectFrom("notifications").select("link").where("user_id", "=", laura.id).where("link", "=", "/provision").execute()).toHaveLength(1);
    const banner = mainText((await officer.get(first.location!)).text);
    expect(banner).toContain(`Reminders sent to ${reminders.length} school`);
    expect(banner).toContain("Reminders sent this term");
    const second = await officer.post("/council/provision", { intent: "remind", windowId: String(window.id) });
    expect(second.status).toBe(302);
    expect(mainText((await officer.get(second.location!)).text)).toContain("Every school missing a return was already reminded today: nothing more was sent.");
    expect(await db().selectFrom("srp_return_reminders").selectAll().where("window_id", "=", window.id).execute()).toHaveLength(reminders.length);
    expect(await mailTo()).toHaveLength(1);
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "srp_return.reminders_sent").orderBy("id").execute();
    expect(audit.map((a) => (typeof a.detail === "string" ? JSON.parse(a.detail) : a.detail))).toEqual([
      { reminded: reminders.length, alreadyToday: 0 },
      { reminded: 0, alreadyToday: reminders.length },
    ]);
    // A school user cannot send reminders.
    expect((await as("senco@oakfield.example").post("/council/provision", { intent: "remind", windowId: String(window.id) })).status).toBe(404);
  });

  it("downloads every SRP as CSV and XLSX, each audited", async () => {
    const officer = as("officer@kent.example");
    const csv = await officer.get("/council/provision.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="srp-places-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.text.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("urn,school,district,designation,srp_status,term,commissioned,filled,vacancies,ehc_plan_pupils,waiting,return,over_commissioned,comment");
    // The seed's eight SRPs and Bearsted Green's, added by the reminders test.
    expect(lines.length).toBe(1 + 9);
    expect(lines.some((l) => l.startsWith("990037,West Malling Abbey Academy,") && l.includes(",missing,"))).toBe(true);
    expect(lines.some((l) => l.startsWith("990025,Northfleet Park School,") && l.includes(",yes,"))).toBe(true);
    const xlsx = await fetch(`${t.app.baseUrl}/council/provision.xlsx`, { headers: { Cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
    expect(xlsx.status).toBe(200);
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "resource_provision.export").orderBy("id").execute();
    expect(audit.map((a) => (typeof a.detail === "string" ? JSON.parse(a.detail) : a.detail).format)).toEqual(["csv", "xlsx"]);
    expect((await as("senco@oakfield.example").get("/council/provision.csv")).status).toBe(404);
  });
});

describe("the register and the windows", () => {
  it("adds an SRP, refuses a second of the same designation at a school, and refuses a stale change", async () => {
    const officer = as("officer@kent.example");
    const year = String((await openWindowOf(db())).academic_year);
    const srp = { urn: "990003", designation: "SEMH", firstYearGroup: "R", lastYearGroup: "6", "openedOn.day": "1", "openedOn.month": "9", "openedOn.year": "2026", status: "open", academicYear: year, commissionedPlaces: "6" };
    const added = await officer.post("/council/provision/srps/new", srp);
    expect(added.status).toBe(302);
    const id = Number(/srps\/(\d+)/.exec(added.location!)![1]);
    expect(await db().selectFrom("resource_provision_places").select(["academic_year", "commissioned_places"]).where("resource_provision_id", "=", id).execute()).toEqual([{ academic_year: Number(year), commissioned_places: 6 }]);
    const twice = await officer.post("/council/provision/srps/new", srp);
    expect(twice.status).toBe(400);
    expect(mainText(twice.text)).toContain("This school already has an SRP with this designation");
    const backwards = await officer.post("/council/provision/srps/new", { ...srp, designation: "HI", firstYearGroup: "6", lastYearGroup: "R" });
    expect(backwards.status).toBe(400);
    expect(mainText(backwards.text)).toContain("The last year group must be the same as or after the first");
    const unknown = await officer.post("/council/provision/srps/new", { ...srp, urn: "123456", designation: "HI" });
    expect(mainText(unknown.text)).toContain("No school has this URN");
    const { urn: _urn, ...edit } = srp;
    expect((await officer.post(`/council/provision/srps/${id}`, { ...edit, version: "1", status: "closing", commissionedPlaces: "4" })).status).toBe(302);
    const stale = await officer.post(`/council/provision/srps/${id}`, { ...edit, version: "1", status: "closed" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("it now differs from what you sent in: status");
    expect(await db().selectFrom("resource_provisions").select(["status", "version"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ status: "closing", version: 2 });
    expect((await as("senco@oakfield.example").post("/council/provision/srps/new", srp)).status).toBe(404);
  });

  it("sets a window for a term once, with its dates in order", async () => {
    const officer = as("officer@kent.example");
    const year = String((await openWindowOf(db())).academic_year + 1);
    const window = { academicYear: year, term: "autumn", "opensOn.day": "16", "opensOn.month": "11", "opensOn.year": year, "closesOn.day": "11", "closesOn.month": "12", "closesOn.year": year };
    expect((await officer.post("/council/provision/windows", window)).status).toBe(302);
    const twice = await officer.post("/council/provision/windows", window);
    expect(twice.status).toBe(400);
    expect(mainText(twice.text)).toContain("This term already has a window: change its dates instead");
    const backwards = await officer.post("/council/provision/windows", { ...window, term: "spring", "closesOn.month": "10" });
    expect(backwards.status).toBe(400);
    expect(mainText(backwards.text)).toContain("The window must close on or after the day it opens");
    // Its dates changed at the version seen; a second form from that version with other dates is refused.
    const made = await db().selectFrom("srp_return_windows").select("id").where("academic_year", "=", Number(year)).where("term", "=", "autumn").executeTakeFirstOrThrow();
    const dates = { "opensOn.day": "17", "opensOn.month": "11", "opensOn.year": year, "closesOn.day": "12", "closesOn.month": "12", "closesOn.year": year };
    expect((await officer.post(`/council/provision/windows/${made.id}`, { ...dates, version: "1" })).status).toBe(302);
    expect((await officer.post(`/council/provision/windows/${made.id}`, { ...dates, version: "1" })).status).toBe(302);
    const stale = await officer.post(`/council/provision/windows/${made.id}`, { ...dates, "closesOn.day": "13", version: "1" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("it now differs from what you sent in: closing date");
    expect(await db().selectFrom("srp_return_windows").select(["opens_on", "closes_on", "version"]).where("id", "=", made.id).executeTakeFirstOrThrow()).toEqual({ opens_on: `${year}-11-17`, closes_on: `${year}-12-12`, version: 2 });
  });
});
