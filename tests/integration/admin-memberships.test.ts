import { beforeAll, describe, expect, it } from "vitest";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";

// The admin can give a person a second membership (issue 14): all of them listed on the user's page, one added,
// one removed (never the last, never the admin's own admin role), audited and version-checked; changing the
// role changes the first membership and keeps the others.

const t = seededApp();
let admin: Browser;

beforeAll(async () => {
  admin = new Browser(t.app.baseUrl);
  await admin.signIn("admin@kent.example");
});

const db = () => t.database.db;
const userByEmail = (email: string) => db().selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();

async function membershipRows(userId: number) {
  return db()
    .selectFrom("memberships")
    .leftJoin("schools", "schools.id", "memberships.school_id")
    .leftJoin("districts", "districts.id", "memberships.district_id")
    .select(["memberships.role", "schools.urn", "districts.code"])
    .where("user_id", "=", userId)
    .orderBy("memberships.id")
    .execute();
}

async function audits(userId: number, action: string) {
  return db().selectFrom("audit_events").selectAll().where("subject_type", "=", "user").where("subject_id", "=", String(userId)).where("action", "=", action).orderBy("id").execute();
}

let counter = 0;
/** A fresh SENCO account, so each test has a person of its own. */
async function newSenco(urn = "990003") {
  counter += 1;
  const email = `membership-${counter}-${Date.now()}@school.example`;
  const reply = await admin.post("/admin/users/new", {
    displayName: `Pat Member ${counter}`,
    email,
    role: "senco",
    schoolUrn: urn,
    championUrns: "",
    districtCode: "",
    password: "welcome to the portal",
  });
  expect(reply.status).toBe(302);
  return userByEmail(email);
}

const scope = (role: string, fields: { schoolUrn?: string; championUrns?: string; districtCode?: string } = {}) => ({
  role,
  schoolUrn: fields.schoolUrn ?? "",
  championUrns: fields.championUrns ?? "",
  districtCode: fields.districtCode ?? "",
});

