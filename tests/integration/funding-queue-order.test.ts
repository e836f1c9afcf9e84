import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FundingSeed, insertFundingRequests, typicalPlan } from "../../db/seed/funding.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import type { Actor } from "../../app/domain/access/access.server.ts";
import { QUEUE_SORTS } from "../../app/domain/funding/casework/queue-options.ts";
import type { FundingStatus } from "../../app/domain/funding/funding.schema.ts";
import { type FundingListFilter, fundingListRows, listFundingRequests, selectFundingRequests } from "../../app/domain/funding/queue.server.ts";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { createTestDatabase } from "../setup/database.ts";

// The council's queue reads a page one status at a time, or a district or scheme at a time (ADR 34). Whatever the
// column, direction, status and page, an officer sees the requests in the order the column's header promises:
// the same rows, in the same order, as one sort of every request the filters select (casework's orderCasework),
// with ties (equal due dates and amounts, several schools of one name), empty due dates and amounts, and
// requests assigned to officers.

let database: DatabaseHandle;
let officer: Actor;
const db = () => database.db;

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  officer = await actorForEmail(db(), "officer@kent.example");
  const schools = await db().selectFrom("schools").select("id").orderBy("id").limit(6).execute();
  // Two schools of one name (a tie the school sort breaks by request).
  await db().updateTable("schools").set({ name: "St Mary's CE Primary School" }).where("id", "in", [schools[0]!.id, schools[1]!.id]).execute();
  const schemes = await db().selectFrom("funding_schemes").select(["id", "code"]).execute();
  const users = await db().selectFrom("users").select(["id", "email"]).execute();
  const user = (email: string) => users.find((u) => u.email === email)!.id;
  const statuses: FundingStatus[] = ["submitted", "in_review", "more_information_needed", "approved", "approved", "partly_approved", "declined", "withdrawn", "awaiting_headteacher"];
  const from = Date.now() - 300 * 86_400_000;
  const seeds: FundingSeed[] = Array.from({ length: 150 }, (_, i) => {
    const scheme = schemes[i % schemes.length]!;
    return {
      schoolId: schools[i % schools.length]!.id,
      schemeId: scheme.id,
      schemeCode: scheme.code,
      pupilId: null,
      status: statuses[i % statuses.length]!,
      sencoId: user("senco@oakfield.example"),
      headId: user("head@oakfield.example"),
      officerId: user("officer@kent.example"),
      periodStart: "2026-09-01",
      periodEnd: "2027-03-31",
      // Amounts in a few values: many ties.
      requestedPence: 100_000 * (1 + (i % 4)),
      lines: typicalPlan(100_000 * (1 + (i % 4))),
      evidence: {},
      // Sent in pairs a day apart: due dates tie too.
      startedAt: new Date(from + Math.floor(i / 2) * 86_400_000),
      assignedTo: i % 7 === 0 ? user("officer@kent.example") : i % 11 === 0 ? user("officer.east@kent.example") : null,
    };
  });
  await insertFundingRequests(db(), seeds);
  // Requests sent before due dates existed, or without an amount: empty values, shown last either way.
  const some = await db().selectFrom("funding_requests").select("id").where("submitted_at", "is not", null).orderBy("id", "desc").limit(12).execute();
  await db().updateTable("funding_requests").set({ due_on: null }).where("id", "in", some.slice(0, 6).map((r) => r.id)).execute();
  await db().updateTable("funding_requests").set({ amount_requested_pence: null }).where("id", "in", some.slice(6).map((r) => r.id)).execute();
}, 120_000);

afterAll(async () => {
  await database?.close();
});

/** The page as one sort of every request the filters select would give it. */
async function sortedWhole(filter: FundingListFilter, page: number): Promise<string[]> {
  const selection = await selectFundingRequests(db(), officer, filter, new Date());
  const ids = selection.ordered(selection.selected.select("funding_requests.id")).limit(50).offset((page - 1) * 50);
  return (await fundingListRows(db(), officer, selection, ids, new Date())).map((r) => r.reference);
}

