import { describe, expect, it } from "vitest";
import { sessionIdFromToken } from "../../app/auth/session.server.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { Browser, seededApp, mainText, startApp, title } from "../setup/app.ts";

const t = seededApp();

describe("signing in", () => {
  it("signs every demo account in to its own home page, and out again", async () => {
    for (const account of DEMO_ACCOUNTS) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(account.email);
      const home = await browser.get("/home");
      expect(home.status).toBe(200);
      expect(home.text).toContain(account.name);
      expect(home.text).toContain("Sign out");
      const out = await browser.post("/logout", {});
      expect(out.location).toBe("/login?signedout=1");
      expect((await browser.get("/home")).location).toMatch(/^\/login/);
    }
  });

  it("stores only the SHA-256 of the session token, and gives a new token at each sign-in", async () => {
    const first = new Browser(t.app.baseUrl);
    await first.signIn("senco@oakfield.example");
    const second = new Browser(t.app.baseUrl);
    await second.signIn("senco@oakfield.example");
    const a = first.sessionToken()!;
    const b = second.sessionToken()!;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z2-7]{32}$/); // 160 bits
    const rows = await t.database.db.selectFrom("sessions").select("id").execute();
    const ids = rows.map((r) => r.id);
    expect(ids).toContain(sessionIdFromToken(a));
    expect(ids).not.toContain(a);
  });

  it("sets the session cookie HttpOnly, SameSite=Lax, Secure and __Host- prefixed", async () => {
    const browser = new Browser(t.app.baseUrl);
    const reply = await browser.signIn("officer@kent.example");
    const cookie = reply.headers.getSetCookie().find((c) => c.includes("kent_session"))!;
    expect(cookie).toMatch(/^__Host-kent_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
  });

  it("answers a wrong password and an unknown email with the same message, keeping the email typed", async () => {
    const browser = new Browser(t.app.baseUrl);
    const wrongPassword = await browser.post("/login", { email: "senco@oakfield.example", password: "not-the-password" });
    const unknownEmail = await browser.post("/login", { email: "nobody@oakfield.example", password: DEMO_PASSWORD });
    expect(wrongPassword.status).toBe(400);
    expect(unknownEmail.status).toBe(400);
    expect(mainText(wrongPassword.text)).toContain("Enter a correct email address and password");
    expect(mainText(unknownEmail.text)).toContain("Enter a correct email address and password");
    expect(title(wrongPassword.text)).toMatch(/^Error: Sign in/);
    expect(wrongPassword.text).toContain('value="senco@oakfield.example"');
    expect(wrongPassword.text).not.toContain("not-the-password");
    const audit = await t.database.db.selectFrom("audit_events").select("action").where("action", "=", "auth.sign_in_failed").execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it("says which fields are missing, linking the error summary to them", async () => {
    const browser = new Browser(t.app.baseUrl);
    const reply = await browser.post("/login", { email: "", password: "" });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain("There is a problem");
    expect(reply.text).toMatch(/href="#login-email"[^>]*>Enter your email address/);
    expect(reply.text).toMatch(/href="#login-password"[^>]*>Enter your password/);
  });

  it("refuses a deactivated user with the same message as a wrong password", async () => {
    await t.database.db.updateTable("users").set({ active: false }).where("email", "=", "head@riverside.example").execute();
    const browser = new Browser(t.app.baseUrl);
    const reply = await browser.post("/login", { email: "head@riverside.example", password: DEMO_PASSWORD });
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain("Enter a correct email address and password");
    await t.database.db.updateTable("users").set({ active: true }).where("email", "=", "head@riverside.example").execute();
  });

  it("sends a signed-in visitor of /login to their home page, and brings a signed-out one back where they were going", async () => {
    const browser = new Browser(t.app.baseUrl);
    const away = await browser.get("/schools/990001");
    expect(away.location).toBe("/login?redirectTo=%2Fschools%2F990001");
    const reply = await browser.post("/login", { email: "senco@oakfield.example", password: DEMO_PASSWORD, redirectTo: "/schools/990001" });
    expect(reply.location).toBe("/schools/990001");
    expect((await browser.get("/login")).location).toBe("/home");
    const offsite = new Browser(t.app.baseUrl);
    const evil = await offsite.post("/login", { email: "senco@oakfield.example", password: DEMO_PASSWORD, redirectTo: "//evil.example/" });
    expect(evil.location).toBe("/home");
  });

  it("ends a session for a replayed cookie after sign-out", async () => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn("stls@kent.example");
    const stolen = new Map(browser.cookies);
    await browser.post("/logout", {});
    const replay = new Browser(t.app.baseUrl);
    replay.cookies = stolen;
    const reply = await replay.get("/home");
    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/login?redirectTo=%2Fhome&ended=1");
  });
});

describe("sign-in limits", () => {
  it("answers the 11th attempt in a minute from one address with 429 and a plain message", async () => {
    const limited = await startApp(t.database, { signInLimits: { perIpPerMinute: 10 } });
    try {
      await t.database.db.deleteFrom("sign_in_attempts").execute();
      const browser = new Browser(limited.baseUrl);
      for (let i = 0; i < 10; i++) {
        const reply = await browser.post("/login", { email: `guess${i}@oakfield.example`, password: "wrong-password" });
        expect(reply.status).toBe(400);
      }
      const eleventh = await browser.post("/login", { email: "senco@oakfield.example", password: DEMO_PASSWORD });
      expect(eleventh.status).toBe(429);
      expect(mainText(eleventh.text)).toContain("too many attempts");
      // Not a permanent lock-out: once the minute has passed, sign-in works again.
      await t.database.db
        .updateTable("sign_in_attempts")
        .set({ attempted_at: new Date(Date.now() - 61_000) })
        .execute();
      await browser.signIn("senco@oakfield.example");
    } finally {
      await limited.close();
      await t.database.db.deleteFrom("sign_in_attempts").execute();
    }
  });

  it("answers with 429 after 100 failures on one account in an hour, even with the right password", async () => {
    await t.database.db
      .insertInto("sign_in_attempts")
      .values(Array.from({ length: 100 }, (_, i) => ({ ip: `10.0.${i}.1`, email: "officer@kent.example", succeeded: false })))
      .execute();
    const browser = new Browser(t.app.baseUrl);
    const reply = await browser.post("/login", { email: "officer@kent.example", password: DEMO_PASSWORD });
    expect(reply.status).toBe(429);
    await t.database.db
      .updateTable("sign_in_attempts")
      .set({ attempted_at: new Date(Date.now() - 3_601_000) })
      .where("email", "=", "officer@kent.example")
      .execute();
    await browser.signIn("officer@kent.example");
  });
});
