import { describe, expect, it } from "vitest";
import { sessionIdFromToken } from "../../app/auth/session.server.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { Browser, seededApp, mainText } from "../setup/app.ts";

const t = seededApp();

async function sessionRow(browser: Browser) {
  return t.database.db
    .selectFrom("sessions")
    .selectAll()
    .where("id", "=", sessionIdFromToken(browser.sessionToken()!))
    .executeTakeFirst();
}

describe("session lifetime", () => {
  it("ends a session idle for 30 minutes, and says so on the sign-in page", async () => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn("senco@oakfield.example");
    await t.database.db
      .updateTable("sessions")
      .set({ last_seen_at: new Date(Date.now() - 30 * 60_000 - 1_000) })
      .where("id", "=", sessionIdFromToken(browser.sessionToken()!))
      .execute();
    const reply = await browser.get("/home");
    expect(reply.location).toBe("/login?redirectTo=%2Fhome&ended=1");
    const login = await browser.get(reply.location!);
    expect(mainText(login.text)).toContain("You were signed out because your session ended");
  });

  it("keeps an active session alive, moving the idle deadline on", async () => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn("senco@oakfield.example");
    const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000);
    await t.database.db.updateTable("sessions").set({ last_seen_at: twentyMinutesAgo }).where("id", "=", sessionIdFromToken(browser.sessionToken()!)).execute();
    expect((await browser.get("/home")).status).toBe(200);
    const row = await sessionRow(browser);
    expect(row!.last_seen_at.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("ends a session 12 hours after sign-in however active it is", async () => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn("head@oakfield.example");
    await t.database.db
      .updateTable("sessions")
      .set({ created_at: new Date(Date.now() - 12 * 3_600_000), expires_at: new Date(Date.now() - 1_000), last_seen_at: new Date() })
      .where("id", "=", sessionIdFromToken(browser.sessionToken()!))
      .execute();
    expect((await browser.get("/home")).location).toMatch(/^\/login\?.*ended=1/);
    expect(await sessionRow(browser)).toBeUndefined();
  });

  it("shows when the session will end, and 'Stay signed in' moves it on", async () => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn("officer@kent.example");
    const home = await browser.get("/home");
    expect(home.text).toContain("you will be signed out at");
    const stale = new Date(Date.now() - 26 * 60_000);
    await t.database.db.updateTable("sessions").set({ last_seen_at: stale }).where("id", "=", sessionIdFromToken(browser.sessionToken()!)).execute();
    const extended = await browser.post("/session/extend", {});
    expect(extended.status).toBe(200);
    const row = await sessionRow(browser);
    expect(row!.last_seen_at.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it("ends the session at once when the user is deactivated", async () => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn("senco@riverside.example");
    await t.database.db.updateTable("users").set({ active: false }).where("email", "=", "senco@riverside.example").execute();
    expect((await browser.get("/home")).location).toMatch(/^\/login/);
    await t.database.db.updateTable("users").set({ active: true }).where("email", "=", "senco@riverside.example").execute();
  });

  it("rejects a made-up session cookie without touching the database rows", async () => {
    const count = async () => Number((await t.database.db.selectFrom("sessions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const before = await count();
    const browser = new Browser(t.app.baseUrl);
    browser.cookies.set("__Host-kent_session", "a".repeat(32));
    expect((await browser.get("/home")).location).toMatch(/^\/login/);
    browser.cookies.set("__Host-kent_session", "'; DROP TABLE sessions; --");
    expect((await browser.get("/home")).location).toMatch(/^\/login/);
    expect(await count()).toBe(before);
  });
});

describe("changing your password", () => {
  it("refuses a wrong current password and a common new one, with messages by the fields", async () => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn("stls@kent.example");
    const wrong = await browser.post("/account", { currentPassword: "nope-nope-nope", newPassword: "a-long-new-passphrase" });
    expect(wrong.status).toBe(400);
    expect(mainText(wrong.text)).toContain("Your current password is not right");
    const common = await browser.post("/account", { currentPassword: DEMO_PASSWORD, newPassword: "password123" });
    expect(common.status).toBe(400);
    expect(mainText(common.text)).toContain("Password is too common");
    const short = await browser.post("/account", { currentPassword: DEMO_PASSWORD, newPassword: "short" });
    expect(mainText(short.text)).toContain("Password must be 8 characters or more");
    expect(short.text).not.toContain(DEMO_PASSWORD);
  });

  it("ends every other session, keeps this browser signed in, and accepts long pasted passwords", async () => {
    const here = new Browser(t.app.baseUrl);
    const elsewhere = new Browser(t.app.baseUrl);
    await here.signIn("admin@kent.example");
    await elsewhere.signIn("admin@kent.example");
    const newPassword = "correct horse battery staple ".repeat(8).trim();
    const reply = await here.post("/account", { currentPassword: DEMO_PASSWORD, newPassword });
    expect(reply.location).toBe("/account?changed=1");
    expect((await here.get("/account?changed=1")).text).toContain("Your password has been changed");
    expect((await elsewhere.get("/home")).location).toMatch(/^\/login/);
    const again = new Browser(t.app.baseUrl);
    await again.signIn("admin@kent.example", newPassword);
    const audit = await t.database.db.selectFrom("audit_events").select("action").where("action", "=", "auth.password_change").execute();
    expect(audit).toHaveLength(1);
  });
});

describe("the audit log", () => {
  it("records sign-in, failed sign-in and sign-out with the request id", async () => {
    const browser = new Browser(t.app.baseUrl);
    const failed = await browser.post("/login", { email: "head@oakfield.example", password: "wrong-password" });
    await browser.signIn("head@oakfield.example");
    await browser.post("/logout", {});
    const user = await t.database.db.selectFrom("users").select("id").where("email", "=", "head@oakfield.example").executeTakeFirstOrThrow();
    const rows = await t.database.db
      .selectFrom("audit_events")
      .select(["action", "request_id", "actor_role"])
      .where("subject_id", "=", String(user.id))
      .orderBy("id")
      .execute();
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.sign_in_failed", "auth.sign_in", "auth.sign_out"]));
    expect(rows.find((r) => r.action === "auth.sign_in_failed")!.request_id).toBe(failed.headers.get("x-request-id"));
    expect(rows.find((r) => r.action === "auth.sign_in")!.actor_role).toBe("headteacher");
  });

  it("cannot be changed or deleted, even directly in the database", async () => {
    await expect(t.database.db.updateTable("audit_events").set({ action: "tampered" }).execute()).rejects.toThrow(/append-only/);
    await expect(t.database.db.deleteFrom("audit_events").execute()).rejects.toThrow(/append-only/);
  });
});
