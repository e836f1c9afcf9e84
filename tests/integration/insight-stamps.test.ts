import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { stampOf } from "../../app/domain/insight/kept.server.ts";
import { registerInsight } from "../../app/domain/insight/register.server.ts";
import { createTestDatabase } from "../setup/database.ts";

// ADR 71: a dashboard's kept views are made again when a table behind them is written to, told by a sequence each
// write statement moves (not by counting the table on every request); and writers never wait on each other for it.

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
});
afterAll(async () => {
  await database?.close();
});

describe("the insight dashboards' change stamps", () => {
  it("move with every insert, update and delete of a watched table, and not with a read or another table's write", async () => {
    const db = database.db;
    const stamp = () => stampOf(db, ["pupils", "schools"]);
    const first = await stamp();
    await db.selectFrom("pupils").selectAll().execute();
    await db.updateTable("users").set({ display_name: "Helen Marsh" }).where("email", "=", "officer@kent.example").execute();
    expect(await stamp()).toBe(first);
    const pupil = await db.selectFrom("pupils").selectAll().where("date_left", "is", null).limit(1).executeTakeFirstOrThrow();
    const { id: _id, created_at: _c, updated_at: _u, version: _v, ...copy } = pupil;
    const added = await db.insertInto("pupils").values({ ...copy, upn: null, first_name: "Stamp" }).returning("id").executeTakeFirstOrThrow();
    const afterInsert = await stamp();
    expect(afterInsert).not.toBe(first);
    await db.updateTable("pupils").set({ first_name: "Stamped" }).where("id", "=", added.id).execute();
    const afterUpdate = await stamp();
    expect(afterUpdate).not.toBe(afterInsert);
    await db.deleteFrom("pupils").where("id", "=", added.id).execute();
    expect(await stamp()).not.toBe(afterUpdate);
  });

  it("make the register dashboard count a pupil whose need changes, the next time it is read", async () => {
    const db = database.db;
    const actor = await actorForEmail(db, "officer@kent.example");
    const before = await registerInsight(db, actor, {});
    const pupil = await db.selectFrom("pupils").select(["id", "primary_need"]).where("date_left", "is", null).where("primary_need", "<>", "HI").limit(1).executeTakeFirstOrThrow();
    // The same count, but one pupil moved to hearing impairment (Sensory and physical): a changed stamp, made again.
    await db.updateTable("pupils").set({ primary_need: "HI", secondary_need: null }).where("id", "=", pupil.id).execute();
    const after = await registerInsight(db, actor, {});
    expect(after.computedAt.getTime()).toBeGreaterThan(before.computedAt.getTime());
    expect(after).not.toBe(before);
    // Read again with nothing written: the kept views, not made again.
    expect((await registerInsight(db, actor, {})).computedAt).toEqual(after.computedAt);
  });

  it("never make two writers of a watched table wait for each other (PostgreSQL)", async () => {
    if (database.kind !== "postgres") return;
    const db = database.db;
    const [a, b] = await db.selectFrom("pupils").select("id").orderBy("id").limit(2).execute();
    let second = "";
    await db.transaction().execute(async (first) => {
      await first.updateTable("pupils").set({ first_name: "One" }).where("id", "=", a!.id).execute();
      // While the first write is still open, another connection writes another pupil: it must not wait.
      await db.transaction().execute(async (other) => {
        await sql`SET LOCAL lock_timeout = '2s'`.execute(other);
        await other.updateTable("pupils").set({ first_name: "Two" }).where("id", "=", b!.id).execute();
        second = "written";
      });
    });
    expect(second).toBe("written");
  });
});
