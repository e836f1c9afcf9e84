import { beforeAll, describe, expect, it } from "vitest";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { RIVERSIDE, requestOf } from "../setup/inventory.ts";

// The admin sets which of the council's areas a council officer works in (issue 8, ADR 30), on the user's page:
// only for officers, version-checked, audited; the officer is then told of requests from those areas.

const t = seededApp();
let admin: Browser;
const HELEN = "officer@kent.example"; // West and North in the demo
const KWAME = "officer.east@kent.example"; // East and South

beforeAll(async () => {
  admin = new Browser(t.app.baseUrl);
  await admin.signIn("admin@kent.example");
});

const db = () => t.database.db;
const userByEmail = (email: string) => db().selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
const areasOf = async (userId: number) =>
  (await db().selectFrom("officer_areas").select("area").where("user_id", "=", userId).orderBy("area").execute()).map((r) => r.area);
const audits = (userId: number) =>
  db().selectFrom("audit_events").selectAll().where("subject_type", "=", "user").where("subject_id", "=", String(userId)).where("action", "=", "user.set_officer_areas").orderBy("id").execute();

/** Posts the areas form as a browser does: one `areas` field per ticked box (none when nothing is ticked). */
async function postAreas(browser: Browser, userId: number, version: number, areas: string[]) {
  const body = new URLSearchParams({ intent: "officer-areas", version: String(version), csrf: await browser.csrfToken() });
  for (const area of areas) body.append("areas", area);
  return browser.request("POST", `/admin/users/${userId}`, {
    body: body.toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: browser.baseUrl },
  });
}

/** The boxes the page has ticked, by value. */
const ticked = (html: string) =>
  [...html.matchAll(/<input type="checkbox"[^>]*>/g)]
    .map((m) => m[0])
    .filter((input) => input.includes('name="areas"') && input.includes('checked=""'))
    .map((input) => /value="(\w+)"/.exec(input)![1]);

/** Restores an officer's demo areas (rows written directly: the tests after see the demo as seeded). */
async function restore(userId: number, areas: string[]) {
  await db().deleteFrom("officer_areas").where("user_id", "=", userId).execute();
  await db().insertInto("officer_areas").values(areas.map((area) => ({ user_id: userId, area }))).execute();
}

