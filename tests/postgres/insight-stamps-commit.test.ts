import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { stampOf } from "../../app/domain/insight/kept.server.ts";
import { registerInsight } from "../../app/domain/insight/register.server.ts";
import { createTestDatabase } from "../setup/database.ts";

// ADR 74 (PostgreSQL: two connections, one with a transaction open): a write moves a dashboard's change stamp when
// its transaction commits. Moved by the statement instead, a dashboard read while the write was still open made its
// views without it, under the stamp that counted it, and went on showing them after the commit.

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
});
afterAll(async () => {
  await database?.close();
});

describe("the insight dashboards' change stamps, against a write still open", () => {
  it("keep the views while the write is open, and make them again with it once it commits", async () => {
    const db = database.db;
    expect(database.kind).toBe("postgres");
    const actor = await actorForEmail(db, "officer@kent.example");
    const before = await registerInsight(db, actor, { provision: "E" });
    const stamp = await stampOf(db, ["pupils", "schools"]);
    const pupil = await db
      .selectFrom("pupils")
      .innerJoin("sen_need_types", "sen_need_types.code", "pupils.primary_need")
      .select("pupils.id")
      .where("pupils.date_left", "is", null)
      .where("pupils.anonymised_at", "is", null)
      .where("pupils.sen_provision", "=", "K")
      .where("sen_need_types.sen_support_only", "=", false)
      .limit(1)
      .executeTakeFirstOrThrow();
    let during: Awaited<ReturnType<typeof registerInsight>> | undefined;
    await db.transaction().execute(async (trx) => {
      // The pupil gets an EHC plan: the EHC view's Kent total grows by one once this commits.
      await trx.updateTable("pupils").set({ sen_provision: "E" }).where("id", "=", pupil.id).execute();
      expect(await stampOf(db, ["pupils", "schools"])).toBe(stamp);
      during = await registerInsight(db, actor, { provision: "E" });
    });
    expect(during!.computedAt).toEqual(before.computedAt);
    expect(await stampOf(db, ["pupils", "schools"])).not.toBe(stamp);
    const after = await registerInsight(db, actor, { provision: "E" });
    expect(after.computedAt.getTime()).toBeGreaterThan(before.computedAt.getTime());
    const ehc = await db.selectFrom("pupils").select((eb) => eb.fn.countAll<number>().as("n")).where("date_left", "is", null).where("anonymised_at", "is", null).where("sen_provision", "=", "E").executeTakeFirstOrThrow();
    expect(after.table.total).toBe(Number(ehc.n));
    expect(after.table.total).toBe((before.table.total as number) + 1);
  });
});
