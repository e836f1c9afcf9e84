import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "../../app/domain/financial-year.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";

// Dates on the pupil register's forms use the GOV.UK date input (issue 14): three boxes, the Design System's
// messages, the error summary linking to the Day box, and what was typed kept after a refusal.

const t = seededApp();
let senco: Browser;

beforeAll(async () => {
  senco = new Browser(t.app.baseUrl);
  await senco.signIn("senco@oakfield.example");
});

const db = () => t.database.db;
const pupil = (lastName: string) => db().selectFrom("pupils").selectAll().where("last_name", "=", lastName).executeTakeFirstOrThrow();

const parts = (name: string, day: string, month: string, year: string) => ({ [`${name}.day`]: day, [`${name}.month`]: month, [`${name}.year`]: year });

const NEW_PUPIL = {
  firstName: "Ivy",
  lastName: "Datebox",
  upn: "",
  yearGroup: "3",
  senProvision: "K",
  primaryNeed: "SLCN",
  secondaryNeed: "",
};

/** The value attribute of the input named `name` in `html`. */
function valueOf(html: string, name: string) {
  const tag = new RegExp(`<input[^>]*name="${name.replace(".", "\\.")}"[^>]*>`).exec(html)?.[0] ?? "";
  return /value="([^"]*)"/.exec(tag)?.[1];
}

