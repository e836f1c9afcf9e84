import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { SUPPRESSED } from "../../app/domain/insight/disclosure.server.ts";
import { PROVISIONS, registerInsight } from "../../app/domain/insight/register.server.ts";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { createTestDatabase } from "../setup/database.ts";
import { recountRegisters } from "../setup/register-recount.ts";

// Issue 13: every figure the register dashboard shows equals a recount of the rows it summarises, whatever the
// registers hold: random pupils (schools, needs, provisions, some of them left) are added run after run, and
// each view's shown cells, totals and rates are recounted from the pupils and schools with SQL of the test's own.

let database: DatabaseHandle;
const db = () => database.db;

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
});
afterAll(async () => {
  await database?.close();
});

const RUNS = Number(process.env.RECOUNT_RUNS ?? 20);

describe("the register dashboard's figures", () => {
  it(`equal a recount of the registers, over ${RUNS} random registers`, async () => {
    const officer = await actorForEmail(db(), "officer@kent.example");
    const schools = await db().selectFrom("schools").select("id").orderBy("id").execute();
    const needs = await db().selectFrom("sen_need_types").select("code").where("active", "=", true).orderBy("code").execute();
    const pupil = fc.record({
      school: fc.integer({ min: 0, max: schools.length - 1 }),
      need: fc.integer({ min: 0, max: needs.length - 1 }),
      provision: fc.constantFrom("K", "E"),
      left: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(pupil, { minLength: 1, maxLength: 120 }), async (added) => {
        await db()
          .insertInto("pupils")
          .values(
            added.map((p, i) => ({
              school_id: schools[p.school]!.id,
              first_name: "Random",
              last_name: `Pupil ${i}`,
              date_of_birth: "2016-05-01",
              year_group: "4",
              sen_provision: p.provision,
              primary_need: needs[p.need]!.code,
              date_added: "2025-09-03",
              date_left: p.left ? "2026-07-20" : null,
            })),
          )
          .execute();
        for (const { value: provision } of PROVISIONS) {
          const insight = await registerInsight(db(), officer, { provision });
          const count = await recountRegisters(db(), provision);
          const roll = await db()
            .selectFrom("schools")
            .innerJoin("districts", "districts.id", "schools.district_id")
            .select((eb) => ["districts.name as district", eb.fn.coalesce(eb.fn.sum<number>("schools.number_on_roll"), eb.lit(0)).as("n")])
            .groupBy("districts.name")
            .execute();
          const { table } = insight;
          const check = (shown: number | string, truth: number) => shown === SUPPRESSED || expect(shown).toBe(truth);
          table.rows.forEach((district, i) => {
            table.columns.forEach((area, j) => check(table.cells[i]![j]!, count(district, area)));
            check(table.rowTotals![i]!, count(district));
            const onRoll = Number(roll.find((r) => r.district === district)?.n ?? 0);
            expect(insight.onRoll[i]).toBe(onRoll);
            if (insight.perThousand[i] !== null) expect(insight.perThousand[i]).toBeCloseTo((count(district) / onRoll) * 1000, 1);
          });
          table.columns.forEach((area, j) => check(table.columnTotals[j]!, count(undefined, area)));
          check(table.total, count());
          // Kent's own total, both provisions, is always shown.
          if (provision === "") expect(table.total).toBe(count());
        }
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
