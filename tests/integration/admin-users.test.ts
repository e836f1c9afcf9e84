import { beforeAll, describe, expect, it } from "vitest";
import { Browser, seededApp, mainText, title } from "../setup/app.ts";

const t = seededApp();
let admin: Browser;

beforeAll(async () => {
  admin = new Browser(t.app.baseUrl);
  await admin.signIn("admin@kent.example");
});

const NEW_SENCO = {
  displayName: "Jo Baker",
  email: "Jo.Baker@Bearsted.example",
  role: "senco",
  schoolUrn: "990003",
  championUrns: "",
  districtCode: "",
  password: "welcome to the portal",
};

async function userByEmail(email: string) {
  return t.database.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

async function auditActions(subjectId: number) {
  const rows = await t.database.db.selectFrom("audit_events").select("action").where("subject_type", "=", "user").where("subject_id", "=", String(subjectId)).orderBy("id").execute();
  return rows.map((r) => r.action);
}

describe("creating a user", () => {
  it("creates a SENCO of a school who can then sign in and see that school", async () => {
    const reply = await admin.post("/admin/users/new", NEW_SENCO);
    expect(reply.location).toBe("/admin/users?created=1");
    const user = await userByEmail("jo.baker@bearsted.example");
    expect(user).toBeDefined();
    expect(user!.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await auditActions(user!.id)).toEqual(["user.create"]);
    const list = await admin.get("/admin/users?q=baker");
    expect(mainText(list.text)).toContain("Jo Baker");
    const jo = new Browser(t.app.baseUrl);
    await jo.signIn("jo.baker@bearsted.example", NEW_SENCO.password);
    expect((await jo.get("/home")).text).toContain("Bearsted Green Primary School");
  });

  it("explains each problem by its field, keeps what was typed, and creates nothing", async () => {
    const before = await t.database.db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const reply = await admin.post("/admin/users/new", {
      displayName: "",
      email: "not-an-email",
      role: "senco",
      schoolUrn: "",
      championUrns: "",
      districtCode: "",
      password: "",
    });
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: Create a user/);
    const text = mainText(reply.text);
    expect(text).toContain("Enter the person's full name");
    expect(text).toContain("Enter an email address in the correct format");
    expect(text).toContain("Enter the school's 6-digit URN");
    expect(text).toContain("Enter a first password for the account");
    expect(reply.text).toContain('value="not-an-email"');
    expect(reply.text).toMatch(/href="#new-user-email"/);
    const after = await t.database.db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("refuses a duplicate email, an unknown URN, a common password and an unknown role", async () => {
    const duplicate = await admin.post("/admin/users/new", { ...NEW_SENCO, email: "senco@oakfield.example" });
    expect(mainText(duplicate.text)).toContain("A user with this email address already exists");
    const unknownSchool = await admin.post("/admin/users/new", { ...NEW_SENCO, email: "x1@school.example", schoolUrn: "123456" });
    expect(mainText(unknownSchool.text)).toContain("No school has the URN 123456");
    const common = await admin.post("/admin/users/new", { ...NEW_SENCO, email: "x2@school.example", password: "iloveyou1" });
    expect(mainText(common.text)).toContain("Password is too common");
    const badRole = await admin.post("/admin/users/new", { ...NEW_SENCO, email: "x3@school.example", role: "superuser" });
    expect(badRole.status).toBe(400);
    expect(mainText(badRole.text)).toContain("Select a role");
    for (const email of ["x1@school.example", "x2@school.example", "x3@school.example"]) expect(await userByEmail(email)).toBeUndefined();
  });

  it("creates an Inclusion Champion for several schools and an STLS teacher for a district", async () => {
    await admin.post("/admin/users/new", {
      ...NEW_SENCO,
      email: "new.champion@kent.example",
      role: "inclusion_champion",
      schoolUrn: "",
      championUrns: "990002, 990004 990005",
    });
    await admin.post("/admin/users/new", { ...NEW_SENCO, email: "new.stls@kent.example", role: "stls", schoolUrn: "", districtCode: "thanet" });
    const champion = new Browser(t.app.baseUrl);
    await champion.signIn("new.champion@kent.example", NEW_SENCO.password);
    const schools = mainText((await champion.get("/schools")).text);
    expect(schools).toContain("3 schools");
    expect(schools).toContain("Riverside Academy");
    const stls = new Browser(t.app.baseUrl);
    await stls.signIn("new.stls@kent.example", NEW_SENCO.password);
    expect((await stls.get("/schools/990002")).status).toBe(200);
    expect((await stls.get("/schools/990001")).status).toBe(404);
  });

  it("refuses a non-admin's POST with 404 and creates nothing", async () => {
    const officer = new Browser(t.app.baseUrl);
    await officer.signIn("officer@kent.example");
    const reply = await officer.post("/admin/users/new", { ...NEW_SENCO, email: "sneaky@kent.example", role: "admin" });
    expect(reply.status).toBe(404);
    expect(await userByEmail("sneaky@kent.example")).toBeUndefined();
  });
});

describe("changing a user", () => {
  it("deactivates a user, ending their sessions at once, and reactivates them", async () => {
    const head = new Browser(t.app.baseUrl);
    await head.signIn("head@riverside.example");
    const user = (await userByEmail("head@riverside.example"))!;
    const reply = await admin.post(`/admin/users/${user.id}`, { intent: "deactivate", version: String(user.version) });
    expect(reply.location).toBe(`/admin/users/${user.id}?done=deactivate`);
    expect(mainText((await admin.get(reply.location!)).text)).toContain("The user has been deactivated");
    expect((await head.get("/home")).location).toMatch(/^\/login/);
    const again = await new Browser(t.app.baseUrl).post("/login", { email: "head@riverside.example", password: "portal-demo-2026" });
    expect(again.status).toBe(400);
    const current = (await userByEmail("head@riverside.example"))!;
    await admin.post(`/admin/users/${user.id}`, { intent: "reactivate", version: String(current.version) });
    await new Browser(t.app.baseUrl).signIn("head@riverside.example");
    expect(await auditActions(user.id)).toEqual(expect.arrayContaining(["user.deactivate", "user.reactivate"]));
  });

  it("tells the second of two admins working on the same user that it changed, and changes nothing for them", async () => {
    const user = (await userByEmail("senco@riverside.example"))!;
    const seen = String(user.version);
    const first = await admin.post(`/admin/users/${user.id}`, { intent: "deactivate", version: seen });
    expect(first.status).toBe(302);
    const second = await admin.post(`/admin/users/${user.id}`, {
      intent: "role",
      version: seen,
      role: "headteacher",
      schoolUrn: "990002",
      championUrns: "",
      districtCode: "",
    });
    expect(second.status).toBe(409);
    expect(mainText(second.text)).toContain("Someone else changed this record");
    const membership = await t.database.db.selectFrom("memberships").select("role").where("user_id", "=", user.id).execute();
    expect(membership.map((m) => m.role)).toEqual(["senco"]);
    const now = (await userByEmail("senco@riverside.example"))!;
    await admin.post(`/admin/users/${user.id}`, { intent: "reactivate", version: String(now.version) });
  });

  it("changes a role, ending the user's sessions so they return with the new role", async () => {
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const user = (await userByEmail("senco@oakfield.example"))!;
    const reply = await admin.post(`/admin/users/${user.id}`, {
      intent: "role",
      version: String(user.version),
      role: "headteacher",
      schoolUrn: "990001",
      championUrns: "",
      districtCode: "",
    });
    expect(reply.location).toBe(`/admin/users/${user.id}?done=role`);
    expect((await senco.get("/home")).location).toMatch(/^\/login/);
    const back = new Browser(t.app.baseUrl);
    await back.signIn("senco@oakfield.example");
    expect(mainText((await back.get("/home")).text)).toContain("Headteacher, Oakfield Primary School");
    expect(await auditActions(user.id)).toContain("user.change_role");
  });

  it("will not let an admin deactivate themselves or drop their own admin role", async () => {
    const me = (await userByEmail("admin@kent.example"))!;
    const deactivate = await admin.post(`/admin/users/${me.id}`, { intent: "deactivate", version: String(me.version) });
    expect(deactivate.status).toBe(409);
    const demote = await admin.post(`/admin/users/${me.id}`, { intent: "role", version: String(me.version), role: "senco", schoolUrn: "990001" });
    expect(demote.status).toBe(400);
    expect(mainText(demote.text)).toContain("You cannot remove your own administrator role");
    expect((await userByEmail("admin@kent.example"))!.active).toBe(true);
  });

  it("shows admin changes in the audit log page", async () => {
    const page = mainText((await admin.get("/admin/audit")).text);
    expect(page).toContain("user.create");
    expect(page).toContain("user.deactivate");
    expect(page).toContain("Sam Okafor");
  });
});