describe("the pupil register's date inputs", () => {
  it("draws day, month and year boxes, never a native date picker", async () => {
    const page = (await senco.get("/pupils/new")).text;
    expect(page).not.toContain('type="date"');
    for (const name of ["dateOfBirth", "dateAdded"]) {
      for (const part of ["day", "month", "year"]) expect(page).toContain(`name="${name}.${part}"`);
    }
    // The Day box carries the field's id, so the error summary can link to it.
    expect(page).toMatch(/<input[^>]*id="new-pupil-dateOfBirth"[^>]*name="dateOfBirth.day"/);
  });

  it("saves the dates typed in the boxes", async () => {
    const reply = await senco.post("/pupils/new", { ...NEW_PUPIL, ...parts("dateOfBirth", "4", "3", "2018"), ...parts("dateAdded", "01", "9", "2025") });
    expect(reply.status).toBe(302);
    expect(await pupil("Datebox")).toMatchObject({ date_of_birth: "2018-03-04", date_added: "2025-09-01" });
  });

  it("takes a whole date pasted into the Day box", async () => {
    const reply = await senco.post("/pupils/new", { ...NEW_PUPIL, lastName: "Pasted", ...parts("dateOfBirth", "14/03/2019", "", ""), ...parts("dateAdded", "", "", "") });
    expect(reply.status).toBe(302);
    expect((await pupil("Pasted")).date_of_birth).toBe("2019-03-14");
  });

  const refusals: [string, Record<string, string>, string, string][] = [
    ["a missing month", parts("dateOfBirth", "4", "", "2018"), "dateOfBirth", "Date of birth must include a month"],
    ["a missing day and month", parts("dateOfBirth", "", "", "2018"), "dateOfBirth", "Date of birth must include a day and month"],
    ["31 February", parts("dateOfBirth", "31", "2", "2018"), "dateOfBirth", "Date of birth must be a real date"],
    ["a month of 13", parts("dateOfBirth", "1", "13", "2018"), "dateOfBirth", "Date of birth must be a real date"],
    ["a two-digit year", parts("dateOfBirth", "1", "2", "18"), "dateOfBirth", "Year must include 4 numbers"],
    ["letters", parts("dateOfBirth", "1st", "May", "2018"), "dateOfBirth", "Date of birth must be a real date"],
    ["no date of birth at all", parts("dateOfBirth", "", "", ""), "dateOfBirth", "Enter the pupil's date of birth"],
    ["a date added with no year", parts("dateAdded", "2", "9", ""), "dateAdded", "Date added must include a year"],
    ["a date of birth in the future", parts("dateOfBirth", "1", "1", "2099"), "dateOfBirth", "Date of birth must be in the past"],
  ];

  it.each(refusals)("refuses %s, links the summary to the Day box and keeps every box as typed", async (_what, dates, field, message) => {
    const typed: Record<string, string> = { ...NEW_PUPIL, lastName: "Refused", ...parts("dateOfBirth", "4", "3", "2018"), ...parts("dateAdded", "", "", ""), ...dates };
    const reply = await senco.post("/pupils/new", typed);
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: /);
    expect(mainText(reply.text)).toContain(message);
    expect(reply.text).toContain(`href="#new-pupil-${field}"`);
    expect(reply.text).toContain(`id="new-pupil-${field}-error"`);
    for (const part of ["day", "month", "year"]) expect(valueOf(reply.text, `${field}.${part}`) ?? "").toBe(typed[`${field}.${part}`]);
    expect(await db().selectFrom("pupils").select("id").where("last_name", "=", "Refused").execute()).toHaveLength(0);
  });

  it("marks only the boxes that are wrong", async () => {
    const reply = await senco.post("/pupils/new", { ...NEW_PUPIL, ...parts("dateOfBirth", "4", "", "2018"), ...parts("dateAdded", "", "", "") });
    expect(reply.text).toMatch(/<input[^>]*aria-invalid="true"[^>]*name="dateOfBirth.month"|<input[^>]*name="dateOfBirth.month"[^>]*aria-invalid="true"/);
    expect(reply.text).not.toMatch(/<input[^>]*aria-invalid="true"[^>]*name="dateOfBirth.day"|<input[^>]*name="dateOfBirth.day"[^>]*aria-invalid="true"/);
  });

  it("fills the change form's boxes with the record and says what is saved", async () => {
    const row = await pupil("Bennett");
    const page = await senco.get(`/pupils/${row.id}/edit`);
    const [year, month, day] = row.date_of_birth.split("-");
    expect(valueOf(page.text, "dateOfBirth.day")).toBe(String(Number(day)));
    expect(valueOf(page.text, "dateOfBirth.month")).toBe(String(Number(month)));
    expect(valueOf(page.text, "dateOfBirth.year")).toBe(year);
    expect(mainText(page.text)).toMatch(/Saved as \d{1,2} [A-Z][a-z]+ \d{4}/);
  });

  it("changes a date of birth typed in the boxes, and refuses half a date on the change form keeping it", async () => {
    const row = await pupil("Bennett");
    const fields = {
      version: String(row.version),
      firstName: row.first_name,
      lastName: row.last_name,
      upn: row.upn ?? "",
      yearGroup: row.year_group,
      senProvision: row.sen_provision,
      primaryNeed: row.primary_need,
      secondaryNeed: row.secondary_need ?? "",
      ...parts("dateAdded", "", "", ""),
    };
    const refused = await senco.post(`/pupils/${row.id}/edit`, { ...fields, ...parts("dateOfBirth", "", "7", "2015") });
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain("Date of birth must include a day");
    expect(valueOf(refused.text, "dateOfBirth.month")).toBe("7");
    const saved = await senco.post(`/pupils/${row.id}/edit`, { ...fields, ...parts("dateOfBirth", "9", "7", "2015") });
    expect(saved.status).toBe(302);
    expect(await pupil("Bennett")).toMatchObject({ date_of_birth: "2015-07-09", date_added: row.date_added });
  });

  it("marks a pupil as left on a date typed in the boxes, and refuses half a date keeping it", async () => {
    const reply = await senco.post("/pupils/new", { ...NEW_PUPIL, lastName: "Leaver", ...parts("dateOfBirth", "2", "2", "2017") });
    expect(reply.status, mainText(reply.text)).toBe(302);
    const row = await pupil("Leaver");
    const page = await senco.get(`/pupils/${row.id}`);
    expect(page.text).toContain('name="dateLeft.day"');
    expect(page.text).not.toContain('type="date"');
    const refused = await senco.post(`/pupils/${row.id}`, { intent: "left", version: String(row.version), ...parts("dateLeft", "3", "9", "") });
    expect(refused.status).toBe(400);
    expect(title(refused.text)).toMatch(/^Error: /);
    expect(mainText(refused.text)).toContain("Date left must include a year");
    expect(refused.text).toMatch(/href="#left-\d+-dateLeft"/);
    expect(valueOf(refused.text, "dateLeft.day")).toBe("3");
    expect(valueOf(refused.text, "dateLeft.month")).toBe("9");
    const [year, month, day] = londonToday().split("-") as [string, string, string];
    const left = await senco.post(`/pupils/${row.id}`, { intent: "left", version: String(row.version), ...parts("dateLeft", day, month, year) });
    expect(left.status).toBe(302);
    expect((await pupil("Leaver")).date_left).toBe(londonToday());
  });
});
