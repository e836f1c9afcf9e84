import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { sessionIdFromToken } from "../../app/auth/session.server.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";

// Issue 12 (ADR 58): two-factor sign-in with an authenticator app. Set-up from the account page, switched on only by
// a right first code; ten recovery codes shown once, kept hashed, each used once; after a right password the
// portal asks for a code before any session starts; wrong codes limited like wrong passwords; no code accepted
// twice; required of council officers and administrators when the setting says so (the demo's accounts aside); a
// lost phone reset by an administrator, audited, signing the person out everywhere.

const t = seededApp({ requireTwoFactor: true });
const db = () => t.database.db;

let people = 0;
/** A person of our own for each test (not a demo account), with the demo password: a SENCO, or an officer. */
async function newPerson(role: "senco" | "council_officer" | "admin") {
  people += 1;
  const email = `two-factor-${people}-${role}@kent.test`;
  const hash = (await db().selectFrom("users").select("password_hash").where("email", "=", "senco@oakfield.example").executeTakeFirstOrThrow()).password_hash;
  const user = await db().insertInto("users").values({ email, display_name: `Person ${people}`, password_hash: hash }).returning("id").executeTakeFirstOrThrow();
  const school = role === "senco" ? (await db().selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow()).id : null;
  await db().insertInto("memberships").values({ user_id: user.id, role, school_id: school, district_id: null }).execute();
  return { email, id: user.id };
}

const step = (offset = 0) => Math.floor(Date.now() / 30_000) + offset;
/** The code an authenticator app shows for `key` now (offset 0), or in the next 30 seconds (offset 1). */
const codeFor = (key: Uint8Array, offset = 0) => generateHOTP(key, BigInt(step(offset)), 6);

/** The key the set-up page shows as text, for an app that cannot scan the QR code. */
function keyOnPage(html: string): Uint8Array {
  const text = /<code id="two-factor-key"[^>]*>([A-Z2-7 ]+)<\/code>/.exec(html)?.[1];
  expect(text, "the key shown on the page").toBeTruthy();
  return decodeBase32IgnorePadding(text!.replace(/ /g, ""));
}

function recoveryCodesOnPage(html: string): string[] {
  const list = /<ol id="recovery-codes"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]!);
}

/** Sets two-factor sign-in up for the signed-in browser's person: the key and the recovery codes. */
async function setUp(browser: Browser) {
  expect((await browser.post("/account/two-factor", { intent: "start" })).location).toBe("/account/two-factor");
  const key = keyOnPage((await browser.get("/account/two-factor")).text);
  const confirmed = await browser.post("/account/two-factor", { intent: "confirm", code: codeFor(key) });
  expect(confirmed.status).toBe(200);
  const recoveryCodes = recoveryCodesOnPage(confirmed.text);
  expect(recoveryCodes).toHaveLength(10);
  return { key, recoveryCodes };
}

/** The password step: the browser is left at the code step. */
async function password(browser: Browser, email: string, fields: Record<string, string> = {}) {
  const reply = await browser.post("/login", { email, password: DEMO_PASSWORD, ...fields });
  expect(reply.status).toBe(302);
  expect(reply.location).toBe("/login/two-factor");
  return reply;
}

/** As if 30 seconds had passed since the person's last code: the step they used is forgotten, so a fresh code is taken. */
async function nextCodeWindow(userId: number) {
  await db().updateTable("totp_credentials").set({ last_used_step: step(-3) }).where("user_id", "=", userId).execute();
}

const challengeCookie = (browser: Browser) => [...browser.cookies].find(([name]) => name.endsWith("kent_sign_in_code"));
const auditOf = (userId: number, action: string) =>
  db().selectFrom("audit_events").select(["actor_user_id", "detail"]).where("subject_id", "=", String(userId)).where("action", "=", action).execute();

