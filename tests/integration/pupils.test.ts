import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/domain/access/access.server.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import {
  currentPupilProvision,
  listCurrentPupilsForFundingRequest,
} from "../../app/domain/pupils/pupils.server.ts";
import { makeUpn } from "../../app/domain/pupils/upn.ts";
import { DEMO_PUPILS } from "../../db/seed/demo.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";

const t = seededApp();
let senco: Browser;
let head: Browser;
let riversideSenco: Browser;

beforeAll(async () => {
  senco = new Browser(t.app.baseUrl);
  await senco.signIn("senco@oakfield.example");
  head = new Browser(t.app.baseUrl);
  await head.signIn("head@oakfield.example");
  riversideSenco = new Browser(t.app.baseUrl);
  await riversideSenco.signIn("senco@riverside.example");
});

const db = () => t.database.db;

async function pupil(lastName: string) {
  return db().selectFrom("pupils").selectAll().where("last_name", "=", lastName).executeTakeFirstOrThrow();
}

async function pupilCount() {
  const row = await db().selectFrom("pupils").select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function auditRows(action: string, subjectId?: number) {
  let query = db().selectFrom("audit_events").selectAll().where("action", "=", action);
  if (subjectId !== undefined) query = query.where("subject_type", "=", "pupil").where("subject_id", "=", String(subjectId));
  return query.orderBy("id").execute();
}

async function auditCount(action: string) {
  return (await auditRows(action)).length;
}

/** The register page's visible text. */
async function register(browser: Browser, query = "") {
  const reply = await browser.get(`/pupils${query}`);
  expect(reply.status).toBe(200);
  return mainText(reply.text);
}

const NEW_UPN = makeUpn("886210124099");

const NEW_PUPIL = {
  firstName: "Poppy",
  lastName: "Shaw",
  dateOfBirth: "2019-03-14",
  // Lowercase with spaces, as someone might type it: stored normalised.
  upn: ` ${NEW_UPN.toLowerCase().slice(0, 4)} ${NEW_UPN.slice(4)} `,
  yearGroup: "2",
  senProvision: "K",
  primaryNeed: "SLCN",
  secondaryNeed: "",
  dateAdded: "",
};

/** A record's current values as the change form would send them. */
function editFields(row: Awaited<ReturnType<typeof pupil>>, changes: Record<string, string> = {}) {
  return {
    version: String(row.version),
    firstName: row.first_name,
    lastName: row.last_name,
    dateOfBirth: row.date_of_birth,
    upn: row.upn ?? "",
    yearGroup: row.year_group,
    senProvision: row.sen_provision,
    primaryNeed: row.primary_need,
    secondaryNeed: row.secondary_need ?? "",
    dateAdded: row.date_added,
    ...changes,
  };
}

describe("adding a pupil", () => {
  it("adds a pupil to the SENCO's school, UPN normalised, date added today, and shows the record", async () => {
    const reply = await senco.post("/pupils/new", NEW_PUPIL);
    expect(reply.status).toBe(302);
    const added = await pupil("Shaw");
    expect(reply.location).toBe(`/pupils/${added.id}?done=added`);
    const oakfield = await db().selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow();
    expect(added).toMatchObject({
      school_id: oakfield.id,
      first_name: "Poppy",
      upn: NEW_UPN,
      year_group: "2",
      sen_provision: "K",
      primary_need: "SLCN",
      secondary_need: null,
      date_added: londonToday(),
      date_left: null,
      version: 1,
    });
    const page = await senco.get(reply.location!);
    const text = mainText(page.text);
    expect(text).toContain("The pupil has been added to the register.");
    expect(text).toContain("Poppy Shaw");
    expect(text).toContain("Speech, language and communication needs (SLCN)");
    expect(text).toContain("Year 2");
    expect(title(page.text)).toBe("Pupil record - Kent SEND Inclusion Portal");
    expect((await auditRows("pupil.create", added.id)).map((r) => r.actor_role)).toEqual(["senco"]);
    expect(await auditRows("pupil.view", added.id)).toHaveLength(1);
  });

  it("lets another school hold the same UPN: it is unique within a school", async () => {
    const reply = await riversideSenco.post("/pupils/new", { ...NEW_PUPIL, lastName: "Shaw-Riverside", yearGroup: "7", dateOfBirth: "2014-10-01" });
    expect(reply.status).toBe(302);
    expect((await pupil("Shaw-Riverside")).upn).toBe(NEW_UPN);
  });

  const refusals: [string, Record<string, string>, string, string][] = [
    ["a wrong UPN check letter", { upn: `Z${NEW_UPN.slice(1)}` }, "upn", "its first letter does not match its 12 digits"],
    ["a UPN of the wrong length", { upn: "R88620012400" }, "upn", "Enter the UPN as 13 characters"],
    ["a UPN another pupil at the school has", { upn: DEMO_PUPILS[0]!.upn!.toLowerCase() }, "upn", "Another pupil at this school already has this UPN"],
    ["NSA with an EHC plan", { primaryNeed: "NSA", senProvision: "E" }, "primaryNeed", "can only be recorded for a pupil on SEN support (K)"],
    ["NSA as secondary need with an EHC plan", { secondaryNeed: "NSA", senProvision: "E" }, "secondaryNeed", "can only be recorded"],
    ["the same secondary need as primary", { secondaryNeed: "SLCN" }, "secondaryNeed", "The secondary need must be different from the primary need"],
    ["a date of birth in the future", { dateOfBirth: "2099-01-01" }, "dateOfBirth", "Date of birth must be in the past"],
    ["a date of birth over 25 years ago", { dateOfBirth: "1990-05-05" }, "dateOfBirth", "Date of birth must be within the last 25 years"],
    ["a date of birth that is not a date", { dateOfBirth: "2019-02-30" }, "dateOfBirth", "Date of birth must be a real date"],
    ["a date added in the future", { dateAdded: "2099-01-01" }, "dateAdded", "Date added must be today or in the past"],
    ["no first name", { firstName: "  " }, "firstName", "Enter the pupil's first name"],
    ["no last name", { lastName: "" }, "lastName", "Enter the pupil's last name"],
    ["no year group", { yearGroup: "" }, "yearGroup", "Select the pupil's year group"],
    ["a year group that does not exist", { yearGroup: "14" }, "yearGroup", "Select the pupil's year group"],
    ["a provision other than K or E", { senProvision: "N" }, "senProvision", "Select the pupil's SEN provision"],
    ["a need that is not on the list", { primaryNeed: "XYZ" }, "primaryNeed", "Select the pupil's primary need"],
  ];

  it.each(refusals)("refuses %s with a field error, keeps what was typed and saves nothing", async (_what, changes, field, message) => {
    const before = await pupilCount();
    const audits = await auditCount("pupil.create");
    const typed = { ...NEW_PUPIL, firstName: "Rosa", lastName: "Vale", upn: "", ...changes };
    const reply = await senco.post("/pupils/new", typed);
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: Add a pupil/);
    expect(mainText(reply.text)).toContain(message);
    // The summary links to the field, and the field shows its message.
    expect(reply.text).toContain(`href="#new-pupil-${field}"`);
    expect(reply.text).toContain(`id="new-pupil-${field}-error"`);
    if (typed.lastName) expect(reply.text).toContain(`value="${typed.lastName}"`);
    if (typed.dateOfBirth) expect(reply.text).toContain(`value="${typed.dateOfBirth}"`);
    if (typed.primaryNeed !== "XYZ") expect(reply.text).toMatch(new RegExp(`<option value="${typed.primaryNeed}" selected=""`));
    expect(await pupilCount()).toBe(before);
    expect(await auditCount("pupil.create")).toBe(audits);
  });

  it("lists every problem at once", async () => {
    const reply = await senco.post("/pupils/new", { ...NEW_PUPIL, firstName: "", lastName: "", dateOfBirth: "", upn: "X1", secondaryNeed: "SLCN" });
    expect(reply.status).toBe(400);
    const text = mainText(reply.text);
    for (const message of [
      "Enter the pupil's first name",
      "Enter the pupil's last name",
      "Enter the pupil's date of birth",
      "Enter the UPN as 13 characters",
      "The secondary need must be different from the primary need",
    ]) {
      expect(text).toContain(message);
    }
  });
});

