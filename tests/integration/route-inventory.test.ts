import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTE_ACCESS } from "../../app/domain/access/route-access.ts";
import { type Role, roleCan } from "../../app/domain/access/roles.ts";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { root } from "../../scripts/ensure-build.ts";
import { createTestDatabase } from "../setup/database.ts";
import { Browser, mainText, type Reply, startApp, title } from "../setup/app.ts";
import {
  ACCOUNTS,
  OAKFIELD,
  requestOf,
  RIVERSIDE,
  ROUTES,
  type SampleRecords,
  sampleRecords,
  samplePath as inventorySamplePath,
} from "../setup/inventory.ts";

// Walks every route anonymously and as every role, and checks each answer against the permission module:
// allowed -> the page; not signed in -> sign-in; signed in without the permission, or another school's or
// district's record -> 404, the same answer as for a record that does not exist.

let database: DatabaseHandle;
let app: Awaited<ReturnType<typeof startApp>>;
const browsers = new Map<string, Browser>();

let records: SampleRecords;
let oakfieldRequest: string;
let riversideRequest: string;
const pupilIds = { oakfield: 0, riverside: 0 };
const samplePath = (sample: string) => inventorySamplePath(sample, records);

function expectSecurityHeaders(reply: Reply, where: string) {
  const csp = reply.headers.get("content-security-policy") ?? "";
  expect(csp, where).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp, where).toContain("object-src 'none'");
  expect(csp, where).toContain("base-uri 'none'");
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(reply.headers.get("x-content-type-options"), where).toBe("nosniff");
  expect(reply.headers.get("cache-control"), where).toBe("no-store");
  expect(reply.headers.get("x-request-id"), where).toBeTruthy();
}

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  app = await startApp(database);
  records = await sampleRecords(database);
  oakfieldRequest = records.ref;
  riversideRequest = await requestOf(database, RIVERSIDE, "submitted");
  Object.assign(pupilIds, records.pupilIds);
  for (const account of [...ACCOUNTS, { email: "senco@riverside.example" }]) {
    const browser = new Browser(app.baseUrl);
    await browser.signIn(account.email);
    browsers.set(account.email, browser);
  }
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("the route inventory", () => {
  it("names an access rule for every route, and every route file is in app/routes.ts", () => {
    const files = fs.readdirSync(path.join(root, "app/routes")).map((f) => `routes/${f}`);
    const listed = ROUTES.map((r) => r.file);
    expect([...files].sort()).toEqual([...listed].sort());
    for (const file of listed) expect(ROUTE_ACCESS[file], `${file} has no entry in ROUTE_ACCESS`).toBeDefined();
  });

  it("sends anonymous visitors of every private page to sign-in, and shows public pages", async () => {
    for (const route of ROUTES) {
      const rule = ROUTE_ACCESS[route.file]!;
      const url = samplePath(rule.sample);
      const reply = await new Browser(app.baseUrl).get(url);
      expectSecurityHeaders(reply, url);
      if (rule.access === "public") {
        expect([200, 302], url).toContain(reply.status);
        if (reply.status === 302) expect(reply.location, url).not.toMatch(/^\/login/);
      } else {
        expect(reply.status, url).toBe(302);
        expect(reply.location, url).toMatch(/^\/login/);
      }
    }
  });

  for (const account of ACCOUNTS) {
    it(`answers every route for the ${account.role} as the permission module says`, async () => {
      await walkAs(browsers.get(account.email)!, account.role);
    });
  }

  it("answers every route for a person with two memberships as the one they act in, switched both ways", async () => {
    const person = new Browser(app.baseUrl);
    await person.signIn("champion@kent.example");
    await walkAs(person, "inclusion_champion");
    const switched = await person.post("/session/acting-as", { membership: "senco:990009" });
    expect(switched.status).toBe(302);
    expect(switched.location).toBe("/home");
    // As a SENCO of Stour Valley, not of Oakfield: the sample records (Oakfield's) are another school's.
    await walkAs(person, "senco", { recordsOfAnotherSchool: true });
    expect((await person.get(samplePath("/pupils/:pupilId"))).status).toBe(404);
    expect((await person.get(`/funding/${oakfieldRequest}`)).status).toBe(404);
    expect((await person.post("/session/acting-as", { membership: "inclusion_champion" })).status).toBe(302);
    await walkAs(person, "inclusion_champion");
    expect((await person.get(`/schools/${OAKFIELD}`)).status).toBe(200);
    // A membership they do not hold is refused, and they stay as they were.
    expect((await person.post("/session/acting-as", { membership: "council_officer" })).status).toBe(400);
    expect((await person.get("/funding")).status).toBe(404);
  });
});

/**
 * Every route as `role` would see it. With `recordsOfAnotherSchool`, the sample records (Oakfield's) are not the
 * actor's school's, so every page about one answers 404 too.
 */
