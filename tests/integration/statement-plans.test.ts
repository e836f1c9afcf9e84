import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompiledQuery, type KyselyPlugin, sql } from "kysely";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { listFundingRequests } from "../../app/domain/funding/queue.server.ts";
import { FUNDING_STATUSES } from "../../app/domain/funding/funding.schema.ts";
import { getHome } from "../../app/domain/home/home.server.ts";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { createTestDatabase } from "../setup/database.ts";

// ADR 66: the values the code chooses (the workflow's statuses, a page's size, the scopes' true and false) are in
// a statement's text, and what a person chose (a search, a district) is always a parameter. On PostgreSQL a read
// with no parameters left is prepared like any other (ADR 49), so the council's queue and home page are planned
// once a connection instead of on every request: the officer's home spent 1.6-3 ms of every request planning.

let database: DatabaseHandle;

beforeAll(async () => {
  // One connection, so the prepared statements read back below are the ones the lists ran on.
  process.env.DATABASE_POOL_MAX = "1";
  try {
    database = await createTestDatabase({ seed: true });
  } finally {
    delete process.env.DATABASE_POOL_MAX;
  }
});
afterAll(async () => {
  await database?.close();
});

/** The statements `work` sends, as compiled (text and parameters). */
async function statementsOf(work: (db: DatabaseHandle["db"]) => Promise<unknown>) {
  const sent: CompiledQuery[] = [];
  const executor = database.db.getExecutor();
  const capture: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      sent.push(executor.compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  await work(database.db.withPlugin(capture));
  // The funding area's own statements (another area's, such as guidance's, have statuses of their own).
  return sent.filter((s) => /"funding_request(s|_counts)"/.test(s.sql));
}

const statuses: readonly unknown[] = FUNDING_STATUSES;

describe("statements the council's funding pages send", () => {
  it("carry the workflow's statuses, the page size and the officer's reach in their text, not as parameters", async () => {
    const officer = await actorForEmail(database.db, "officer@kent.example");
    const sent = await statementsOf(async (db) => {
      await getHome(db, officer);
      await listFundingRequests(db, officer, {});
      await listFundingRequests(db, officer, { status: "any", sort: "due", dir: "asc" });
      await listFundingRequests(db, officer, { status: "approved", sort: "reference" });
    });
    expect(sent.length).toBeGreaterThanOrEqual(6);
    for (const statement of sent) {
      expect(statement.parameters.filter((p) => statuses.includes(p) || typeof p === "boolean")).toEqual([]);
    }
    expect(sent.some((s) => s.sql.includes(`in ('submitted', 'in_review')`))).toBe(true);
    expect(sent.some((s) => s.sql.includes(`= 'approved'`))).toBe(true);
    // The home page's to-do list: five, in the text.
    expect(sent.some((s) => /limit 5\b/.test(s.sql))).toBe(true);
    // A first page has no offset; a later one sends it as a parameter, so every later page is one statement.
    const later = await statementsOf((db) => listFundingRequests(db, officer, { status: "any", sort: "reference", page: 3 }, new Date(), 2));
    const laterPage = later.find((s) => /\boffset \$\d+/.test(s.sql));
    expect(laterPage?.parameters).toContain(4);
  });

  it("send what the officer typed or chose as parameters, never in the text", async () => {
    const officer = await actorForEmail(database.db, "officer@kent.example");
    const typed = `Oak'field`;
    const sent = await statementsOf((db) => listFundingRequests(db, officer, { status: "any", q: typed, district: "MAI" }));
    for (const statement of sent) {
      expect(statement.sql).not.toContain("Oak");
      expect(statement.sql).not.toContain("MAI");
    }
    expect(sent.flatMap((s) => s.parameters).some((p) => typeof p === "string" && p.includes(typed))).toBe(true);
    expect(sent.flatMap((s) => s.parameters)).toContain("MAI");
  });

  it("are planned once a connection on PostgreSQL, however often the queue and home page are read", async () => {
    const officer = await actorForEmail(database.db, "officer@kent.example");
    const runs = 8;
    for (let i = 0; i < runs; i++) {
      await getHome(database.db, officer);
      await listFundingRequests(database.db, officer, { status: "any", sort: "due", dir: "asc" });
    }
    const list = await listFundingRequests(database.db, officer, { status: "any", sort: "due", dir: "asc" });
    expect(list.rows.length).toBeGreaterThan(0);
    if (database.kind !== "postgres") return;
    // PostgreSQL's own account of the connection's prepared statements (PG 14+): how often each was planned for
    // its values (custom) and how often its one plan was reused (generic).
    const { rows } = await sql<{ statement: string; generic_plans: number; custom_plans: number }>`
      SELECT statement, generic_plans::int, custom_plans::int FROM pg_prepared_statements WHERE statement LIKE '%funding_requests%'`.execute(database.db);
    // The home page's to-do list and the queue's page, each run `runs` times and more (the earlier tests' ran once).
    const pages = rows.filter((r) => r.statement.includes(`"funding_requests"."reference"`) && r.generic_plans + r.custom_plans >= runs);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const page of pages) expect(page.custom_plans).toBe(0);
  });
});