describe("the register", () => {
  it("lists the school's current pupils by last name, and never another school's", async () => {
    const text = await register(senco);
    const order = ["Bennett, Noah", "Foster, Isla", "Grant, Oliver", "Hart, Amelia", "Holt, Freya", "Kemp, Leo", "Nash, Ruby"];
    const positions = order.map((name) => text.indexOf(name));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).not.toContain("Ward, Jacob"); // has left
    expect(text).not.toContain("Dunn"); // Riverside
    expect(text).not.toContain("Knight"); // Bearsted Green
  });

  it("searches by name, by part of a name and by UPN (any case)", async () => {
    const byName = await register(senco, "?q=amelia+hart");
    expect(byName).toContain("Hart, Amelia");
    expect(byName).toContain("1 pupil");
    expect(byName).not.toContain("Bennett");
    const partial = await register(senco, "?q=HAR");
    expect(partial).toContain("Hart, Amelia");
    expect(partial).toContain("Reid, Harry");
    const noah = DEMO_PUPILS.find((p) => p.lastName === "Bennett")!;
    const byUpn = await register(senco, `?q=${noah.upn!.toLowerCase()}`);
    expect(byUpn).toContain("Bennett, Noah");
    expect(byUpn).toContain("1 pupil");
    const otherSchool = await register(senco, "?q=dunn");
    expect(otherSchool).toContain("No pupils match your search.");
    const wildcard = await register(senco, "?q=%25");
    expect(wildcard).toContain("No pupils match your search.");
  });

  it("filters by primary need, provision, year group and whether the pupil has left", async () => {
    const asd = await register(senco, "?need=ASD");
    expect(asd).toContain("Bennett, Noah");
    expect(asd).not.toContain("Ward, Jacob");
    expect(asd).not.toContain("Hart, Amelia");
    const asdAll = await register(senco, "?need=ASD&status=all");
    expect(asdAll).toContain("Ward, Jacob");
    const ehc = await register(senco, "?provision=E");
    for (const name of ["Bennett, Noah", "Holt, Freya", "Quinn, Ava"]) expect(ehc).toContain(name);
    expect(ehc).not.toContain("Hart, Amelia");
    const reception = await register(senco, "?year=R");
    expect(reception).toContain("Nash, Ruby");
    expect(reception).toContain("1 pupil");
    const left = await register(senco, "?status=left");
    expect(left).toContain("Ward, Jacob");
    expect(left).toContain("Left 22 July 2026");
    expect(left).toContain("1 pupil");
    const none = await register(senco, "?year=13");
    expect(none).toContain("No pupils match your search.");
    const junk = await register(senco, "?year=99&need=%3Cscript%3E&provision=Q&status=x&page=-4");
    expect(junk).toContain("Hart, Amelia");
  });

  it("writes one pupil.list audit row per view of the register, with no names or search text", async () => {
    const before = await auditCount("pupil.list");
    await register(senco, "?q=quinn");
    const rows = await auditRows("pupil.list");
    expect(rows).toHaveLength(before + 1);
    const last = rows.at(-1)!;
    expect(last.subject_type).toBe("school");
    expect(last.actor_role).toBe("senco");
    expect(JSON.stringify(last.detail)).not.toMatch(/quinn|ava/i);
    expect(last.detail).toMatchObject({ total: 1, shown: 1, page: 1, searched: true });
  });

  it("shows 50 pupils a page with links to the next and previous pages", async () => {
    const riverside = await db().selectFrom("schools").select("id").where("urn", "=", "990002").executeTakeFirstOrThrow();
    await db()
      .insertInto("pupils")
      .values(
        Array.from({ length: 55 }, (_, i) => ({
          school_id: riverside.id,
          first_name: "Pupil",
          last_name: `Page${String(i).padStart(2, "0")}`,
          date_of_birth: "2012-01-01",
          year_group: "9",
          sen_provision: "K",
          primary_need: "MLD",
          date_added: "2026-09-01",
        })),
      )
      .execute();
    const first = await register(riversideSenco, "?year=9");
    expect(first).toContain("56 pupils, showing 1 to 50");
    expect(first).toContain("Edwards, Kai");
    expect(first).toContain("Page 1 of 2");
    const page1 = await riversideSenco.get("/pupils?year=9");
    expect(page1.text).toContain('href="/pupils?year=9&amp;page=2"');
    const second = await register(riversideSenco, "?year=9&page=2");
    expect(second).toContain("showing 51 to 56");
    expect(second).toContain("Page54, Pupil");
    expect(second).not.toContain("Edwards, Kai");
    expect(second).toContain("Previous page");
  });
});