async function walkAs(browser: Browser, role: Role, options: { recordsOfAnotherSchool?: boolean } = {}) {
  for (const route of ROUTES) {
    const rule = ROUTE_ACCESS[route.file]!;
    const url = samplePath(rule.sample);
    const reply = await browser.get(url);
    expectSecurityHeaders(reply, `${role} ${url}`);
    const notTheirs = options.recordsOfAnotherSchool && rule.sample.includes(":");
    if ((rule.access !== "public" && !roleCan(role, rule.access)) || notTheirs) {
      expect(reply.status, `${role} ${url}`).toBe(404);
      expect(reply.text).toContain(rule.download ? "Not found" : "Page not found");
    } else {
      expect([200, 302], `${role} ${url}`).toContain(reply.status);
      if (reply.status === 302) expect(reply.location, `${role} ${url}`).not.toMatch(/^\/login/);
    }
  }
}

describe("records across school and district boundaries", () => {
  const cases: [string, string, number][] = [
    ["senco@oakfield.example", `/schools/${OAKFIELD}`, 200],
    ["senco@oakfield.example", `/schools/${RIVERSIDE}`, 404],
    ["senco@riverside.example", `/schools/${OAKFIELD}`, 404],
    ["senco@riverside.example", `/schools/${RIVERSIDE}`, 200],
    ["head@oakfield.example", `/schools/${RIVERSIDE}`, 404],
    ["champion@kent.example", `/schools/${OAKFIELD}`, 200],
    ["champion@kent.example", `/schools/${RIVERSIDE}`, 404],
    ["stls@kent.example", `/schools/${OAKFIELD}`, 200],
    ["stls@kent.example", `/schools/${RIVERSIDE}`, 404],
    ["officer@kent.example", `/schools/${RIVERSIDE}`, 200],
    ["officer@kent.example", "/schools/999999", 404],
    ["officer@kent.example", "/schools/not-a-urn", 404],
    ["admin@kent.example", "/admin/users/999999", 404],
    ["admin@kent.example", "/admin/users/1e3", 404],
  ];
  it.each(cases)("%s GET %s -> %i", async (email, url, status) => {
    const reply = await browsers.get(email)!.get(url);
    expect(reply.status).toBe(status);
  });

  it("shows a funding request only to its school's staff and, once sent, to council officers", async () => {
    const cases: [string, () => string, number][] = [
      ["senco@oakfield.example", () => `/funding/${oakfieldRequest}`, 200],
      ["head@oakfield.example", () => `/funding/${oakfieldRequest}`, 200],
      ["officer@kent.example", () => `/funding/${oakfieldRequest}`, 200],
      ["senco@riverside.example", () => `/funding/${oakfieldRequest}`, 404],
      ["senco@riverside.example", () => `/funding/${oakfieldRequest}/edit`, 404],
      ["senco@riverside.example", () => `/funding/${riversideRequest}`, 200],
      ["head@oakfield.example", () => `/funding/${riversideRequest}`, 404],
      ["champion@kent.example", () => `/funding/${oakfieldRequest}`, 404],
      ["stls@kent.example", () => `/funding/${oakfieldRequest}`, 404],
      ["officer@kent.example", () => "/funding/HNF-2026-99999", 404],
      ["officer@kent.example", () => "/funding/not-a-reference", 404],
    ];
    for (const [email, url, status] of cases) expect((await browsers.get(email)!.get(url())).status, `${email} ${url()}`).toBe(status);
    const draft = await database.db
      .selectFrom("funding_requests")
      .innerJoin("schools", "schools.id", "funding_requests.school_id")
      .select("reference")
      .where("schools.urn", "=", OAKFIELD)
      .where("funding_requests.status", "=", "draft")
      .executeTakeFirstOrThrow();
    // A draft has not reached the council: an officer cannot tell it exists.
    expect((await browsers.get("officer@kent.example")!.get(`/funding/${draft.reference}`)).status).toBe(404);
    expect((await browsers.get("senco@oakfield.example")!.get(`/funding/${draft.reference}/edit`)).status).toBe(200);
  });

  // Pupils: only the pupil's own school's staff; everyone else, the same 404 as a pupil that does not exist.
  const pupilCases: [string, string, number][] = [
    ["senco@oakfield.example", "/pupils/:pupilId", 200],
    ["head@oakfield.example", "/pupils/:pupilId", 200],
    ["senco@riverside.example", "/pupils/:riversidePupilId", 200],
    ["senco@riverside.example", "/pupils/:pupilId", 404],
    ["senco@riverside.example", "/pupils/:pupilId/edit", 404],
    ["head@oakfield.example", "/pupils/:riversidePupilId", 404],
    ["senco@oakfield.example", "/pupils/:riversidePupilId", 404],
    ["senco@oakfield.example", "/pupils/:riversidePupilId/edit", 404],
    ["senco@oakfield.example", "/pupils/999999", 404],
    ["senco@oakfield.example", "/pupils/1e3", 404],
    ["officer@kent.example", "/pupils", 404],
    ["officer@kent.example", "/pupils/:pupilId", 404],
    ["champion@kent.example", "/pupils", 404],
    ["champion@kent.example", "/pupils/:pupilId", 404],
    ["stls@kent.example", "/pupils", 404],
    ["stls@kent.example", "/pupils/:pupilId", 404],
  ];
  it.each(pupilCases)("%s GET %s -> %i", async (email, sample, status) => {
    const reply = await browsers.get(email)!.get(samplePath(sample));
    expect(reply.status).toBe(status);
  });

  it("answers another school's pupil and a missing one with the same page", async () => {
    const forbidden = await browsers.get("senco@riverside.example")!.get(samplePath("/pupils/:pupilId"));
    const missing = await browsers.get("senco@riverside.example")!.get("/pupils/999999");
    expect(forbidden.status).toBe(404);
    expect(title(forbidden.text)).toBe(title(missing.text));
    expect(mainText(forbidden.text)).toBe(mainText(missing.text));
  });

  it("answers every POST about another school's pupil with 404 and changes nothing", async () => {
    const pupil = await database.db.selectFrom("pupils").selectAll().where("id", "=", pupilIds.oakfield).executeTakeFirstOrThrow();
    const riverside = browsers.get("senco@riverside.example")!;
    const left = await riverside.post(samplePath("/pupils/:pupilId"), { intent: "left", version: String(pupil.version), dateLeft: "2026-09-01" });
    expect(left.status).toBe(404);
    const edit = await riverside.post(samplePath("/pupils/:pupilId/edit"), {
      version: String(pupil.version),
      firstName: "Changed",
      lastName: pupil.last_name,
      dateOfBirth: pupil.date_of_birth,
      yearGroup: pupil.year_group,
      senProvision: pupil.sen_provision,
      primaryNeed: pupil.primary_need,
    });
    expect(edit.status).toBe(404);
    const after = await database.db.selectFrom("pupils").selectAll().where("id", "=", pupilIds.oakfield).executeTakeFirstOrThrow();
    expect(after).toEqual(pupil);
  });

  it("answers a forbidden school and a missing one with the same page", async () => {
    const forbidden = await browsers.get("senco@riverside.example")!.get(`/schools/${OAKFIELD}`);
    const missing = await browsers.get("senco@riverside.example")!.get("/schools/999999");
    expect(forbidden.status).toBe(missing.status);
    expect(title(forbidden.text)).toBe(title(missing.text));
    expect(mainText(forbidden.text)).toBe(mainText(missing.text));
  });

  it("lists only the schools each role may see", async () => {
    const champion = await browsers.get("champion@kent.example")!.get("/schools");
    expect(champion.text).toContain("Oakfield Primary School");
    expect(champion.text).not.toContain("Riverside Academy");
    const stls = await browsers.get("stls@kent.example")!.get("/schools?district=thanet");
    expect(stls.text).not.toContain("Riverside Academy");
    expect(stls.text).toContain("No schools match your search.");
  });
});