describe("the council's queue, sorted by any column", () => {
  it("shows every page of every view in the column's order, as one sort of every request would", async () => {
    const views: FundingListFilter[] = [{}, { status: "any" }, { status: "approved" }, { status: "withdrawn" }, { status: "any", district: "maidstone" }, { status: "any", assigned: "none" }, { due: "overdue" }];
    let pagesCompared = 0;
    for (const view of views) {
      for (const sort of QUEUE_SORTS) {
        for (const dir of ["asc", "desc"] as const) {
          const filter = { ...view, sort, dir };
          const first = await listFundingRequests(db(), officer, filter);
          for (let page = 1; page <= Math.min(first.pages, 4); page++) {
            const shown = page === 1 ? first : await listFundingRequests(db(), officer, { ...filter, page });
            expect(shown.rows.map((r) => r.reference), `${JSON.stringify(filter)}, page ${page}`).toEqual(await sortedWhole(filter, page));
            pagesCompared++;
          }
        }
      }
    }
    // The views are long enough to page: "any status" has more than 150 requests, so three pages at least.
    expect((await listFundingRequests(db(), officer, { status: "any" })).pages).toBeGreaterThanOrEqual(3);
    expect(pagesCompared).toBeGreaterThan(200);
  }, 300_000);

  it("puts the requests with no due date or amount last, ascending and descending", async () => {
    for (const [sort, empty] of [
      ["due", (r: { dueOn: string | null }) => r.dueOn === null],
      ["requested", (r: { amountRequestedPence: number | null }) => r.amountRequestedPence === null],
    ] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const list = await listFundingRequests(db(), officer, { status: "any", sort, dir });
        const rows = [...list.rows];
        for (let page = 2; page <= list.pages; page++) rows.push(...(await listFundingRequests(db(), officer, { status: "any", sort, dir, page })).rows);
        expect(rows).toHaveLength(list.total);
        const emptyAt = rows.flatMap((r, i) => (empty(r as never) ? [i] : []));
        expect(emptyAt, `${sort} ${dir}`).toEqual(Array.from({ length: 6 }, (_, i) => rows.length - 6 + i));
      }
    }
  });
  it("shows every page of one long status the same way when the pages past the middle are read from the end", async () => {
    // Enough approved requests for five pages, ties among them and some with no due date or amount, sent before
    // the requests the first test used.
    const [schools, schemes, users] = await Promise.all([
      db().selectFrom("schools").select("id").orderBy("id").limit(3).execute(),
      db().selectFrom("funding_schemes").select(["id", "code"]).execute(),
      db().selectFrom("users").select(["id", "email"]).execute(),
    ]);
    const user = (email: string) => users.find((u) => u.email === email)!.id;
    const from = Date.now() - 700 * 86_400_000;
    await insertFundingRequests(
      db(),
      Array.from({ length: 230 }, (_, i): FundingSeed => ({
        schoolId: schools[i % schools.length]!.id,
        schemeId: schemes[i % schemes.length]!.id,
        schemeCode: schemes[i % schemes.length]!.code,
        pupilId: null,
        status: "approved",
        sencoId: user("senco@oakfield.example"),
        headId: user("head@oakfield.example"),
        officerId: user("officer@kent.example"),
        periodStart: "2025-09-01",
        periodEnd: "2026-03-31",
        requestedPence: 100_000 * (1 + (i % 3)),
        lines: typicalPlan(100_000 * (1 + (i % 3))),
        evidence: {},
        startedAt: new Date(from + Math.floor(i / 3) * 86_400_000),
        assignedTo: null,
      })),
    );
    const some = await db().selectFrom("funding_requests").select("id").where("status", "=", "approved").orderBy("id", "desc").limit(20).execute();
    await db().updateTable("funding_requests").set({ due_on: null }).where("id", "in", some.slice(0, 10).map((r) => r.id)).execute();
    await db().updateTable("funding_requests").set({ amount_requested_pence: null }).where("id", "in", some.slice(10).map((r) => r.id)).execute();

    for (const sort of QUEUE_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        const filter: FundingListFilter = { status: "approved", sort, dir };
        const first = await listFundingRequests(db(), officer, filter);
        expect(first.pages).toBeGreaterThanOrEqual(5);
        const seen = new Set<string>();
        for (let page = 1; page <= first.pages; page++) {
          const shown = page === 1 ? first : await listFundingRequests(db(), officer, { ...filter, page });
          const references = shown.rows.map((r) => r.reference);
          expect(references, `${sort} ${dir}, page ${page}`).toEqual(await sortedWhole(filter, page));
          for (const reference of references) seen.add(reference);
        }
        expect(seen.size, `${sort} ${dir}`).toBe(first.total);
      }
    }
  }, 300_000);
});
