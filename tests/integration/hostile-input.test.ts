import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REQUEST_LIMITS } from "../../app/auth/request-limits.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { Browser, mainText, seededApp, startApp, title } from "../setup/app.ts";
import { formBody, pageForms } from "../setup/forms.ts";

// Issue 7: what an attacker or a careless client sends, answered with 400, 404, 408 or 413 and a change to
// nothing, never a 500, a hung process or a page far larger than the request.

const t = seededApp();

/** Every table's rows, for "nothing changed" (the log tables a refused request may write to aside). */
async function snapshot() {
  const db = t.database.db;
  const [pupils, requests, lines, decisions, schemes, budgets, users] = await Promise.all([
    db.selectFrom("pupils").selectAll().orderBy("id").execute(),
    db.selectFrom("funding_requests").selectAll().orderBy("id").execute(),
    db.selectFrom("funding_request_lines").selectAll().orderBy("id").execute(),
    db.selectFrom("funding_decisions").selectAll().orderBy("id").execute(),
    db.selectFrom("funding_schemes").selectAll().orderBy("id").execute(),
    db.selectFrom("school_sen_budgets").selectAll().orderBy("school_id").execute(),
    db.selectFrom("users").selectAll().orderBy("id").execute(),
  ]);
  return { pupils, requests, lines, decisions, schemes, budgets, users };
}

async function draftOfOakfield() {
  return t.database.db
    .selectFrom("funding_requests")
    .innerJoin("schools", "schools.id", "funding_requests.school_id")
    .select(["reference", "version"])
    .where("schools.urn", "=", "990001")
    .where("funding_requests.status", "=", "draft")
    .orderBy("funding_requests.id")
    .executeTakeFirstOrThrow();
}

/** A raw urlencoded POST with this browser's cookies and CSRF token, the body exactly as given. */
async function rawPost(browser: Browser, pathname: string, body: string) {
  const token = await browser.csrfToken();
  return browser.request("POST", pathname, {
    body: `csrf=${token}&${body}`,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: browser.baseUrl },
  });
}