describe("changing a pupil's record", () => {
  it("saves a change at the version seen, and records which fields changed but not their values", async () => {
    const before = await pupil("Foster");
    const reply = await senco.post(`/pupils/${before.id}/edit`, editFields(before, { yearGroup: "5", secondaryNeed: "SPLD", upn: "" }));
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`/pupils/${before.id}?done=changed`);
    const after = await pupil("Foster");
    expect(after).toMatchObject({ year_group: "5", secondary_need: "SPLD", upn: null, version: before.version + 1 });
    expect(mainText((await senco.get(reply.location!)).text)).toContain("The pupil's record has been changed.");
    const audit = (await auditRows("pupil.update", before.id)).at(-1)!;
    expect(audit.detail).toEqual({ fields: ["upn", "year_group", "secondary_need"] });
  });

  it("shows the change form filled in with the record", async () => {
    const row = await pupil("Bennett");
    const page = await senco.get(`/pupils/${row.id}/edit`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`value="${row.upn}"`);
    expect(page.text).toContain(`value="${row.date_of_birth}"`);
    expect(page.text).toMatch(/<option value="ASD" selected=""/);
  });

  it("tells the second of two SENCOs editing the same pupil that it changed, and keeps the first change", async () => {
    const seen = await pupil("Kemp");
    const first = await senco.post(`/pupils/${seen.id}/edit`, editFields(seen, { yearGroup: "2" }));
    expect(first.status).toBe(302);
    const second = await senco.post(`/pupils/${seen.id}/edit`, editFields(seen, { firstName: "Leon" }));
    expect(second.status).toBe(409);
    expect(mainText(second.text)).toContain("Someone else changed this record");
    expect(mainText(second.text)).toContain("The record as it is saved now");
    const now = await pupil("Kemp");
    expect(now).toMatchObject({ first_name: "Leo", year_group: "2", version: seen.version + 1 });
  });

  it("refuses bad changes with field errors, keeps what was typed and saves nothing", async () => {
    const row = await pupil("Quinn");
    const hart = DEMO_PUPILS.find((p) => p.lastName === "Hart")!;
    const cases: [Record<string, string>, string][] = [
      [{ upn: hart.upn! }, "Another pupil at this school already has this UPN"],
      [{ primaryNeed: "NSA" }, "can only be recorded for a pupil on SEN support (K)"],
      [{ secondaryNeed: row.primary_need }, "The secondary need must be different from the primary need"],
      [{ dateOfBirth: "2099-12-31" }, "Date of birth must be in the past"],
      [{ firstName: "", lastName: "Quinnell" }, "Enter the pupil's first name"],
    ];
    for (const [changes, message] of cases) {
      const reply = await senco.post(`/pupils/${row.id}/edit`, editFields(row, changes));
      expect(reply.status, message).toBe(400);
      expect(mainText(reply.text)).toContain(message);
      for (const value of Object.values(changes)) if (value && !/^[A-Z]+$/.test(value)) expect(reply.text).toContain(`value="${value}"`);
    }
    expect(await pupil("Quinn")).toEqual(row);
    expect(await auditRows("pupil.update", row.id)).toHaveLength(0);
  });

  it("will not move the date added after the date a pupil left", async () => {
    const ward = await pupil("Ward");
    const reply = await senco.post(`/pupils/${ward.id}/edit`, editFields(ward, { dateAdded: "2026-08-01" }));
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain("Date added must be on or before the date the pupil left");
    expect(await pupil("Ward")).toEqual(ward);
  });
});