describe("the areas a council officer works in, on the admin's user page", () => {
  it("shows the officer's areas ticked, the districts in each, and what happens to an area nobody works in", async () => {
    const helen = await userByEmail(HELEN);
    const page = await admin.get(`/admin/users/${helen.id}`);
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain("Areas this officer works in");
    expect(ticked(page.text)).toEqual(["North", "West"]);
    expect(text).toMatch(/North Dartford, Gravesham, Sevenoaks/);
    expect(text).toMatch(/East Canterbury, Swale, Thanet/);
    expect(text).toContain("When no officer works in an area, every council officer is told of its requests, so none waits unseen.");
  });

  it("is not offered for someone who is not a council officer, and refused if sent for them", async () => {
    const senco = await userByEmail("senco@oakfield.example");
    const page = await admin.get(`/admin/users/${senco.id}`);
    expect(mainText(page.text)).not.toContain("Areas this officer works in");
    const reply = await postAreas(admin, senco.id, senco.version, ["North"]);
    expect(reply.status).toBe(409);
    expect(mainText(reply.text)).toContain("They are not a council officer, so they do not work in an area.");
    expect(await areasOf(senco.id)).toEqual([]);
  });

  it("saves the areas ticked, audited, version moved on; the officer is then told of requests from the new area", async () => {
    const helen = await userByEmail(HELEN);
    const kwame = await userByEmail(KWAME);
    const reply = await postAreas(admin, helen.id, helen.version, ["East", "North"]);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`/admin/users/${helen.id}?done=officer-areas`);
    expect(await areasOf(helen.id)).toEqual(["East", "North"]);
    expect((await userByEmail(HELEN)).version).toBe(helen.version + 1);
    const [audit] = await audits(helen.id);
    expect(audit!.detail).toMatchObject({ areas: ["North", "East"], from: ["North", "West"] });
    const done = await admin.get(reply.location!);
    expect(mainText(done.text)).toContain("The areas they work in have been saved.");
    expect(ticked(done.text)).toEqual(["North", "East"]);

    // A request from Riverside (Thanet, East) reaching the council now tells Helen as well as Kwame.
    const reference = await requestOf(t.database, RIVERSIDE, "awaiting_headteacher");
    const row = await db().selectFrom("funding_requests").select("version").where("reference", "=", reference).executeTakeFirstOrThrow();
    const head = new Browser(t.app.baseUrl);
    await head.signIn("head@riverside.example");
    const signed = await head.post(`/funding/${reference}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: String(row.version), comment: "" });
    expect(signed.status).toBe(302);
    const told = await db()
      .selectFrom("notifications")
      .innerJoin("memberships", "memberships.user_id", "notifications.user_id")
      .select("notifications.user_id")
      .where("memberships.role", "=", "council_officer")
      .where("notifications.link", "=", `/funding/${reference}`)
      .execute();
    expect(told.map((n) => n.user_id).sort()).toEqual([helen.id, kwame.id].sort());
    const officer = new Browser(t.app.baseUrl);
    await officer.signIn(HELEN);
    expect(mainText((await officer.get("/notifications")).text)).toContain(reference);
    await restore(helen.id, ["West", "North"]);
  });

  it("lets the admin clear every area, and counts the same form sent twice once", async () => {
    const kwame = await userByEmail(KWAME);
    expect((await postAreas(admin, kwame.id, kwame.version, [])).status).toBe(302);
    expect(await areasOf(kwame.id)).toEqual([]);
    // A double click: the second carries the old version and the same (empty) areas: done, nothing more written.
    expect((await postAreas(admin, kwame.id, kwame.version, [])).status).toBe(302);
    expect((await userByEmail(KWAME)).version).toBe(kwame.version + 1);
    expect(await audits(kwame.id)).toHaveLength(1);
    await restore(kwame.id, ["East", "South"]);
  });

  it("refuses a form sent against an old version, saying what changed, and keeps what was ticked", async () => {
    const kwame = await userByEmail(KWAME);
    expect((await postAreas(admin, kwame.id, kwame.version, ["East"])).status).toBe(302);
    const stale = await postAreas(admin, kwame.id, kwame.version, ["South", "West"]);
    expect(stale.status).toBe(409);
    expect(title(stale.text)).toMatch(/^Error: /);
    const text = mainText(stale.text);
    expect(text).toContain("Someone else changed this record while you were working on it");
    expect(text).toContain("it now differs from what you sent in: the areas they work in");
    expect(ticked(stale.text)).toEqual(["South", "West"]);
    expect(await areasOf(kwame.id)).toEqual(["East"]);
    await restore(kwame.id, ["East", "South"]);
  });

  it("refuses an area the page never offers, an area sent twice and a huge body, changing nothing", async () => {
    const kwame = await userByEmail(KWAME);
    const audited = (await audits(kwame.id)).length;
    const unknown = await postAreas(admin, kwame.id, kwame.version, ["East", "Central"]);
    expect(unknown.status).toBe(400);
    expect(title(unknown.text)).toMatch(/^Error: /);
    expect(mainText(unknown.text)).toContain("Choose only from the council's areas: North, South, East and West");
    expect(unknown.text).toMatch(/href="#areas-\d+-areas"/);

    const twice = await postAreas(admin, kwame.id, kwame.version, ["East", "East"]);
    expect(twice.status).toBe(400);
    expect(mainText(twice.text)).toContain("Choose each area once");

    const huge = await postAreas(admin, kwame.id, kwame.version, ["East", "x".repeat(200_000)]);
    expect(huge.status).toBe(413);

    const many = await postAreas(admin, kwame.id, kwame.version, Array.from({ length: 600 }, () => "North"));
    expect(many.status).toBe(400);

    expect(await areasOf(kwame.id)).toEqual(["East", "South"]);
    expect((await userByEmail(KWAME)).version).toBe(kwame.version);
    expect(await audits(kwame.id)).toHaveLength(audited);
  });

  it("is the admin's alone: an officer or a SENCO sending the form gets the same 404 as for nothing", async () => {
    const kwame = await userByEmail(KWAME);
    for (const email of [HELEN, KWAME, "senco@oakfield.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      const reply = await postAreas(browser, kwame.id, kwame.version, ["North", "South", "East", "West"]);
      expect(reply.status).toBe(404);
      expect((await browser.get(`/admin/users/${kwame.id}`)).status).toBe(404);
    }
    expect(await areasOf(kwame.id)).toEqual(["East", "South"]);
  });
});