describe("a person's memberships on the admin's user page", () => {
  it("lists every membership of the demo's champion, who is also SENCO of Stour Valley, and keeps that school out of her champion form", async () => {
    const grace = await userByEmail("champion@kent.example");
    const page = await admin.get(`/admin/users/${grace.id}`);
    const text = mainText(page.text);
    expect(text).toMatch(/Roles Role and where Action Inclusion Champion, \d+ schools First Remove/);
    expect(text).toContain("SENCO, Stour Valley Primary School");
    const champion = /name="championUrns"[^>]*value="([^"]*)"/.exec(page.text)?.[1] ?? "";
    expect(champion).not.toContain("990009");
    expect(champion.split(", ").length).toBeGreaterThan(1);
  });

  it("adds a second membership, audited, version moved on; the person can then act in either", async () => {
    const pat = await newSenco();
    const reply = await admin.post(`/admin/users/${pat.id}`, { intent: "add-membership", version: String(pat.version), ...scope("inclusion_champion", { championUrns: "990001, 990002" }) });
    expect(reply.location).toBe(`/admin/users/${pat.id}?done=add-membership`);
    expect(await membershipRows(pat.id)).toEqual([
      { role: "senco", urn: "990003", code: null },
      { role: "inclusion_champion", urn: "990001", code: null },
      { role: "inclusion_champion", urn: "990002", code: null },
    ]);
    expect((await userByEmail(pat.email)).version).toBe(pat.version + 1);
    const [audit] = await audits(pat.id, "user.add_membership");
    expect(audit!.detail).toMatchObject({ membership: "inclusion_champion", role: "inclusion_champion", rows: 2 });
    expect(mainText((await admin.get(reply.location!)).text)).toContain("The role has been added.");
    const person = new Browser(t.app.baseUrl);
    await person.signIn(pat.email, "welcome to the portal");
    const home = await person.get("/home");
    expect(home.text).toContain('action="/session/acting-as"');
    expect(home.text).toContain("Inclusion Champion, 2 schools");
  });

  it("refuses a membership the person already has, a missing URN and a stale version, changing nothing and keeping what was typed", async () => {
    const pat = await newSenco();
    const again = await admin.post(`/admin/users/${pat.id}`, { intent: "add-membership", version: String(pat.version), ...scope("senco", { schoolUrn: "990003" }) });
    expect(again.status).toBe(400);
    expect(title(again.text)).toMatch(/^Error: /);
    expect(mainText(again.text)).toContain("They already have this role there");
    expect(again.text).toMatch(/href="#add-\d+-schoolUrn"/);

    const missing = await admin.post(`/admin/users/${pat.id}`, { intent: "add-membership", version: String(pat.version), ...scope("headteacher") });
    expect(missing.status).toBe(400);
    expect(mainText(missing.text)).toContain("Enter the school's 6-digit URN");
    expect(missing.text).toMatch(/<option value="headteacher" selected="">/);

    const unknown = await admin.post(`/admin/users/${pat.id}`, { intent: "add-membership", version: String(pat.version), ...scope("headteacher", { schoolUrn: "123456" }) });
    expect(mainText(unknown.text)).toContain("No school has the URN 123456");
    expect(unknown.text).toContain('value="123456"');

    const stale = await admin.post(`/admin/users/${pat.id}`, { intent: "add-membership", version: String(pat.version - 1), ...scope("headteacher", { schoolUrn: "990001" }) });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record");
    expect(await membershipRows(pat.id)).toEqual([{ role: "senco", urn: "990003", code: null }]);
    expect((await userByEmail(pat.email)).version).toBe(pat.version);
    expect(await audits(pat.id, "user.add_membership")).toHaveLength(0);
  });

  it("changing the role changes only the first membership: the second is kept, not silently dropped", async () => {
    const pat = await newSenco();
    await admin.post(`/admin/users/${pat.id}`, { intent: "add-membership", version: String(pat.version), ...scope("stls", { districtCode: "maidstone" }) });
    const now = await userByEmail(pat.email);
    const page = mainText((await admin.get(`/admin/users/${pat.id}`)).text);
    expect(page).toContain("This changes their first role, where they start when they sign in. Their other role is kept.");
    const reply = await admin.post(`/admin/users/${pat.id}`, { intent: "role", version: String(now.version), ...scope("headteacher", { schoolUrn: "990004" }) });
    expect(reply.status).toBe(302);
    expect(await membershipRows(pat.id)).toEqual([
      { role: "headteacher", urn: "990004", code: null },
      { role: "stls", urn: null, code: "maidstone" },
    ]);
    const [audit] = await audits(pat.id, "user.change_role");
    expect(audit!.detail).toMatchObject({ role: "headteacher", from: "senco:990003", kept: 1 });
  });

  it("removes a membership after a confirm step that works without JavaScript; a double click removes it once", async () => {
    const pat = await newSenco();
    await admin.post(`/admin/users/${pat.id}`, { intent: "add-membership", version: String(pat.version), ...scope("headteacher", { schoolUrn: "990001" }) });
    const now = await userByEmail(pat.email);
    // The link is a GET: the page then asks, and only its button POSTs.
    const plain = await admin.get(`/admin/users/${pat.id}`);
    expect(plain.text).toContain(`href="/admin/users/${pat.id}?remove=headteacher%3A990001#confirm"`);
    expect(mainText(plain.text)).not.toContain("Yes, remove this role");
    const confirm = await admin.get(`/admin/users/${pat.id}?remove=headteacher%3A990001`);
    const asked = mainText(confirm.text);
    expect(asked).toContain(`Remove Headteacher, Oakfield Primary School from ${pat.display_name}?`);
    expect(asked).toContain("Yes, remove this role");
    expect(asked).toContain("No, go back");
    expect(confirm.text).toContain('name="key" value="headteacher:990001"');
    expect(await membershipRows(pat.id)).toHaveLength(2);

    const remove = { intent: "remove-membership", version: String(now.version), key: "headteacher:990001" };
    expect((await admin.post(`/admin/users/${pat.id}`, remove)).location).toBe(`/admin/users/${pat.id}?done=remove-membership`);
    expect((await admin.post(`/admin/users/${pat.id}`, remove)).location).toBe(`/admin/users/${pat.id}?done=remove-membership`);
    expect(await membershipRows(pat.id)).toEqual([{ role: "senco", urn: "990003", code: null }]);
    const removed = await audits(pat.id, "user.remove_membership");
    expect(removed).toHaveLength(1);
    expect(removed[0]!.detail).toMatchObject({ membership: "headteacher:990001", role: "headteacher" });
  });

  it("never removes the last membership, and offers no confirm step for it", async () => {
    const pat = await newSenco();
    const page = await admin.get(`/admin/users/${pat.id}?remove=senco%3A990003`);
    expect(mainText(page.text)).not.toContain("Yes, remove this role");
    expect(mainText(page.text)).toContain("A person must keep at least one role");
    const reply = await admin.post(`/admin/users/${pat.id}`, { intent: "remove-membership", version: String(pat.version), key: "senco:990003" });
    expect(reply.status).toBe(409);
    expect(title(reply.text)).toMatch(/^Error: /);
    expect(mainText(reply.text)).toContain("A person must keep at least one role");
    expect(await membershipRows(pat.id)).toHaveLength(1);
    expect((await userByEmail(pat.email)).version).toBe(pat.version);
  });

  it("never removes the admin's own admin role, by removing it or by changing the first role, but lets them drop a second one", async () => {
    const me = await userByEmail("admin@kent.example");
    expect((await admin.post(`/admin/users/${me.id}`, { intent: "add-membership", version: String(me.version), ...scope("council_officer") })).status).toBe(302);
    const now = await userByEmail("admin@kent.example");
    const page = mainText((await admin.get(`/admin/users/${me.id}?remove=admin`)).text);
    expect(page).not.toContain("Yes, remove this role");
    expect(page).toContain("You cannot remove your own administrator role");
    const remove = await admin.post(`/admin/users/${me.id}`, { intent: "remove-membership", version: String(now.version), key: "admin" });
    expect(remove.status).toBe(409);
    expect(mainText(remove.text)).toContain("You cannot remove your own administrator role");
    const demote = await admin.post(`/admin/users/${me.id}`, { intent: "role", version: String(now.version), ...scope("senco", { schoolUrn: "990001" }) });
    expect(demote.status).toBe(400);
    expect(mainText(demote.text)).toContain("You cannot remove your own administrator role");
    expect((await membershipRows(me.id)).map((m) => m.role)).toEqual(["admin", "council_officer"]);
    // The second one can go (it ends the admin's own sessions, so sign in again afterwards).
    const drop = await admin.post(`/admin/users/${me.id}`, { intent: "remove-membership", version: String(now.version), key: "council_officer" });
    expect(drop.status).toBe(302);
    expect((await membershipRows(me.id)).map((m) => m.role)).toEqual(["admin"]);
    admin = new Browser(t.app.baseUrl);
    await admin.signIn("admin@kent.example");
  });

  it("refuses a removal sent against an old version, saying what changed", async () => {
    const pat = await newSenco();
    await admin.post(`/admin/users/${pat.id}`, { intent: "add-membership", version: String(pat.version), ...scope("headteacher", { schoolUrn: "990001" }) });
    const seen = await userByEmail(pat.email);
    await admin.post(`/admin/users/${pat.id}`, { intent: "add-membership", version: String(seen.version), ...scope("stls", { districtCode: "maidstone" }) });
    const stale = await admin.post(`/admin/users/${pat.id}`, { intent: "remove-membership", version: String(seen.version), key: "headteacher:990001" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record");
    expect(await membershipRows(pat.id)).toHaveLength(3);
  });
});
