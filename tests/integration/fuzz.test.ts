import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTE_ACCESS } from "../../app/domain/access/route-access.ts";
import { roleCan } from "../../app/domain/access/roles.ts";
import { Browser, seededApp } from "../setup/app.ts";
import { formBody, type PageForm, pageForms } from "../setup/forms.ts";
import { ACCOUNTS, OAKFIELD, ROUTES, sampleRecords, samplePath } from "../setup/inventory.ts";

// Issue 7: every form of every route, as every role that may post it, sent hostile values in its fields
// (numbers past any integer, NUL and other control characters, lone surrogates, JSON, markup, huge text,
// Conform's reserved fields, field names past the bounds). Nothing is answered with a 5xx, and a case that
// carries a value no form can accept changes no data. Filters on list pages get the same in their query
// strings. FUZZ_RUNS sets the number of cases for each property (CI: the default; `npm run bench:fuzz`: more).

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
// Hostile values in a change-password form are failed checks of that account's password: hundreds of cases a
// minute would pause the account's sign-in (429) and the next case could not sign back in. The limits have tests
// of their own (sign-in.test.ts); here they are raised out of the way.
const t = seededApp({ signInLimits: { failuresPerAccountPerMinute: 100_000, failuresPerAccountPerHour: 100_000 } });

interface Target {
  who: string;
  browser: Browser;
  form: PageForm;
}

const posting: Target[] = [];
const filtering: Target[] = [];
let tablesChecksum: () => Promise<string>;