describe("form bounds (app/auth/request-limits.ts)", () => {
  it("refuses a field name with a huge list index on sign-in with 400, at once, with a small page", async () => {
    const browser = new Browser(t.app.baseUrl);
    for (const body of ["a%5B99999999%5D=x", "a%5B3000000%5D=x", `a%5B${REQUEST_LIMITS.arrayIndex + 1}%5D=x`]) {
      const reply = await rawPost(browser, "/login", body);
      expect(reply.status, body).toBe(400);
      expect(reply.text.length, body).toBeLessThan(20_000);
      expect(title(reply.text)).toContain("The request could not be understood");
    }
    expect((await browser.get("/ping")).text).toBe("pong");
  });

  it("refuses a draft with a plan line far past the last one with 400 and saves nothing", async () => {
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const draft = await draftOfOakfield();
    const before = await snapshot();
    for (const index of [2000, 25000]) {
      const reply = await rawPost(senco, `/funding/${draft.reference}/edit`, `version=${draft.version}&intent=save&lines%5B${index}%5D.description=x`);
      expect(reply.status).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses too many fields, too long a name, too deep a name and names no form uses", async () => {
    const browser = new Browser(t.app.baseUrl);
    const many = Array.from({ length: REQUEST_LIMITS.fields + 1 }, (_, i) => `f${i}=1`).join("&");
    const cases = [
      many,
      `${"n".repeat(REQUEST_LIMITS.nameLength + 1)}=1`,
      "a.b.c.d.e=1",
      "a%5B1%5D%5B2%5D%5B3%5D%5B4%5D=1",
      "__proto__.polluted=1",
      "constructor.prototype.x=1",
      "a..b=1",
      "a%5Bx%5D=1",
      "a%5B99999999999%5D=1",
    ];
    for (const body of cases) expect((await rawPost(browser, "/login", `email=a%40b.example&password=x&${body}`)).status, body.slice(0, 40)).toBe(400);
    // Within every bound, the same form is answered as usual.
    const fine = await rawPost(browser, "/login", `email=a%40b.example&password=x&a.b.c=1&lines%5B${REQUEST_LIMITS.arrayIndex}%5D=1`);
    expect(fine.status).toBe(400);
    expect(mainText(fine.text)).toContain("Enter a correct email address and password");
  });

  it("refuses a body over the route's own limit with 413 before reading it", async () => {
    const browser = new Browser(t.app.baseUrl);
    const login = await browser.post("/login", { email: "a@b.example", password: "x".repeat(9 * 1024) });
    expect(login.status).toBe(413);
    // The same size is within the default limit elsewhere: a signed-in form of that size is read.
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const notes = await senco.post("/notifications", { intent: "read-all", upTo: "1", padding: "x".repeat(9 * 1024) });
    expect(notes.status).not.toBe(413);
  });

  it("refuses Conform's reserved fields, which no form of the portal's sends, with 400 on every kind of form", async () => {
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const draft = await draftOfOakfield();
    const before = await snapshot();
    for (const reserved of ["__state__=%7B", "__intent__=%7B", "__intent__=null", '__intent__=%7B%22type%22%3A%22x%22%7D']) {
      expect((await rawPost(new Browser(t.app.baseUrl), "/login", `email=a%40b.example&password=x&${reserved}`)).status, reserved).toBe(400);
      expect((await rawPost(senco, `/funding/${draft.reference}/edit`, `version=${draft.version}&intent=save&${reserved}`)).status, reserved).toBe(400);
      expect((await rawPost(senco, "/pupils/new", `firstName=A&${reserved}`)).status, reserved).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("takes Conform's own 'validate' intent, sent as a refused form is corrected, and refuses one naming a field past the bounds", async () => {
    const admin = await signedIn("admin@kent.example");
    const validate = (name: string) => encodeURIComponent(JSON.stringify({ type: "validate", payload: { name } }));
    const reply = await rawPost(admin, "/admin/users/new", `displayName=Ruth&email=&role=senco&__intent__=${validate("role")}`);
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: Create a user/);
    for (const intent of [validate("a[99999999]"), encodeURIComponent('{"type":"update","payload":{"name":"a[99999999]","value":1}}'), encodeURIComponent('{"type":"validate"}')]) {
      const refused = await rawPost(admin, "/admin/users/new", `displayName=Ruth&__intent__=${intent}`);
      expect(title(refused.text)).toContain("The request could not be understood");
    }
  });
});

describe("text no database can hold", () => {
  it("refuses a NUL character in any form value with 400 and changes nothing", async () => {
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const draft = await draftOfOakfield();
    const before = await snapshot();
    expect((await rawPost(new Browser(t.app.baseUrl), "/login", `email=senco%00%40oakfield.example&password=${DEMO_PASSWORD}`)).status).toBe(400);
    expect((await rawPost(senco, "/pupils/new", "firstName=Am%00y&lastName=Hart")).status).toBe(400);
    expect((await rawPost(senco, `/funding/${draft.reference}/edit`, `version=${draft.version}&intent=save&lines%5B0%5D.description=a%00b`)).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("answers a NUL character in an address or query string with 400", async () => {
    const officer = new Browser(t.app.baseUrl);
    await officer.signIn("officer@kent.example");
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const admin = new Browser(t.app.baseUrl);
    await admin.signIn("admin@kent.example");
    expect((await senco.get("/pupils?q=%00")).status).toBe(400);
    expect((await officer.get("/schools?q=%00")).status).toBe(400);
    expect((await officer.get("/funding?district=%00")).status).toBe(400);
    expect((await admin.get("/admin/users?q=a%00b")).status).toBe(400);
    expect((await officer.get("/funding/HNF-2026-%00")).status).toBe(400);
  });
});

describe("names every object has", () => {
  it("answers an intent or notice named after an object's own properties as unknown, never 500 (found by the fuzz test)", async () => {
    const head = await signedIn("head@oakfield.example");
    const reference = (await t.database.db.selectFrom("funding_requests").select("reference").orderBy("id").executeTakeFirstOrThrow()).reference;
    for (const intent of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const reply = await head.post(`/funding/${reference}`, { intent, version: "1" });
      expect(reply.status, intent).toBe(404);
      const page = await head.get(`/funding/${reference}?done=${intent}`);
      expect(page.status, intent).toBe(200);
      expect(page.text, intent).not.toMatch(/\[native code\]|function /);
    }
  });
});

describe("numbers too big for a database integer", () => {
  it("answers ids past the integer range with 404", async () => {
    const senco = await signedIn("senco@oakfield.example");
    const admin = await signedIn("admin@kent.example");
    const officer = await signedIn("officer@kent.example");
    for (const id of ["2147483648", "9007199254740991", "99999999999999999999"]) {
      expect((await senco.get(`/pupils/${id}`)).status).toBe(404);
      expect((await senco.get(`/pupils/${id}/edit`)).status).toBe(404);
      expect((await admin.get(`/admin/users/${id}`)).status).toBe(404);
      expect((await officer.get(`/council/funding-settings/schemes/${id}`)).status).toBe(404);
      expect((await officer.get(`/council/funding-settings/reasons/${id}`)).status).toBe(404);
    }
    expect((await senco.get("/pupils/2147483647")).status).toBe(404);
  });

  it("refuses a version past the integer range with 400 on the tracker, scheme and user forms, changing nothing", async () => {
    const head = await signedIn("head@oakfield.example");
    const officer = await signedIn("officer@kent.example");
    const admin = await signedIn("admin@kent.example");
    const scheme = await t.database.db.selectFrom("funding_schemes").select("id").orderBy("id").executeTakeFirstOrThrow();
    const user = await t.database.db.selectFrom("users").select("id").where("email", "=", "head@riverside.example").executeTakeFirstOrThrow();
    const pages: [Browser, string][] = [
      [head, "/funding/tracker"],
      [officer, `/council/funding-settings/schemes/${scheme.id}`],
      [admin, `/admin/users/${user.id}`],
    ];
    const before = await snapshot();
    let versioned = 0;
    for (const [browser, pathname] of pages) {
      const forms = pageForms((await browser.get(pathname)).text, pathname).filter((f) => f.fields.some(([name]) => name === "version"));
      expect(forms.length, pathname).toBeGreaterThan(0);
      for (const form of forms) {
        for (const version of ["2147483648", "9007199254740993", "-1", "1.5"]) {
          const body = formBody([...form.fields, ...form.submitters.slice(0, 1)], { version });
          const reply = await browser.request("POST", form.action, {
            body,
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: browser.baseUrl },
          });
          expect(reply.status, `${form.action} version=${version}`).toBe(400);
          versioned += 1;
        }
      }
    }
    expect(versioned).toBeGreaterThanOrEqual(12);
    expect(await snapshot()).toEqual(before);
  });
});

describe("where sign-in may send the browser", () => {
  it("goes only to a path on this site, whatever redirectTo carries", async () => {
    const hostile = ["/\t/evil.example/", "/%09/evil.example/", "/\n/evil.example", "/\\evil.example", "//evil.example", "/.//evil.example", "https://evil.example", " /home"];
    for (const redirectTo of hostile) {
      const browser = new Browser(t.app.baseUrl);
      const page = await browser.get(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
      expect(page.status).toBe(200);
      const reply = await browser.post("/login", { email: "senco@oakfield.example", password: DEMO_PASSWORD, redirectTo });
      expect(reply.status, JSON.stringify(redirectTo)).toBe(302);
      const location = reply.location ?? "";
      expect(new URL(location, "https://portal.test").origin, JSON.stringify(redirectTo)).toBe("https://portal.test");
      expect(location, JSON.stringify(redirectTo)).toMatch(/^\/[^/\\]/);
      expect(location, JSON.stringify(redirectTo)).not.toMatch(/[\s\\]/);
    }
    const browser = new Browser(t.app.baseUrl);
    const kept = await browser.post("/login", { email: "senco@oakfield.example", password: DEMO_PASSWORD, redirectTo: "/pupils?q=Hart#results" });
    expect(kept.location).toBe("/pupils?q=Hart#results");
    // Nine real sign-ins, each a deliberately slow password check (scrypt): on a busy 2-core machine that alone
    // took over the default 30 s.
  }, 90_000);
});

describe("a process that survives what still gets through", () => {
  it("answers /ping while a request is still sending its body, and ends that request when its time is up", async () => {
    const app = await startApp(t.database, { timeouts: { requestTimeoutMs: 1_500, headersTimeoutMs: 1_500 } });
    try {
      const { port } = new URL(app.baseUrl);
      const socket = net.connect(Number(port), "127.0.0.1");
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      let answer = "";
      socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
      const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
      socket.write(`POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\nemail=`);
      // The hostile request is in flight: the process still answers.
      const ping = await fetch(`${app.baseUrl}/ping`);
      expect(await ping.text()).toBe("pong");
      expect(answer).toBe("");
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect((await fetch(`${app.baseUrl}/ping`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("answers /ping while the largest forms the bounds allow are being handled", async () => {
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const draft = await draftOfOakfield();
    const fields = Array.from({ length: REQUEST_LIMITS.fields - 10 }, (_, i) => `lines%5B${i % (REQUEST_LIMITS.arrayIndex + 1)}%5D.description=${"x".repeat(150)}`).join("&");
    const body = `version=${draft.version}&intent=save&${fields}`.slice(0, REQUEST_LIMITS.bodyBytes.default - 100);
    const hostile = Promise.all(Array.from({ length: 4 }, () => rawPost(senco, `/funding/${draft.reference}/edit`, body.replace(/&[^&]*$/, ""))));
    const ping = await fetch(`${t.app.baseUrl}/ping`);
    expect(await ping.text()).toBe("pong");
    for (const reply of await hostile) expect(reply.status).toBeLessThan(500);
  });
});

describe("CSRF tokens", () => {
  it("issues a new token at sign-in and at sign-out", async () => {
    const browser = new Browser(t.app.baseUrl);
    const anonymous = await browser.csrfToken();
    await browser.signIn("stls@kent.example");
    await browser.get("/home");
    const signedIn = await browser.csrfToken();
    expect(signedIn).not.toBe(anonymous);
    await browser.post("/logout", {});
    await browser.get("/login");
    const after = await browser.csrfToken();
    expect(after).not.toBe(signedIn);
    expect(after).not.toBe(anonymous);
  });

  it("refuses a token the portal did not issue, even when the cookie carries the same value", async () => {
    const anonymous = new Browser(t.app.baseUrl);
    await anonymous.csrfToken();
    const csrfCookie = [...anonymous.cookies.keys()].find((k) => k.endsWith("kent_csrf"))!;
    const planted = "p".repeat(43);
    const login = await anonymous.request("POST", "/login", {
      body: new URLSearchParams({ csrf: planted, email: "stls@kent.example", password: DEMO_PASSWORD }).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: t.app.baseUrl, Cookie: `${csrfCookie}=${planted}` },
    });
    expect(login.status).toBe(403);

    // A real anonymous token, planted in a signed-in browser's cookie and form, is not this session's token.
    const victim = await signedIn("senco@oakfield.example");
    const sessionCookie = [...victim.cookies.keys()].find((k) => k.endsWith("kent_session"))!;
    const other = await new Browser(t.app.baseUrl).csrfToken();
    const reply = await victim.request("POST", "/notifications", {
      body: new URLSearchParams({ csrf: other, intent: "read-all", upTo: "1" }).toString(),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: t.app.baseUrl,
        Cookie: `${sessionCookie}=${victim.sessionToken()}; ${csrfCookie}=${other}`,
      },
    });
    expect(reply.status).toBe(403);
    // The session's own token still works.
    expect((await victim.post("/notifications", { intent: "read-all", upTo: "1" })).status).toBe(302);
  });
});

describe("limits on password checks", () => {
  let limited: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    limited = await startApp(t.database, { signInLimits: { perIpPerMinute: 3 } });
  });
  afterAll(async () => {
    await limited?.close();
    await t.database.db.deleteFrom("sign_in_attempts").execute();
  });

  it("never slows a school's staff signing in from one address: successes are not counted", async () => {
    await t.database.db.deleteFrom("sign_in_attempts").execute();
    for (let i = 0; i < 8; i++) {
      const reply = await new Browser(limited.baseUrl).post("/login", { email: i % 2 ? "senco@oakfield.example" : "head@oakfield.example", password: DEMO_PASSWORD });
      expect(reply.status, `sign-in ${i + 1}`).toBe(302);
    }
  });

  it("limits guesses at the current password when changing it, as sign-in is limited", async () => {
    await t.database.db.deleteFrom("sign_in_attempts").execute();
    const thief = new Browser(limited.baseUrl);
    await thief.signIn("officer@kent.example");
    const hashBefore = await passwordHash("officer@kent.example");
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const reply = await thief.post("/account", { currentPassword: `guess-${i}`, newPassword: "a long new passphrase 2026" });
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([400, 400, 400, 429]);
    const afterLimit = await thief.post("/account", { currentPassword: DEMO_PASSWORD, newPassword: "a long new passphrase 2026" });
    expect(afterLimit.status).toBe(429);
    expect(mainText(afterLimit.text)).toContain("too many attempts");
    // The right password is not let through while the limit holds, and nothing changed.
    expect(await passwordHash("officer@kent.example")).toBe(hashBefore);
  });
});

describe("the error pages", () => {
  it("gives the 404 page's own scripts this response's CSP nonce", async () => {
    for (const browser of [new Browser(t.app.baseUrl), await signedIn("senco@oakfield.example")]) {
      const reply = await browser.get("/no-such-page");
      expect(reply.status).toBe(404);
      const nonce = /'nonce-([^']+)'/.exec(reply.headers.get("content-security-policy") ?? "")?.[1];
      expect(nonce).toBeTruthy();
      const scripts = [...reply.text.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
      expect(scripts.length).toBeGreaterThan(0);
      for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    }
  });
});

async function signedIn(email: string) {
  const browser = new Browser(t.app.baseUrl);
  await browser.signIn(email);
  return browser;
}

async function passwordHash(email: string) {
  return (await t.database.db.selectFrom("users").select("password_hash").where("email", "=", email).executeTakeFirstOrThrow()).password_hash;
}