describe("every form", () => {
  const posting = () => ROUTES.filter((r) => ROUTE_ACCESS[r.file]!.post);

  it("refuses a POST without the CSRF token, for every role, and changes nothing", async () => {
    const before = await database.db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    for (const account of ACCOUNTS) {
      const browser = browsers.get(account.email)!;
      for (const route of posting()) {
        const url = samplePath(ROUTE_ACCESS[route.file]!.sample);
        const reply = await browser.post(url, { email: account.email, password: "portal-demo-2026" }, { csrf: null });
        const rule = ROUTE_ACCESS[route.file]!;
        const needs = rule.postAccess ?? rule.access;
        const expected = needs !== "public" && !roleCan(account.role, needs) ? 404 : 403;
        expect(reply.status, `${account.role} POST ${url}`).toBe(expected);
      }
    }
    const after = await database.db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // Every role times every form, one request after another: about 13 s on a quiet machine, and past the default
    // 30 s when CI's two workers share the cores with other work (it failed so on 4 December).
  }, 120_000);

  it("refuses a POST with a wrong CSRF token", async () => {
    const reply = await new Browser(app.baseUrl).post("/login", { email: "officer@kent.example", password: "portal-demo-2026" }, { csrf: "x".repeat(43) });
    expect(reply.status).toBe(403);
    expect(reply.text).toContain("Your form could not be sent");
  });

  it("refuses a cross-site POST even with a valid token", async () => {
    const browser = new Browser(app.baseUrl);
    const reply = await browser.post(
      "/login",
      { email: "officer@kent.example", password: "portal-demo-2026" },
      { headers: { Origin: "https://evil.example" } },
    );
    expect(reply.status).toBe(403);
    const fetchSite = await browser.post(
      "/login",
      { email: "officer@kent.example", password: "portal-demo-2026" },
      { headers: { Origin: app.baseUrl, "Sec-Fetch-Site": "cross-site" } },
    );
    expect(fetchSite.status).toBe(403);
    expect(browser.sessionToken()).toBeUndefined();
  });

  it("never changes anything on GET: sign-out by GET leaves the session alive", async () => {
    const browser = browsers.get("officer@kent.example")!;
    await browser.get("/logout");
    expect((await browser.get("/home")).status).toBe(200);
  });
});
