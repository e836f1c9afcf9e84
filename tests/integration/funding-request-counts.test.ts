import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { type FundingSeed, insertFundingRequests, typicalPlan } from "../../db/seed/funding.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import type { FundingStatus } from "../../app/domain/funding/funding.schema.ts";
import { listFundingRequests } from "../../app/domain/funding/queue.server.ts";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { createTestDatabase } from "../setup/database.ts";

// ADR 56: the queue's "N requests" and its pages come from counts the database keeps per school, status and
// whether a request has reached the council. Whatever writes the requests (the seed, a bulk load, a status
// change, a school corrected, a draft deleted), the counts stay those of the requests themselves, and the lists
// say the number of requests their filters select.

let database: DatabaseHandle;
const db = () => database.db;

/** The kept counts that differ from a count of the requests themselves (none when they agree). */
async function countsAdrift() {
  const { rows } = await sql<{ school_id: number; status: string; reached_council: boolean; kept: number; actual: number }>`
    SELECT coalesce(k.school_id, a.school_id) AS school_id, coalesce(k.status, a.status) AS status,
      coalesce(k.reached_council, a.reached_council) AS reached_council, coalesce(k.n, 0) AS kept, coalesce(a.n, 0)::int AS actual
    FROM funding_request_counts k
    FULL JOIN (
      SELECT school_id, status, submitted_at IS NOT NULL AS reached_council, count(*) AS n FROM funding_requests
      GROUP BY school_id, status, submitted_at IS NOT NULL
    ) a ON a.school_id = k.school_id AND a.status = k.status AND a.reached_council = k.reached_council
    WHERE coalesce(k.n, 0) <> coalesce(a.n, 0)`.execute(db());
  return rows;
}

async function countRequests(where: ReturnType<typeof sql>) {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM funding_requests r JOIN schools s ON s.id = r.school_id JOIN districts d ON d.id = s.district_id WHERE ${where}`.execute(
    db(),
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe("the counts kept of funding requests", () => {
  it("agree with the requests after the demo seed", async () => {
    expect(await countsAdrift()).toEqual([]);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM funding_request_counts WHERE n > 0`.execute(db());
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it("stay right through a bulk load, status changes in bulk, a school corrected and a load removed", async () => {
    const schools = await db().selectFrom("schools").select("id").orderBy("id").limit(4).execute();
    const schemes = await db().selectFrom("funding_schemes").select(["id", "code"]).execute();
    const users = await db().selectFrom("users").select(["id", "email"]).execute();
    const user = (email: string) => users.find((u) => u.email === email)!.id;
    const statuses: FundingStatus[] = ["draft", "awaiting_headteacher", "submitted", "in_review", "approved", "declined", "withdrawn"];
    const seeds: FundingSeed[] = Array.from({ length: 70 }, (_, i) => ({
      schoolId: schools[i % schools.length]!.id,
      schemeId: schemes[i % schemes.length]!.id,
      schemeCode: schemes[i % schemes.length]!.code,
      pupilId: null,
      status: statuses[i % statuses.length]!,
      sencoId: user("senco@oakfield.example"),
      headId: user("head@oakfield.example"),
      officerId: user("officer@kent.example"),
      periodStart: "2026-09-01",
      periodEnd: "2027-03-31",
      requestedPence: 250_000,
      lines: typicalPlan(250_000),
      evidence: {},
      startedAt: new Date(Date.now() - (i + 1) * 86_400_000),
      assignedTo: null,
    }));
    await insertFundingRequests(db(), seeds);
    expect(await countsAdrift()).toEqual([]);

    // One statement moving many requests between statuses (and some rows not at all).
    await db().updateTable("funding_requests").set({ status: "in_review" }).where("status", "=", "submitted").where("school_id", "=", schools[0]!.id).execute();
    await db()
      .updateTable("funding_requests")
      .set((eb) => ({ version: eb("version", "+", 1) }))
      .where("school_id", "=", schools[1]!.id)
      .execute();
    // A request sent back to the school keeps having reached the council; a request never sent gets sent.
    await db().updateTable("funding_requests").set({ status: "more_information_needed" }).where("status", "=", "in_review").where("school_id", "=", schools[2]!.id).execute();
    await db().updateTable("funding_requests").set({ status: "submitted", submitted_at: new Date() }).where("status", "=", "awaiting_headteacher").where("school_id", "=", schools[3]!.id).execute();
    // A request recorded under the wrong school, corrected.
    const moved = await db().selectFrom("funding_requests").select("id").where("school_id", "=", schools[0]!.id).where("status", "=", "approved").limit(2).execute();
    await db().updateTable("funding_requests").set({ school_id: schools[1]!.id }).where("id", "in", moved.map((r) => r.id)).execute();
    // Requests loaded in one statement and removed again (the portal itself never deletes one: a bulk load undone).
    const loaded = await sql<{ id: number }>`
      INSERT INTO funding_requests (reference, school_id, scheme_id, status, submitted_at, created_by, idempotency_key)
      SELECT 'TEST-2026-' || lpad(i::text, 5, '0'), ${schools[2]!.id}, ${schemes[0]!.id}, CASE WHEN i % 2 = 0 THEN 'submitted' ELSE 'draft' END,
        CASE WHEN i % 2 = 0 THEN now() END, ${user("senco@oakfield.example")}, 'count-test-' || i
      FROM generate_series(1, 9) AS i RETURNING id`.execute(db());
    expect(await countsAdrift()).toEqual([]);
    await db().deleteFrom("funding_requests").where("id", "in", loaded.rows.map((r) => r.id)).execute();
    expect(await countsAdrift()).toEqual([]);
  });

  it("give the council's queue and a school's list the number of requests their filters select", async () => {
    const officer = await actorForEmail(db(), "officer@kent.example");
    const reached = sql`r.submitted_at IS NOT NULL`;
    const any = await listFundingRequests(db(), officer, { status: "any" });
    expect(any.total).toBe(await countRequests(reached));
    expect(any.pages).toBe(Math.max(1, Math.ceil(any.total / 50)));
    const waiting = await listFundingRequests(db(), officer, {});
    expect(waiting.total).toBe(await countRequests(sql`${reached} AND r.status IN ('submitted', 'in_review')`));
    const district = await db().selectFrom("districts").select("code").orderBy("code").executeTakeFirstOrThrow();
    const approvedThere = await listFundingRequests(db(), officer, { status: "approved", district: district.code });
    expect(approvedThere.total).toBe(await countRequests(sql`${reached} AND r.status = 'approved' AND d.code = ${district.code}`));
    // A filter the kept counts do not hold is counted from the requests: the same answer.
    const scheme = await db().selectFrom("funding_schemes").select("id").orderBy("id").executeTakeFirstOrThrow();
    const byScheme = await listFundingRequests(db(), officer, { status: "any", scheme: String(scheme.id) });
    expect(byScheme.total).toBe(await countRequests(sql`${reached} AND r.scheme_id = ${scheme.id}`));

    const head = await actorForEmail(db(), "head@oakfield.example");
    const own = await listFundingRequests(db(), head, {});
    expect(own.total).toBe(await countRequests(sql`r.school_id IN (${sql.join(head.schoolIds)})`));
    const ownDrafts = await listFundingRequests(db(), head, { status: "draft" });
    expect(ownDrafts.total).toBe(await countRequests(sql`r.school_id IN (${sql.join(head.schoolIds)}) AND r.status = 'draft'`));
  });
});