describe("marking a pupil as left", () => {
  it("keeps the record, lists it under left, and can be undone", async () => {
    const row = await pupil("Turner");
    const reply = await senco.post(`/pupils/${row.id}`, { intent: "left", version: String(row.version), dateLeft: "2026-10-23" });
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`/pupils/${row.id}?done=left`);
    const left = await pupil("Turner");
    expect(left).toMatchObject({ date_left: "2026-10-23", version: row.version + 1 });
    const page = mainText((await senco.get(reply.location!)).text);
    expect(page).toContain("The pupil has been marked as left");
    expect(page).toContain("This pupil left on 23 October 2026");
    expect(page).toContain("Put back on the register");
    expect(await register(senco)).not.toContain("Turner, Mia");
    expect(await register(senco, "?status=left")).toContain("Turner, Mia");
    expect(await auditRows("pupil.left", row.id)).toHaveLength(1);

    const back = await senco.post(`/pupils/${row.id}`, { intent: "return", version: String(left.version) });
    expect(back.location).toBe(`/pupils/${row.id}?done=returned`);
    expect((await pupil("Turner")).date_left).toBeNull();
    expect(await register(senco)).toContain("Turner, Mia");
    expect((await auditRows("pupil.update", row.id)).at(-1)!.detail).toEqual({ fields: ["date_left"] });
  });

  it("refuses a missing, future, unreal or too-early date, and a stale version, changing nothing", async () => {
    const row = await pupil("Reid");
    const cases: [Record<string, string>, number, string][] = [
      [{ dateLeft: "" }, 400, "Enter the date the pupil left"],
      [{ dateLeft: "2099-01-01" }, 400, "Date left must be today or in the past"],
      [{ dateLeft: "2026-13-01" }, 400, "Date left must be a real date"],
      [{ dateLeft: "2024-11-19" }, 400, "Date left must be on or after the date the pupil was added to the register"],
      [{ dateLeft: "2026-10-01", version: String(row.version - 1) }, 409, "Someone else changed this record"],
    ];
    for (const [changes, status, message] of cases) {
      const reply = await senco.post(`/pupils/${row.id}`, { intent: "left", version: String(row.version), ...changes });
      expect(reply.status, message).toBe(status);
      expect(mainText(reply.text)).toContain(message);
    }
    expect(await pupil("Reid")).toEqual(row);
    expect(await auditRows("pupil.left", row.id)).toHaveLength(0);
  });
});

