import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, migrateDown, migrateToLatest, migrationsCurrent } from "../../app/db.server.ts";
import { generateTypes } from "../../db/typegen.ts";
import { migrations } from "../../db/migrations/index.ts";
import { root } from "../../scripts/ensure-build.ts";
import { createTestDatabase } from "../setup/database.ts";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe("the schema", () => {
  it("matches db/types.ts exactly (run `npm run db:types` after changing a migration)", async () => {
    const committed = fs.readFileSync(path.join(root, "db/types.ts"), "utf8");
    expect(await generateTypes(database.db)).toBe(committed);
  });

  it("lists every migration file, and each one goes down and up again cleanly", async () => {
    const files = fs
      .readdirSync(path.join(root, "db/migrations"))
      .filter((f) => f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""));
    expect(Object.keys(migrations).sort()).toEqual(files.sort());
    const before = await generateTypes(database.db);
    for (let i = 0; i < files.length; i++) await migrateDown(database.db);
    expect(await migrationsCurrent(database.db)).toBe(false);
    await migrateToLatest(database.db);
    expect(await migrationsCurrent(database.db)).toBe(true);
    expect(await generateTypes(database.db)).toBe(before);
  });

  it("refuses rows that break the rules of the data: bad URNs, a SENCO with no school, upper-case emails", async () => {
    const db = database.db;
    const district = await db.insertInto("districts").values({ code: "test-district", name: "Test district", area: "West" }).returning("id").executeTakeFirstOrThrow();
    await expect(
      db.insertInto("schools").values({ urn: "12345", name: "Short URN School", phase: "Primary", establishment_type: "Community school", district_id: district.id }).execute(),
    ).rejects.toThrow();
    const user = await db.insertInto("users").values({ email: "rules@example.test", display_name: "Rules", password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
    await expect(db.insertInto("memberships").values({ user_id: user.id, role: "senco" }).execute()).rejects.toThrow();
    await expect(db.insertInto("memberships").values({ user_id: user.id, role: "wizard" }).execute()).rejects.toThrow();
    await expect(db.insertInto("users").values({ email: "Upper@Example.test", display_name: "Upper", password_hash: "x" }).execute()).rejects.toThrow();
  });
});
