import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openPostgres } from "../../app/db.server.ts";
import { createTestDatabase } from "../setup/database.ts";
import { Browser, mainText, startApp, title } from "../setup/app.ts";
import { faultyHandle, startProxy } from "../setup/faults.ts";

// The database going away while the portal runs: pages answer 503 with a plain explanation, a form being
// sent is shown again with what was typed, /health says so, and everything recovers by itself when the
// database returns. On PostgreSQL (TEST_DATABASE_URL) the outage is real: a TCP proxy between the pool and
// the server is cut and restored. On the embedded database, which cannot be stopped separately from the
// process, queries are made to fail the way an unreachable server's do.

let database: DatabaseHandle;
let outage: { cut: () => Promise<void>; restore: () => Promise<void>; close: () => Promise<void> };
let app: Awaited<ReturnType<typeof startApp>>;
let served: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  if (database.kind === "postgres") {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    const proxy = await startProxy(Number(url.port || 5432), url.hostname);
    url.port = String(proxy.port);
    url.pathname = new URL(database.where).pathname;
    served = openPostgres(url.toString());
    outage = proxy;
  } else {
    const faulty = faultyHandle(database);
    served = faulty.handle;
    outage = {
      cut: async () => void (faulty.state.fault = "down"),
      restore: async () => void (faulty.state.fault = null),
      close: async () => {},
    };
  }
  app = await startApp(served);
});
afterAll(async () => {
  await app?.close();
  await outage?.close();
  if (served !== database) await served?.close().catch(() => {});
  await database?.close();
});

describe("when the database is unavailable", () => {
  it("answers 503 with a plain page, keeps a sign-in form's email, and recovers when the database returns", async () => {
    const officer = new Browser(app.baseUrl);
    await officer.signIn("officer@kent.example");
    expect((await officer.get("/home")).status).toBe(200);
    const visitor = new Browser(app.baseUrl);
    await visitor.get("/login");

    await outage.cut();
    try {
      const home = await officer.get("/home");
      expect(home.status).toBe(503);
      expect(title(home.text)).toContain("Sorry, the service is unavailable");
      expect(home.text).not.toMatch(/ECONNREFUSED|at .*\.js:\d+|stack/i);

      const health = await officer.get("/health");
      expect(health.status).toBe(503);
      expect(JSON.parse(health.text)).toMatchObject({ status: "unavailable" });

      const signIn = await visitor.post("/login", { email: "senco@oakfield.example", password: "portal-demo-2026" });
      expect(signIn.status).toBe(503);
      expect(mainText(signIn.text)).toContain("the service is unavailable");
      expect(signIn.text).toContain('value="senco@oakfield.example"');

      expect((await officer.get("/ping")).status).toBe(200);
    } finally {
      await outage.restore();
    }

    // The pool makes new connections by itself: no restart needed.
    let home = await officer.get("/home");
    for (let i = 0; i < 20 && home.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      home = await officer.get("/home");
    }
    expect(home.status).toBe(200);
    expect((await officer.get("/health")).status).toBe(200);
    await visitor.signIn("senco@oakfield.example");
  });
});

describe("a connection lost in the middle of a transaction", () => {
  it("fails that transaction cleanly, without bringing the process down, and the next request works", async () => {
    const work = served.db.transaction().execute(async (trx) => {
      await trx.selectFrom("districts").select("id").limit(1).execute();
      await outage.cut();
      // The connection is checked out and idle here when it drops: the case pg leaves to the caller.
      await new Promise((r) => setTimeout(r, 300));
      await trx.selectFrom("districts").select("id").limit(1).execute();
    });
    try {
      await expect(work).rejects.toThrow();
    } finally {
      await outage.restore();
    }
    const officer = new Browser(app.baseUrl);
    let health = await officer.get("/health");
    for (let i = 0; i < 20 && health.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      health = await officer.get("/health");
    }
    expect(health.status).toBe(200);
    await officer.signIn("officer@kent.example");
  });
});

describe("when something unexpected fails", () => {
  it("shows a generic problem page with no stack trace or SQL", async () => {
    const faulty = faultyHandle(database);
    const broken = await startApp(faulty.handle);
    try {
      const officer = new Browser(broken.baseUrl);
      await officer.signIn("officer@kent.example");
      faulty.state.fault = "broken";
      const reply = await officer.get("/home");
      expect(reply.status).toBe(500);
      expect(mainText(reply.text)).toContain("Sorry, there is a problem with the service");
      expect(reply.text).not.toMatch(/no_such_table|relation|at .*\.js:\d+/);
    } finally {
      await broken.close();
    }
  });
});
