import { describe, expect, it } from "vitest";
import { RESETS_PER_ACCOUNT_PER_HOUR, RESETS_PER_IP } from "../../app/auth/password-reset.server.ts";
import { type Mailer, type OutgoingEmail, dispatchDueEmails } from "../../app/domain/notifications/outbox.server.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";

// Issue 12: a forgotten password is reset by email. The same answer whether or not the address has an account; a
// one-time link made as the email is sent (never stored: not in the outbox, not on the admin's page), an hour long,
// used once; every session of the account ends; requests limited by internet address and by account.

// Each test asks from its own internet address (the portal trusts the loopback proxy's X-Forwarded-For here).
const t = seededApp({ trustProxy: "loopback" });
let nextAddress = 10;
function browserFrom() {
  const browser = new Browser(t.app.baseUrl);
  const ip = `198.51.100.${nextAddress++}`;
  return { browser, ask: (email: string) => browser.post("/password-reset", { email }, { headers: { "X-Forwarded-For": ip } }) };
}

function capturingMailer() {
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = { from: "Portal <no-reply@portal.invalid>", publicUrl: "https://portal.invalid", send: async (email) => void sent.push(email) };
  return { mailer, sent };
}

/** The reset link's path and query in an email, as a browser would follow it. */
function linkIn(email: OutgoingEmail): string {
  const found = /https:\/\/portal\.invalid(\/password-reset\/new\?token=[a-z2-7]{32})/.exec(email.text);
  expect(found, email.text).not.toBeNull();
  return found![1]!;
}

async function outboxFor(email: string) {
  return t.database.db.selectFrom("email_outbox").select(["id", "body", "link", "sent_at"]).where("to_address", "=", email).execute();
}