/** Text a careless or hostile client might send in any field. */
const hostileText = fc.oneof(
  fc.constantFrom(
    "2147483648",
    "-2147483649",
    "9007199254740993",
    "99999999999999999999999",
    "1e309",
    "-1",
    "0",
    "1.5",
    "NaN",
    "Infinity",
    "0x10",
    "{",
    "null",
    "[]",
    '{"type":"x"}',
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00",
    "a\u0000b",
    "\u0000",
    "\u0007\u001b[2J",
    "\uD800",
    "\uFFFE",
    "\u202E",
    " ",
    "",
    "x".repeat(5_000),
    "31/02/2026",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "£-1",
    "£1,000,000,000,000",
    "1,2,3",
    "yes",
    "on",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
);

/** What makes a form one no page of the portal's sends: refused before anything is stored. */
const poison = fc.oneof(
  fc.record({ kind: fc.constant("nul" as const), value: fc.string({ maxLength: 10 }).map((s) => `${s}\u0000${s}`) }),
  fc.record({ kind: fc.constant("reserved" as const), name: fc.constantFrom("__intent__", "__state__"), value: fc.constantFrom("{", "null", "[]", '{"type":"x","payload":1}') }),
  fc.record({
    kind: fc.constant("name" as const),
    name: fc.constantFrom("a[99999999]", "lines[100].cost", "a.b.c.d.e", "x".repeat(101), "__proto__.x", "a..b", "a[-1]"),
  }),
  fc.record({ kind: fc.constant("version" as const), value: fc.constantFrom("2147483648", "-1", "1.5", "x", "", "9007199254740993") }),
);

beforeAll(async () => {
  const records = await sampleRecords(t.database);
  // The pages of each funding request state at Oakfield, so the forms of every step are reached.
  const refs = await t.database.db
    .selectFrom("funding_requests")
    .innerJoin("schools", "schools.id", "funding_requests.school_id")
    .select(["funding_requests.reference", "funding_requests.status"])
    .where("schools.urn", "=", OAKFIELD)
    .orderBy("funding_requests.id")
    .execute();
  const oneEach = [...new Map(refs.map((r) => [r.status, r.reference])).values()];

  const people: { who: string; browser: Browser; role: (typeof ACCOUNTS)[number]["role"] | null }[] = [
    { who: "anonymous", browser: new Browser(t.app.baseUrl), role: null },
  ];
  for (const account of ACCOUNTS) {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(account.email);
    people.push({ who: account.email, browser, role: account.role });
  }
  const seen = new Set<string>();
  for (const person of people) {
    for (const route of ROUTES) {
      const rule = ROUTE_ACCESS[route.file]!;
      const allowed = rule.access === "public" || (person.role !== null && roleCan(person.role, rule.access));
      if (!allowed) continue;
      const paths = rule.sample.includes(":ref") ? oneEach.map((ref) => samplePath(rule.sample, records, ref)) : [samplePath(rule.sample, records)];
      for (const pathname of paths) {
        const page = await person.browser.get(pathname);
        if (page.status !== 200) continue;
        for (const method of ["post", "get"] as const) {
          for (const form of pageForms(page.text, pathname, method)) {
            const key = `${person.who} ${method} ${form.action} ${form.fields.map(([n]) => n).join(",")} ${form.submitters.map((s) => s.join("=")).join(",")}`;
            if (seen.has(key)) continue;
            seen.add(key);
            (method === "post" ? posting : filtering).push({ who: person.who, browser: person.browser, form });
          }
        }
        // A route that takes POSTs but showed no form here (a step only JavaScript offers) is posted to bare.
        if (rule.post && !pageForms(page.text, pathname).some((f) => f.action === pathname)) {
          posting.push({ who: person.who, browser: person.browser, form: { method: "post", action: pathname, fields: [["csrf", await person.browser.csrfToken()]], submitters: [] } });
        }
      }
    }
  }

  // Every table a refused form could touch, hashed: the log tables (audit, sign-in attempts, sessions' last
  // use, keys) aside, as refusals are recorded there.
  const tables = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
    AND table_name NOT IN ('audit_events', 'sign_in_attempts', 'sessions', 'app_secrets', 'kysely_migration', 'kysely_migration_lock')
    ORDER BY table_name`.execute(t.database.db);
  const parts = tables.rows.map(({ name }) => sql`(SELECT coalesce(md5(string_agg(r::text, ',' ORDER BY r::text)), '') FROM ${sql.table(name)} r)`);
  tablesChecksum = async () => {
    const row = await sql<{ sum: string }>`SELECT md5(concat(${sql.join(parts)})) AS sum`.execute(t.database.db);
    return row.rows[0]!.sum;
  };
}, 300_000);

async function send(target: Target, body: string) {
  const { browser, form } = target;
  if (form.method === "get") {
    return browser.get(`${form.action.split("?")[0]}?${body}`);
  }
  return browser.request("POST", form.action, {
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: browser.baseUrl },
  });
}

/** The form's fields as sent, the CSRF token kept valid, every other field given a hostile value. */
function hostileFields(target: Target, values: string[], submitter: number): [string, string][] {
  const fields = target.form.fields.map(([name, value], i): [string, string] => (name === "csrf" ? [name, value] : [name, values[i % values.length]!]));
  const button = target.form.submitters[submitter % Math.max(1, target.form.submitters.length)];
  return button ? [...fields, button] : fields;
}

/** Keeps each signed-in browser signed in: a case that signed it out (a bare POST to /logout) is undone. */
async function stillSignedIn(target: Target) {
  if (target.who !== "anonymous" && !target.browser.sessionToken()) await target.browser.signIn(target.who);
}

describe("the form fuzz test over the route inventory", () => {
  it("found the forms of every route that takes POSTs, for every role that may post them", () => {
    const postRoutes = ROUTES.filter((r) => ROUTE_ACCESS[r.file]!.post).length;
    expect(posting.length).toBeGreaterThan(postRoutes);
    expect(new Set(posting.map((p) => p.who)).size).toBe(ACCOUNTS.length + 1);
    expect(filtering.length).toBeGreaterThan(3);
  });

  it("answers a form that carries a value no form can accept without a 5xx, and changes no data", async () => {
    const before = await tablesChecksum();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: posting.length - 1 }),
        fc.array(hostileText, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        poison,
        fc.nat(),
        async (index, values, submitter, bad, where) => {
          const target = posting[index]!;
          let fields = hostileFields(target, values, submitter);
          const others = fields.filter(([name]) => name !== "csrf");
          if (bad.kind === "nul") {
            const victim = others.length > 0 ? others[where % others.length]![0] : "note";
            fields = others.length > 0 ? fields.map(([n, v]): [string, string] => (n === victim ? [n, bad.value] : [n, v])) : [...fields, [victim, bad.value]];
          } else if (bad.kind === "reserved") fields = [...fields, [bad.name, bad.value]];
          else if (bad.kind === "name") fields = [...fields, [bad.name, "1"]];
          else fields = [...fields.filter(([n]) => n !== "version"), ["version", bad.value]];
          const hasVersion = target.form.fields.some(([n]) => n === "version");
          // A bad version poisons only a form that has one; elsewhere it is one more unknown field.
          if (bad.kind === "version" && !hasVersion) fields = [...fields, ["x\u0000", "1"]];
          const reply = await send(target, formBody(fields));
          expect(reply.status, `${target.who} POST ${target.form.action}: ${reply.text.slice(0, 200)}`).toBeLessThan(500);
          expect(reply.status, `${target.who} POST ${target.form.action} was accepted`).toBeGreaterThanOrEqual(400);
          expect(await tablesChecksum(), `${target.who} POST ${target.form.action} changed data`).toBe(before);
        },
      ),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  }, 600_000);

  it("answers hostile values in every field of every form without a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: posting.length - 1 }), fc.array(hostileText, { minLength: 1, maxLength: 8 }), fc.nat(), async (index, values, submitter) => {
        const target = posting[index]!;
        await stillSignedIn(target);
        const reply = await send(target, formBody(hostileFields(target, values, submitter)));
        expect(reply.status, `${target.who} POST ${target.form.action}: ${reply.text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  }, 600_000);

  it("answers hostile values in the filters and search boxes of every list without a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: filtering.length - 1 }), fc.array(hostileText, { minLength: 1, maxLength: 6 }), async (index, values) => {
        const target = filtering[index]!;
        await stillSignedIn(target);
        const reply = await send(target, formBody(hostileFields(target, values, 0).filter(([n]) => n !== "csrf")));
        expect(reply.status, `${target.who} GET ${target.form.action}: ${reply.text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  }, 600_000);
});