describe("setting up two-factor sign-in", () => {
  it("shows a QR code and the key as text, and switches on only with a right first code, showing ten recovery codes once", async () => {
    const person = await newPerson("senco");
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(person.email);
    const account = await browser.get("/account");
    expect(mainText(account.text)).toContain("Two-factor authentication Off");
    expect(account.text).toContain('href="/account/two-factor"');

    expect((await browser.post("/account/two-factor", { intent: "start" })).status).toBe(302);
    const page = await browser.get("/account/two-factor");
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code that adds the Kent SEND Inclusion Portal to an authenticator app/);
    const key = keyOnPage(page.text);
    expect(key).toHaveLength(20);

    // A wrong code (or none) switches nothing on; the person still signs in with the password alone.
    const wrong = await browser.post("/account/two-factor", { intent: "confirm", code: codeFor(key, 5) });
    expect(wrong.status).toBe(400);
    expect(title(wrong.text)).toMatch(/^Error: /);
    expect(mainText(wrong.text)).toContain("The code is not right");
    expect((await browser.post("/account/two-factor", { intent: "confirm", code: "12345" })).status).toBe(400);
    await new Browser(t.app.baseUrl).signIn(person.email);

    const confirmed = await browser.post("/account/two-factor", { intent: "confirm", code: codeFor(key) });
    expect(confirmed.status).toBe(200);
    expect(mainText(confirmed.text)).toContain("Two-factor authentication is on");
    const codes = recoveryCodesOnPage(confirmed.text);
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    expect(new Set(codes).size).toBe(10);

    // Shown once: the page afterwards says it is on, and never shows the codes again; only their hashes are kept.
    const after = await browser.get("/account/two-factor");
    expect(mainText(after.text)).toContain("Recovery codes left 10 of 10");
    for (const code of codes) expect(after.text).not.toContain(code);
    const stored = await db().selectFrom("recovery_codes").select("code_hash").where("user_id", "=", person.id).execute();
    expect(stored).toHaveLength(10);
    for (const { code_hash } of stored) {
      expect(code_hash).toMatch(/^[0-9a-f]{64}$/);
      for (const code of codes) expect(code_hash).not.toContain(code.replace(/-/g, ""));
    }
    expect(mainText((await browser.get("/account")).text)).toMatch(/Two-factor authentication On since/);
    expect(await auditOf(person.id, "auth.two_factor_set_up")).toHaveLength(1);

    // Set up and confirmed: a second "confirm" of the same code changes nothing (the set-up has finished).
    expect((await browser.post("/account/two-factor", { intent: "confirm", code: codeFor(key) })).status).toBe(409);
    expect((await browser.post("/account/two-factor", { intent: "start" })).status).toBe(409);
  });
});