describe("resetting a forgotten password", () => {
  it("sends a one-time link that sets a new password, ends every session, and works only once", async () => {
    const account = "senco@bearsted-green.example";
    const signedIn = new Browser(t.app.baseUrl);
    await signedIn.signIn(account);

    const { browser, ask } = browserFrom();
    const reply = await ask(account);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/password-reset?sent=1");
    expect(mainText((await browser.get(reply.location!)).text)).toContain("If that address has an account on the portal, we have sent it an email");

    // The outbox holds the email, but not a working link: the token is made as it is sent.
    const queued = await outboxFor(account);
    expect(queued).toHaveLength(1);
    expect(queued[0]!.link).toBe("/password-reset");
    expect(queued[0]!.body).not.toMatch(/token=/);

    const { mailer, sent } = capturingMailer();
    await dispatchDueEmails(t.database.db, mailer);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("Reset your password for the Kent SEND inclusion portal");
    const link = linkIn(sent[0]!);
    // What the database keeps is the token's hash, not the token.
    const token = new URL(link, "https://portal.invalid").searchParams.get("token")!;
    const stored = await t.database.db.selectFrom("password_resets").select("token_hash").where("email", "=", account).executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token);

    const page = await browser.get(link);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("Choose a new password");

    // A password refused by the usual rules keeps the link working.
    const weak = await browser.post("/password-reset/new", { token, newPassword: "short" });
    expect(weak.status).toBe(400);
    expect(title(weak.text)).toMatch(/^Error: /);

    const done = await browser.post("/password-reset/new", { token, newPassword: "a kettle of fish by the harbour wall" });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/login?reset=1");
    expect(mainText((await browser.get(done.location!)).text)).toContain("Your password has been changed");

    // Whoever was signed in is signed out; the old password no longer works, the new one does.
    expect((await signedIn.get("/home")).location).toMatch(/^\/login/);
    expect((await new Browser(t.app.baseUrl).post("/login", { email: account, password: DEMO_PASSWORD })).status).toBe(400);
    await new Browser(t.app.baseUrl).signIn(account, "a kettle of fish by the harbour wall");

    // The same link again: used up, said plainly, nothing changed.
    expect(mainText((await browser.get(link)).text)).toContain("This link has expired or has already been used");
    const again = await browser.post("/password-reset/new", { token, newPassword: "another long phrase for the second go" });
    expect(again.status).toBe(409);
    await new Browser(t.app.baseUrl).signIn(account, "a kettle of fish by the harbour wall");
  });

  it("answers an address with no account exactly as one with an account, and sends nothing", async () => {
    const known = browserFrom();
    const unknown = browserFrom();
    const a = await known.ask("head@riverside.example");
    const b = await unknown.ask("nobody-here@riverside.example");
    expect([a.status, a.location]).toEqual([b.status, b.location]);
    expect(mainText((await known.browser.get(a.location!)).text)).toBe(mainText((await unknown.browser.get(b.location!)).text));
    expect(await outboxFor("nobody-here@riverside.example")).toEqual([]);
    expect(await outboxFor("head@riverside.example")).toHaveLength(1);
  });

  it("refuses forged, malformed and expired links alike", async () => {
    const { browser, ask } = browserFrom();
    for (const token of ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "not a token", "", "a".repeat(5000)]) {
      const page = await browser.get(`/password-reset/new?token=${encodeURIComponent(token)}`);
      expect(page.status).toBe(200);
      expect(mainText(page.text)).toContain("This link has expired or has already been used");
      expect(page.text).not.toContain('name="newPassword"');
    }
    const forged = await browser.post("/password-reset/new", { token: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", newPassword: "a perfectly fine long passphrase" });
    expect(forged.status).toBe(409);

    // A real link past its hour.
    await ask("senco@riverside.example");
    const { mailer, sent } = capturingMailer();
    await dispatchDueEmails(t.database.db, mailer);
    const link = linkIn(sent.find((e) => e.to === "senco@riverside.example")!);
    await t.database.db.updateTable("password_resets").set({ expires_at: new Date(Date.now() - 1000) }).where("email", "=", "senco@riverside.example").execute();
    expect(mainText((await browser.get(link)).text)).toContain("This link has expired or has already been used");
  });

  it("ends an older link when a newer one is sent, and sends at most three an hour to one account", async () => {
    const account = "head@oakfield.example";
    const { browser, ask } = browserFrom();
    await ask(account);
    const first = capturingMailer();
    await dispatchDueEmails(t.database.db, first.mailer);
    const older = linkIn(first.sent[0]!);
    await ask(account);
    const second = capturingMailer();
    await dispatchDueEmails(t.database.db, second.mailer);
    const newer = linkIn(second.sent[0]!);
    // Both work until one is used; using the newer ends the older.
    expect(mainText((await browser.get(older)).text)).toContain("Choose a new password");
    const token = new URL(newer, "https://portal.invalid").searchParams.get("token")!;
    expect((await browser.post("/password-reset/new", { token, newPassword: "the owl and the pussycat went to sea" })).status).toBe(302);
    expect(mainText((await browser.get(older)).text)).toContain("This link has expired or has already been used");

    // Asked again and again: the same answer each time, but only three emails in the hour.
    for (let i = 0; i < RESETS_PER_ACCOUNT_PER_HOUR + 2; i++) expect((await ask(account)).location).toBe("/password-reset?sent=1");
    expect(await outboxFor(account)).toHaveLength(RESETS_PER_ACCOUNT_PER_HOUR);
  });

  it("limits requests from one internet address, with a plain 429", async () => {
    const { ask } = browserFrom();
    for (let i = 0; i < RESETS_PER_IP; i++) expect((await ask(`someone${i}@nowhere.example`)).status).toBe(302);
    const limited = await ask("someone@nowhere.example");
    expect(limited.status).toBe(429);
    expect(mainText(limited.text)).toContain("too many requests to reset a password from this connection");
    // Another address is not held up.
    expect((await browserFrom().ask("someone@nowhere.example")).status).toBe(302);
  });
});
