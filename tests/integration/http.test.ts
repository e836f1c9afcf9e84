import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { createTestDatabase } from "../setup/database.ts";
import { Browser, mainText, startApp, title } from "../setup/app.ts";

let database: DatabaseHandle;
let app: Awaited<ReturnType<typeof startApp>>;

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  app = await startApp(database);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("operational endpoints", () => {
  it("/ping answers while the process is up, /health checks the database and migrations, /info names the version", async () => {
    const browser = new Browser(app.baseUrl);
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
    const reply = await new Browser(app.baseUrl).get("/no-such-page/../../etc/passwd");
    expect(reply.status).toBe(404);
    expect(title(reply.text)).toContain("Page not found");
    expect(reply.text).not.toMatch(/at .*\.js:\d+|node_modules/);
  });

  it("refuses an oversized form with 413 before reading it", async () => {
    const browser = new Browser(app.baseUrl);
    const reply = await browser.post("/login", { email: "a@b.example", password: "x".repeat(200_000) });
    expect(reply.status).toBe(413);
  });

  it("refuses a malformed form body with 400 or 403 and signs nobody in", async () => {
    const browser = new Browser(app.baseUrl);
    const reply = await browser.request("POST", "/login", {
      body: "%%%not-a-form",
      headers: { "Content-Type": "multipart/form-data; boundary=nothing", Origin: app.baseUrl },
    });
    expect([400, 403]).toContain(reply.status);
    expect(browser.sessionToken()).toBeUndefined();
  });

  it("treats an over-long email or password as a wrong answer, not a crash", async () => {
    const browser = new Browser(app.baseUrl);
    const reply = await browser.post("/login", { email: `${"a".repeat(300)}@example.test`, password: "p".repeat(2000) });
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain("Email address must be 254 characters or fewer");
  });

  it("serves built assets with long caching and pages with no-store", async () => {
    const browser = new Browser(app.baseUrl);
    const page = await browser.get("/login");
    const stylesheet = /href="(\/assets\/[^"]+\.css)"/.exec(page.text)![1]!;
    const asset = await browser.get(stylesheet);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect(page.headers.get("cache-control")).toBe("no-store");
  });
});
