import http from "node:http";
import { describe, expect, it } from "vitest";
import { Browser, seededApp, mainText, startApp, title } from "../setup/app.ts";

const t = seededApp();

describe("operational endpoints", () => {
  it("/ping answers while the process is up, /health checks the database and migrations, /info names the version", async () => {
    const browser = new Browser(t.app.baseUrl);
    expect((await browser.get("/ping")).text).toBe("pong");
    const health = await browser.get("/health");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: "ok", database: "reachable", migrations: "current" });
    const info = JSON.parse((await browser.get("/info")).text);
    expect(info).toMatchObject({ service: "Kent SEND Inclusion Portal", version: "test" });
    expect(info.database).toMatch(/^(pglite|postgres)$/);
  });
});

describe("bad requests", () => {
  it("shows a friendly 404 for an unknown page, revealing nothing", async () => {
    const reply = await new Browser(t.app.baseUrl).get("/no-such-page/../../etc/passwd");
    expect(reply.status).toBe(404);
    expect(title(reply.text)).toContain("Page not found");
    expect(reply.text).not.toMatch(/at .*\.js:\d+|node_modules/);
  });

  it("refuses an oversized form with 413 before reading it", async () => {
    const browser = new Browser(t.app.baseUrl);
    const reply = await browser.post("/login", { email: "a@b.example", password: "x".repeat(200_000) });
    expect(reply.status).toBe(413);
  });

  it("refuses a malformed form body with 400 or 403 and signs nobody in", async () => {
    const browser = new Browser(t.app.baseUrl);
    const reply = await browser.request("POST", "/login", {
      body: "%%%not-a-form",
      headers: { "Content-Type": "multipart/form-data; boundary=nothing", Origin: t.app.baseUrl },
    });
    expect([400, 403]).toContain(reply.status);
    expect(browser.sessionToken()).toBeUndefined();
  });

  it("treats an over-long email or password as a wrong answer, not a crash", async () => {
    const browser = new Browser(t.app.baseUrl);
    const reply = await browser.post("/login", { email: `${"a".repeat(300)}@example.test`, password: "p".repeat(2000) });
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain("Email address must be 254 characters or fewer");
  });

  it("serves built assets with long caching and pages with no-store", async () => {
    const browser = new Browser(t.app.baseUrl);
    const page = await browser.get("/login");
    const stylesheet = /href="(\/assets\/[^"]+\.css)"/.exec(page.text)![1]!;
    const asset = await browser.get(stylesheet);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect(page.headers.get("cache-control")).toBe("no-store");
  });

  it("serves scripts pre-compressed with Brotli to browsers that take it, gzip to others", async () => {
    const browser = new Browser(t.app.baseUrl);
    const page = await browser.get("/login");
    const script = /<link rel="modulepreload" href="(\/assets\/[^"]+\.js)"/.exec(page.text)![1]!;
    const raw = (url: string, encoding: string) =>
      new Promise<{ encoding?: string; bytes: number }>((resolve, reject) => {
        const base = new URL(t.app.baseUrl);
        http
          .get({ host: base.hostname, port: base.port, path: url, headers: { "Accept-Encoding": encoding } }, (res) => {
            let bytes = 0;
            res.on("data", (chunk: Buffer) => (bytes += chunk.length));
            res.on("end", () => resolve({ encoding: res.headers["content-encoding"], bytes }));
          })
          .on("error", reject);
      });
    const br = await raw(script, "gzip, deflate, br");
    const gzip = await raw(script, "gzip");
    const identity = await raw(script, "identity");
    expect(br.encoding).toBe("br");
    expect(gzip.encoding).toBe("gzip");
    expect(identity.encoding).toBeUndefined();
    expect(br.bytes).toBeLessThan(gzip.bytes);
    expect(gzip.bytes).toBeLessThan(identity.bytes);
    expect((await browser.get("/assets/no-such-file.js")).status).toBe(404);
  });
});

/** A request as a browser on another machine would send it: plain HTTP, the portal's public host name. */
function requestAs(host: string, method: string, pathname: string, headers: Record<string, string> = {}, body?: string, baseUrl = t.app.baseUrl) {
  const url = new URL(baseUrl);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: pathname, headers: { Host: host, ...headers } }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("secure cookies over plain HTTP", () => {
  it("says HTTPS is required, and signs nobody in, where a browser would drop the Secure cookie", async () => {
    const page = await requestAs("portal.kent.example", "GET", "/login");
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("This service must be used over a secure connection (HTTPS)");
    const csrfCookie = (page.headers["set-cookie"] ?? []).find((c) => c.startsWith("kent_csrf="))!;
    expect(csrfCookie).not.toMatch(/Secure/);
    const token = /^kent_csrf=([^;]+)/.exec(csrfCookie)![1]!;
    const body = new URLSearchParams({ csrf: token, email: "officer@kent.example", password: "portal-demo-2026" }).toString();
    const reply = await requestAs(
      "portal.kent.example",
      "POST",
      "/login",
      {
        Cookie: `kent_csrf=${token}`,
        Origin: "http://portal.kent.example",
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": String(Buffer.byteLength(body)),
      },
      body,
    );
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain("must be used over a secure connection");
    expect(reply.headers["set-cookie"] ?? []).not.toEqual(expect.arrayContaining([expect.stringContaining("kent_session")]));
  });

  it("trusts X-Forwarded-Proto only behind a configured proxy, then sets the __Host- Secure cookie", async () => {
    const untrusted = await requestAs("portal.kent.example", "GET", "/login", { "X-Forwarded-Proto": "https" });
    expect(mainText(untrusted.text)).toContain("must be used over a secure connection");
    const proxied = await startApp(t.database, { trustProxy: "loopback" });
    try {
      const page = await requestAs("portal.kent.example", "GET", "/login", { "X-Forwarded-Proto": "https" }, undefined, proxied.baseUrl);
      expect(mainText(page.text)).not.toContain("must be used over a secure connection");
      const csrfCookie = (page.headers["set-cookie"] ?? []).find((c) => c.startsWith("__Host-kent_csrf="))!;
      expect(csrfCookie).toMatch(/Secure/);
      const token = /^__Host-kent_csrf=([^;]+)/.exec(csrfCookie)![1]!;
      const body = new URLSearchParams({ csrf: token, email: "officer@kent.example", password: "portal-demo-2026" }).toString();
      const reply = await requestAs(
        "portal.kent.example",
        "POST",
        "/login",
        {
          "X-Forwarded-Proto": "https",
          Cookie: `__Host-kent_csrf=${token}`,
          Origin: "https://portal.kent.example",
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": String(Buffer.byteLength(body)),
        },
        body,
        proxied.baseUrl,
      );
      expect(reply.status).toBe(302);
      expect(reply.headers["set-cookie"]).toEqual(expect.arrayContaining([expect.stringMatching(/^__Host-kent_session=.*Secure/)]));
    } finally {
      await proxied.close();
    }
  });
});
