import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";

// Issue 12: a person's account page lists where they are signed in (the device, when it was last used) and can sign
// out on any other device, or on all of them; nobody can end someone else's session, or see its identifier.

const t = seededApp();

const WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1";

async function signedIn(email: string, userAgent: string) {
  const browser = new Browser(t.app.baseUrl);
  const reply = await browser.post("/login", { email, password: DEMO_PASSWORD }, { headers: { "User-Agent": userAgent } });
  expect(reply.status).toBe(302);
  return browser;
}

/** The identifiers of the page's "Sign out" buttons, one per other session. */
function sessionIds(html: string): string[] {
  return [...html.matchAll(/name="session" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
}

describe("your sessions, on your account page", () => {
  it("lists each device with when it was last used, and signs out on one of them", async () => {
    const laptop = await signedIn("head@riverside.example", WINDOWS_CHROME);
    const phone = await signedIn("head@riverside.example", IPHONE_SAFARI);

    const page = await laptop.get("/account");
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain("Where you are signed in");
    expect(text).toMatch(/Chrome on Windows This device/);
    expect(text).toContain("Safari on iOS");
    // The session's own id (the hash of its token) never reaches the page: only each one's public identifier.
    const [phoneSession, ...rest] = sessionIds(page.text);
    expect(rest).toEqual([]);
    const rows = await t.database.db.selectFrom("sessions").select(["id", "public_id"]).execute();
    expect(rows.find((r) => r.public_id === phoneSession)).toBeDefined();
    for (const r of rows) expect(page.text).not.toContain(r.id);

    const ended = await laptop.post("/account", { intent: "end-session", session: phoneSession! });
    expect(ended.status).toBe(302);
    expect(ended.location).toBe("/account?ended=one");
    expect(mainText((await laptop.get(ended.location!)).text)).toContain("You have been signed out on that device.");
    // The phone is signed out; the laptop is not.
    expect((await phone.get("/home")).location).toMatch(/^\/login/);
    expect((await laptop.get("/home")).status).toBe(200);

    // Sent again (a double click, a stale page): the session has already ended, said plainly.
    const again = await laptop.post("/account", { intent: "end-session", session: phoneSession! });
    expect(again.status).toBe(409);
    expect(title(again.text)).toMatch(/^Error: /);
    expect(mainText(again.text)).toContain("That session has already ended");
  });

  it("signs out on every other device in one go, keeping this one", async () => {
    const here = await signedIn("senco@riverside.example", WINDOWS_CHROME);
    const others = [await signedIn("senco@riverside.example", IPHONE_SAFARI), await signedIn("senco@riverside.example", "curl/8.5")];
    expect(sessionIds((await here.get("/account")).text)).toHaveLength(2);
    const reply = await here.post("/account", { intent: "end-other-sessions" });
    expect(reply.location).toBe("/account?ended=others");
    for (const other of others) expect((await other.get("/home")).location).toMatch(/^\/login/);
    const page = await here.get(reply.location!);
    expect(sessionIds(page.text)).toEqual([]);
    expect(mainText(page.text)).toContain("You have been signed out on every other device.");
  });

  it("cannot end someone else's session, or its own by this form, however the POST is made", async () => {
    const victim = await signedIn("senco@oakfield.example", IPHONE_SAFARI);
    const victimSession = await t.database.db.selectFrom("sessions").innerJoin("users", "users.id", "sessions.user_id").select("sessions.public_id").where("users.email", "=", "senco@oakfield.example").executeTakeFirstOrThrow();
    const attacker = await signedIn("head@oakfield.example", WINDOWS_CHROME);
    const refused = await attacker.post("/account", { intent: "end-session", session: victimSession.public_id });
    expect(refused.status).toBe(409);
    expect(mainText(refused.text)).toContain("That session has already ended");
    expect((await victim.get("/home")).status).toBe(200);

    // "Every other" ends only the attacker's own other sessions.
    await attacker.post("/account", { intent: "end-other-sessions" });
    expect((await victim.get("/home")).status).toBe(200);

    // Its own session is not ended by this form: the page stays signed in.
    const own = await t.database.db.selectFrom("sessions").innerJoin("users", "users.id", "sessions.user_id").select("sessions.public_id").where("users.email", "=", "head@oakfield.example").executeTakeFirstOrThrow();
    expect((await attacker.post("/account", { intent: "end-session", session: own.public_id })).status).toBe(409);
    expect((await attacker.get("/home")).status).toBe(200);

    // Not an identifier at all: refused as a field error, nothing ended.
    const odd = await attacker.post("/account", { intent: "end-session", session: "'; DROP TABLE sessions; --" });
    expect(odd.status).toBe(400);
    expect((await victim.get("/home")).status).toBe(200);
  });
});