describe("who may see and change pupils", () => {
  it("shows the headteacher the register and records, read-only", async () => {
    const row = await pupil("Hart");
    const list = await head.get("/pupils");
    expect(list.status).toBe(200);
    expect(mainText(list.text)).toContain("Hart, Amelia");
    expect(list.text).not.toContain('href="/pupils/new"');
    const record = await head.get(`/pupils/${row.id}`);
    expect(record.status).toBe(200);
    expect(mainText(record.text)).toContain("Amelia Hart");
    expect(record.text).not.toContain(`href="/pupils/${row.id}/edit"`);
    expect(mainText(record.text)).not.toContain("Mark as left");
    expect((await auditRows("pupil.view", row.id)).some((r) => r.actor_role === "headteacher")).toBe(true);
  });

  it("answers the headteacher's attempts to change anything with 404, and changes nothing", async () => {
    const row = await pupil("Hart");
    const before = await pupilCount();
    expect((await head.get("/pupils/new")).status).toBe(404);
    expect((await head.get(`/pupils/${row.id}/edit`)).status).toBe(404);
    expect((await head.post("/pupils/new", { ...NEW_PUPIL, lastName: "ByHead", upn: "" })).status).toBe(404);
    expect((await head.post(`/pupils/${row.id}/edit`, editFields(row, { firstName: "Changed" }))).status).toBe(404);
    expect((await head.post(`/pupils/${row.id}`, { intent: "left", version: String(row.version), dateLeft: "2026-10-01" })).status).toBe(404);
    expect((await head.post(`/pupils/${row.id}`, { intent: "return", version: String(row.version) })).status).toBe(404);
    // Even a form that would fail validation: 404, not a field error.
    expect((await head.post(`/pupils/${row.id}`, { intent: "left", version: "x", dateLeft: "" })).status).toBe(404);
    expect(await pupilCount()).toBe(before);
    expect(await pupil("Hart")).toEqual(row);
  });

  it("answers another school's SENCO with 404 for every page and form about the pupil, and records no view", async () => {
    const row = await pupil("Hart");
    const views = (await auditRows("pupil.view", row.id)).length;
    const missing = await riversideSenco.get("/pupils/999999");
    const forbidden = await riversideSenco.get(`/pupils/${row.id}`);
    expect(forbidden.status).toBe(404);
    expect(mainText(forbidden.text)).toBe(mainText(missing.text));
    expect((await riversideSenco.get(`/pupils/${row.id}/edit`)).status).toBe(404);
    expect((await riversideSenco.post(`/pupils/${row.id}/edit`, editFields(row, { firstName: "Changed" }))).status).toBe(404);
    expect((await riversideSenco.post(`/pupils/${row.id}`, { intent: "left", version: String(row.version), dateLeft: "2026-10-01" })).status).toBe(404);
    expect((await riversideSenco.post(`/pupils/${row.id}`, { intent: "return", version: String(row.version) })).status).toBe(404);
    expect(await pupil("Hart")).toEqual(row);
    expect(await auditRows("pupil.view", row.id)).toHaveLength(views);
  });

  it("keeps every child's name, UPN, date of birth and needs out of the audit log", async () => {
    const rows = await db().selectFrom("audit_events").select(["action", "detail"]).where("action", "like", "pupil.%").execute();
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(["pupil.create", "pupil.view", "pupil.list", "pupil.update", "pupil.left"]));
    const needs = await db().selectFrom("sen_need_types").select(["code", "name"]).execute();
    const pupils = await db().selectFrom("pupils").select(["first_name", "last_name", "upn", "date_of_birth"]).execute();
    const secrets = [
      ...pupils.flatMap((p) => [p.first_name, p.last_name, p.upn, p.date_of_birth]),
      ...needs.flatMap((n) => [`"${n.code}"`, n.name]),
    ].filter((s): s is string => Boolean(s));
    for (const row of rows) {
      const detail = JSON.stringify(row.detail);
      for (const secret of secrets) expect(detail, `${row.action} ${detail}`).not.toContain(secret);
    }
  });
});