describe("signing in with two-factor on", () => {
  it("asks for the code after a right password, and the step before it gives no access at all", async () => {
    const person = await newPerson("senco");
    const first = new Browser(t.app.baseUrl);
    await first.signIn(person.email);
    const { key } = await setUp(first);

    const browser = new Browser(t.app.baseUrl);
    const sessionsBefore = await db().selectFrom("sessions").select("id").where("user_id", "=", person.id).execute();
    const reply = await password(browser, person.email, { redirectTo: "/account" });
    // No session: the code step's own cookie, HttpOnly, Secure, __Host-, five minutes.
    expect(browser.sessionToken()).toBeUndefined();
    const cookie = reply.headers.getSetCookie().find((c) => c.includes("kent_sign_in_code="))!;
    expect(cookie).toMatch(/^__Host-kent_sign_in_code=[a-z2-7]{32};/);
    expect(cookie).toMatch(/Max-Age=300/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", person.id).execute()).toEqual(sessionsBefore);
    const [, challenge] = challengeCookie(browser)!;
    // Only the token's hash is stored.
    const stored = await db().selectFrom("sign_in_challenges").select("id").where("user_id", "=", person.id).execute();
    expect(stored.map((s) => s.id)).toEqual([sessionIdFromToken(challenge)]);

    // The step alone reaches nothing: not as it is, not its token passed off as a session's.
    for (const path of ["/home", "/account", "/account/two-factor", "/pupils"]) expect((await browser.get(path)).location, path).toMatch(/^\/login/);
    const forger = new Browser(t.app.baseUrl);
    forger.cookies.set("__Host-kent_session", challenge);
    expect((await forger.get("/home")).location).toMatch(/^\/login/);
    expect((await browser.post("/session/extend", {})).location).toMatch(/^\/login/);

    const ask = await browser.get("/login/two-factor");
    expect(ask.status).toBe(200);
    expect(mainText(ask.text)).toContain("Enter the code from your authenticator app");
    expect(ask.text).toMatch(/autocomplete="one-time-code"/i);

    const done = await browser.post("/login/two-factor", { method: "app", code: codeFor(key, 1) });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/account");
    expect(browser.sessionToken()).toMatch(/^[a-z2-7]{32}$/);
    expect(challengeCookie(browser)).toBeUndefined();
    expect((await browser.get("/home")).status).toBe(200);
    expect(await db().selectFrom("sign_in_challenges").select("id").where("user_id", "=", person.id).execute()).toEqual([]);
    const signIns = await auditOf(person.id, "auth.sign_in");
    expect(signIns.at(-1)!.detail).toMatchObject({ secondFactor: "app" });

    // The used step cannot start another session.
    const replay = new Browser(t.app.baseUrl);
    replay.cookies.set("__Host-kent_sign_in_code", challenge);
    expect(mainText((await replay.get("/login/two-factor")).text)).toContain("Sign in again");
    expect((await replay.post("/login/two-factor", { method: "app", code: codeFor(key, 1) })).status).toBe(409);
  });

  it("says a step past its five minutes has timed out", async () => {
    const person = await newPerson("senco");
    const first = new Browser(t.app.baseUrl);
    await first.signIn(person.email);
    const { key } = await setUp(first);
    const browser = new Browser(t.app.baseUrl);
    await password(browser, person.email);
    await db().updateTable("sign_in_challenges").set({ expires_at: new Date(Date.now() - 1000) }).where("user_id", "=", person.id).execute();
    expect(mainText((await browser.get("/login/two-factor")).text)).toContain("Sign in again");
    const late = await browser.post("/login/two-factor", { method: "app", code: codeFor(key, 1) });
    expect(late.status).toBe(409);
    expect(mainText(late.text)).toContain("Your sign-in timed out");
    expect(browser.sessionToken()).toBeUndefined();
  });

  it("refuses wrong codes, and after 10 in a minute answers 429 even for the right one", async () => {
    const person = await newPerson("senco");
    const first = new Browser(t.app.baseUrl);
    await first.signIn(person.email);
    const { key } = await setUp(first);
    const browser = new Browser(t.app.baseUrl);
    await password(browser, person.email);

    const blank = await browser.post("/login/two-factor", { method: "app", code: "" });
    expect(blank.status).toBe(400);
    expect(mainText(blank.text)).toContain("Enter the 6-digit code from your authenticator app");
    for (let i = 0; i < 10; i++) {
      const wrong = await browser.post("/login/two-factor", { method: "app", code: codeFor(key, 10 + i) });
      expect(wrong.status).toBe(400);
      expect(title(wrong.text)).toMatch(/^Error: /);
      expect(mainText(wrong.text)).toContain("The code is not right");
    }
    const right = await browser.post("/login/two-factor", { method: "app", code: codeFor(key, 1) });
    expect(right.status).toBe(429);
    expect(mainText(right.text)).toContain("too many attempts with a wrong code");
    expect(browser.sessionToken()).toBeUndefined();
    expect(await auditOf(person.id, "auth.two_factor_failed")).toHaveLength(10);
    expect((await auditOf(person.id, "auth.two_factor_rate_limited")).length).toBeGreaterThanOrEqual(1);
    // Another sign-in with the password does not get round it: the limit is the account's.
    const again = new Browser(t.app.baseUrl);
    await password(again, person.email);
    expect((await again.post("/login/two-factor", { method: "app", code: codeFor(key, 1) })).status).toBe(429);

    // Not a lock-out: once the minute has passed, the right code works.
    await db().updateTable("two_factor_attempts").set({ attempted_at: new Date(Date.now() - 61_000) }).where("user_id", "=", person.id).execute();
    const later = await again.post("/login/two-factor", { method: "app", code: codeFor(key, 1) });
    expect(later.status).toBe(302);
    expect(later.location).toBe("/home");
  });

  it("never accepts a code twice, nor one older than the last used", async () => {
    const person = await newPerson("senco");
    const first = new Browser(t.app.baseUrl);
    await first.signIn(person.email);
    const { key } = await setUp(first);

    // The code that confirmed set-up cannot sign in.
    const a = new Browser(t.app.baseUrl);
    await password(a, person.email);
    const setUpCode = await a.post("/login/two-factor", { method: "app", code: codeFor(key) });
    expect(setUpCode.status).toBe(400);
    expect(mainText(setUpCode.text)).toContain("That code has already been used");

    const code = codeFor(key, 1);
    expect((await a.post("/login/two-factor", { method: "app", code })).location).toBe("/home");

    // Someone who watched it typed, within the same 30 seconds, in another browser: refused.
    const b = new Browser(t.app.baseUrl);
    await password(b, person.email);
    const replayed = await b.post("/login/two-factor", { method: "app", code });
    expect(replayed.status).toBe(400);
    expect(mainText(replayed.text)).toContain("That code has already been used");
    expect(b.sessionToken()).toBeUndefined();
    const failed = await auditOf(person.id, "auth.two_factor_failed");
    expect(failed.map((f) => f.detail)).toContainEqual({ method: "app", reason: "replayed" });
  });

  it("takes each recovery code once", async () => {
    const person = await newPerson("senco");
    const first = new Browser(t.app.baseUrl);
    await first.signIn(person.email);
    const { recoveryCodes } = await setUp(first);

    const browser = new Browser(t.app.baseUrl);
    await password(browser, person.email);
    const page = await browser.get("/login/two-factor?recovery=1");
    expect(mainText(page.text)).toContain("Enter a recovery code");
    // As a person might type it: capitals, spaces instead of hyphens.
    const typed = recoveryCodes[3]!.toUpperCase().replace(/-/g, " ");
    const done = await browser.post("/login/two-factor?recovery=1", { method: "recovery", code: typed });
    expect(done.status).toBe(302);
    expect((await browser.get("/home")).status).toBe(200);
    const used = await auditOf(person.id, "auth.recovery_code_used");
    expect(used).toHaveLength(1);
    expect(used[0]!.detail).toEqual({ recoveryCodesLeft: 9 });
    expect(mainText((await browser.get("/account/two-factor")).text)).toContain("Recovery codes left 9 of 10");

    const again = new Browser(t.app.baseUrl);
    await password(again, person.email);
    const reused = await again.post("/login/two-factor?recovery=1", { method: "recovery", code: recoveryCodes[3]! });
    expect(reused.status).toBe(400);
    expect(mainText(reused.text)).toContain("The recovery code is not right, or it has already been used");
    expect((await again.post("/login/two-factor?recovery=1", { method: "recovery", code: "not-a-code" })).status).toBe(400);
    // Another of the codes still works.
    expect((await again.post("/login/two-factor?recovery=1", { method: "recovery", code: recoveryCodes[4]! })).location).toBe("/home");
  });

  it("turns off with the password, where it is not required", async () => {
    const person = await newPerson("senco");
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(person.email);
    await setUp(browser);
    const wrong = await browser.post("/account/two-factor", { intent: "turn-off", password: "not my password" });
    expect(wrong.status).toBe(400);
    expect(mainText(wrong.text)).toContain("Your password is not right");
    const off = await browser.post("/account/two-factor", { intent: "turn-off", password: DEMO_PASSWORD });
    expect(off.location).toBe("/account/two-factor?done=off");
    expect(mainText((await browser.get(off.location!)).text)).toContain("Two-factor authentication is off");
    expect(await auditOf(person.id, "auth.two_factor_turned_off")).toHaveLength(1);
    expect(await db().selectFrom("recovery_codes").select("id").where("user_id", "=", person.id).execute()).toEqual([]);
    await new Browser(t.app.baseUrl).signIn(person.email);
  });
});

describe("two-factor required of council officers and administrators", () => {
  it("lets an officer without it reach only its set-up page and sign-out, until it is on", async () => {
    const officer = await newPerson("council_officer");
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(officer.email);
    for (const path of ["/home", "/funding", "/schools", "/account", "/admin/users", "/notifications"]) {
      const reply = await browser.get(path);
      expect(reply.status, path).toBe(302);
      expect(reply.location, path).toBe("/account/two-factor");
    }
    // Nor can it change anything elsewhere.
    expect((await browser.post("/account", { currentPassword: DEMO_PASSWORD, newPassword: "a new long passphrase 2026" })).location).toBe("/account/two-factor");
    const page = await browser.get("/account/two-factor");
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("Set up two-factor authentication to carry on");
    expect((await browser.post("/session/extend", {})).status).toBe(200);

    const { key } = await setUp(browser);
    expect((await browser.get("/home")).status).toBe(200);
    expect((await browser.get("/funding")).status).toBe(200);
    // Required: it cannot be turned off.
    const off = await browser.post("/account/two-factor", { intent: "turn-off", password: DEMO_PASSWORD });
    expect(off.status).toBe(409);
    expect(mainText(off.text)).toContain("required for your role");
    expect(mainText((await browser.get("/account/two-factor")).text)).not.toContain("Turn off two-factor authentication");
    // And from now on signing in asks for the code.
    const next = new Browser(t.app.baseUrl);
    await password(next, officer.email);
    expect((await next.post("/login/two-factor", { method: "app", code: codeFor(key, 1) })).location).toBe("/home");

    // Signing out works before set-up too.
    const other = await newPerson("admin");
    const admin = new Browser(t.app.baseUrl);
    await admin.signIn(other.email);
    expect((await admin.get("/admin/users")).location).toBe("/account/two-factor");
    expect((await admin.post("/logout", {})).location).toBe("/login?signedout=1");
    expect((await admin.get("/account/two-factor")).location).toMatch(/^\/login/);
  });

  it("asks nothing of the demo's officer and administrator, nor of school staff", async () => {
    for (const email of ["officer@kent.example", "admin@kent.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      expect((await browser.get("/home")).status, email).toBe(200);
    }
    const senco = await newPerson("senco");
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(senco.email);
    expect((await browser.get("/home")).status).toBe(200);
    expect(mainText((await browser.get("/account/two-factor")).text)).not.toContain("to carry on");
  });
});

describe("an administrator's reset for a lost phone", () => {
  it("removes the key and recovery codes, ends every session, and is audited", async () => {
    const officer = await newPerson("council_officer");
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(officer.email);
    const { key, recoveryCodes } = await setUp(browser);
    const laptop = new Browser(t.app.baseUrl);
    await password(laptop, officer.email);
    await nextCodeWindow(officer.id);
    expect((await laptop.post("/login/two-factor", { method: "app", code: codeFor(key) })).location).toBe("/home");
    const waiting = new Browser(t.app.baseUrl);
    await password(waiting, officer.email);

    const admin = new Browser(t.app.baseUrl);
    await admin.signIn("admin@kent.example");
    const userPage = await admin.get(`/admin/users/${officer.id}`);
    expect(mainText(userPage.text)).toMatch(/Two-factor authentication On since/);
    const reset = await admin.post(`/admin/users/${officer.id}`, { intent: "reset-two-factor" });
    expect(reset.status).toBe(302);
    expect(reset.location).toBe(`/admin/users/${officer.id}?done=reset-two-factor`);
    const after = await admin.get(reset.location!);
    expect(mainText(after.text)).toContain("Their two-factor authentication has been reset");
    expect(mainText(after.text)).toContain("Two-factor authentication Off");

    // Signed out everywhere, the waiting code step ended, the old key and codes gone.
    for (const b of [browser, laptop]) expect((await b.get("/home")).location).toMatch(/^\/login/);
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", officer.id).execute()).toEqual([]);
    expect((await waiting.post("/login/two-factor", { method: "recovery", code: recoveryCodes[0]! })).status).toBe(409);
    expect(await db().selectFrom("recovery_codes").select("id").where("user_id", "=", officer.id).execute()).toEqual([]);
    const audit = await auditOf(officer.id, "user.reset_two_factor");
    expect(audit).toHaveLength(1);
    const adminId = (await db().selectFrom("users").select("id").where("email", "=", "admin@kent.example").executeTakeFirstOrThrow()).id;
    expect(audit[0]!.actor_user_id).toBe(adminId);
    expect(audit[0]!.detail).toMatchObject({ wasOn: true, sessionsEnded: 2 });

    // With the password alone they are signed in, and must set it up again before anything else.
    const again = new Browser(t.app.baseUrl);
    await again.signIn(officer.email);
    expect((await again.get("/home")).location).toBe("/account/two-factor");

    // Sent twice: nothing more happens. An administrator cannot reset their own.
    expect((await admin.post(`/admin/users/${officer.id}`, { intent: "reset-two-factor" })).status).toBe(302);
    expect(await auditOf(officer.id, "user.reset_two_factor")).toHaveLength(1);
    const self = await admin.post(`/admin/users/${adminId}`, { intent: "reset-two-factor" });
    expect(self.status).toBe(409);
    // Not an administrator: 404.
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    expect((await senco.post(`/admin/users/${officer.id}`, { intent: "reset-two-factor" })).status).toBe(404);
  });
});