describe("helpers for funding requests", () => {
  function actorFor(email: string): Promise<Actor> {
    return actorForEmail(db(), email);
  }

  it("lists the school's current pupils for a select box, and says whether a pupil is the school's", async () => {
    const actor = await actorFor("senco@oakfield.example");
    const choices = await listCurrentPupilsForFundingRequest(db(), actor);
    const names = choices.map((c) => c.name);
    expect(names).toContain("Amelia Hart");
    expect(names).not.toContain("Jacob Ward"); // left
    expect(names).not.toContain("Sophie Dunn"); // Riverside
    expect(names.indexOf("Noah Bennett")).toBeLessThan(names.indexOf("Amelia Hart"));
    expect(choices.find((c) => c.name === "Amelia Hart")!.upn).toBe(DEMO_PUPILS[0]!.upn);
    const ward = await pupil("Ward");
    const dunn = await pupil("Dunn");
    // Whether a pupil is the school's (current, on its register) is read through the actor's reach.
    const isCurrentPupil = async (id: number) => (await currentPupilProvision(db(), actor, id)) !== null;
    expect(await isCurrentPupil(ward.id)).toBe(false);
    expect(await isCurrentPupil((await pupil("Hart")).id)).toBe(true);
    expect(await isCurrentPupil(dunn.id)).toBe(false);
    expect(await isCurrentPupil(-1)).toBe(false);
  });

  it("refuses the list to anyone but the school's staff", async () => {
    const officer = await actorFor("officer@kent.example");
    const refusal: unknown = await listCurrentPupilsForFundingRequest(db(), officer).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(404);
  });
});
