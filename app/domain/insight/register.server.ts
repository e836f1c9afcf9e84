import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { disclosureRule } from "./rule.server.ts";
import { keptViews, stampOf } from "./kept.server.ts";
import { type CountTable, type DisclosureRule, type Published, type PublishedTable, SUPPRESSED, protectTogether } from "./disclosure.server.ts";

type DB = Kysely<Database>;

/**
 * Pupils on the schools' SEN registers (issue 13's first dashboard): by district and broad area of primary need,
 * for one kind of provision (SEN support, K; an EHC plan, E) or both, with each district's figures per 1,000 pupils
 * on roll against Kent's.
 *
 * Every view an officer can choose (each provision, and both) is protected together (disclosure.server.ts, ADR 67):
 * a provision's table is a part of both provisions', so no view less another gives away the few children of a
 * need. (A filter by phase would be a third dimension of linked tables: not yet offered.) The protected views are kept until the
 * registers or the schools change (ADR 68).
 */

export const PROVISIONS = [
  { value: "", label: "SEN support and EHC plans", sheet: "Both provisions" },
  { value: "K", label: "SEN support (K)", sheet: "SEN support (K)" },
  { value: "E", label: "EHC plan (E)", sheet: "EHC plan (E)" },
] as const;

export interface RegisterView {
  phase: string;
  provision: string;
}

export interface RegisterInsight {
  view: RegisterView;
  /** Districts by broad area of need, as published ("c" where withheld). */
  table: PublishedTable;
  /** Pupils on roll in each district's schools of the phase, and Kent's (public figures, from GIAS). */
  onRoll: number[];
  kentOnRoll: number;
  /** Each district's register per 1,000 on roll, and Kent's: null where the count is withheld or nobody is on roll. */
  perThousand: (number | null)[];
  kentPerThousand: number | null;
  rule: DisclosureRule;
  /** When the figures were protected, from the registers as they then were. */
  computedAt: Date;
}

interface Counted {
  districts: { code: string; name: string }[];
  areas: { name: string; shortName: string }[];
  /** Pupils on registers by district, phase, provision and broad area. */
  counts: { district: string; phase: string; provision: string; area: string; n: number }[];
  onRoll: { district: string; phase: string; n: number }[];
}

async function counted(db: DB): Promise<Counted> {
  const [districts, areas, counts, onRoll] = await Promise.all([
    db.selectFrom("districts").select(["code", "name"]).orderBy("name").execute(),
    db.selectFrom("need_areas").select(["name", "short_name as shortName"]).where("name", "in", db.selectFrom("sen_need_types").select("broad_area")).orderBy("sort_order").execute(),
    db
      .selectFrom("pupils")
      .innerJoin("schools", "schools.id", "pupils.school_id")
      .innerJoin("districts", "districts.id", "schools.district_id")
      .innerJoin("sen_need_types", "sen_need_types.code", "pupils.primary_need")
      .select((eb) => ["districts.code as district", "schools.phase", "pupils.sen_provision as provision", "sen_need_types.broad_area as area", eb.fn.countAll<number>().as("n")])
      // On the register today: not left, not anonymised (retention).
      .where("pupils.date_left", "is", null)
      .where("pupils.anonymised_at", "is", null)
      .groupBy(["districts.code", "schools.phase", "pupils.sen_provision", "sen_need_types.broad_area"])
      .execute(),
    db
      .selectFrom("schools")
      .innerJoin("districts", "districts.id", "schools.district_id")
      .select((eb) => ["districts.code as district", "schools.phase", eb.fn.coalesce(eb.fn.sum<number>("schools.number_on_roll"), eb.lit(0)).as("n")])
      .groupBy(["districts.code", "schools.phase"])
      .execute(),
  ]);
  return {
    districts,
    areas,
    counts: counts.map((c) => ({ ...c, n: Number(c.n) })),
    onRoll: onRoll.map((o) => ({ ...o, n: Number(o.n) })),
  };
}

const key = (v: RegisterView) => `${v.phase}|${v.provision}`;

/** Every view's table, protected together, with the links between wholes and their parts. */
async function protectAll(data: Counted, rule: DisclosureRule) {
  const views: RegisterView[] = [];
  // Every phase together for now: a phase's views would triple the tables protected together (ADR 67).
  for (const { value } of PROVISIONS) views.push({ phase: "", provision: value });
  const tables: CountTable[] = views.map((v) => ({
    rows: data.districts.map((d) => d.name),
    columns: data.areas.map((a) => a.shortName),
    cells: data.districts.map((d) =>
      data.areas.map((a) =>
        data.counts
          .filter((c) => c.district === d.code && c.area === a.name && (v.phase === "" || c.phase === v.phase) && (v.provision === "" || c.provision === v.provision))
          .reduce((n, c) => n + c.n, 0),
      ),
    ),
    // Every school and provision of the county: its total is Kent's own.
    wholeCounty: v.phase === "" && v.provision === "",
  }));
  const index = new Map(views.map((v, i) => [key(v), i]));
  const links: { whole: number; part: number }[] = [];
  for (const v of views) {
    if (v.provision !== "") links.push({ whole: index.get(key({ ...v, provision: "" }))!, part: index.get(key(v))! });
    if (v.phase !== "") links.push({ whole: index.get(key({ ...v, phase: "" }))!, part: index.get(key(v))! });
  }
  const published = await protectTogether(tables, links, rule);
  return new Map(views.map((v, i) => [key(v), published[i]!]));
}

interface Kept {
  rule: DisclosureRule;
  data: Counted;
  views: Map<string, PublishedTable>;
  computedAt: Date;
}
const kept = keptViews<Kept>();

/** Kept until the registers or the schools change (ADR 68). */
async function protectedViews(db: DB, rule: DisclosureRule): Promise<Kept> {
  return kept(db, JSON.stringify(rule), await stampOf(db, ["pupils", "schools"]), async () => {
    const data = await counted(db);
    return { rule, data, views: await protectAll(data, rule), computedAt: new Date() };
  });
}

/** The dashboard's figures for the view chosen (an unknown phase or provision is read as all). */
export async function registerInsight(db: DB, actor: Actor, chosen: Partial<RegisterView>, chosenRule?: DisclosureRule): Promise<RegisterInsight> {
  requirePermission(actor, "insight:view");
  // The council's rule unless a caller (the pack, holding one rule for all its parts; a test) gives one.
  const rule = chosenRule ?? (await disclosureRule(db));
  const k = await protectedViews(db, rule);
  const view: RegisterView = {
    phase: "",
    provision: PROVISIONS.some((p) => p.value === chosen.provision) ? chosen.provision! : "",
  };
  const table = k.views.get(key(view))!;
  const onRoll = k.data.districts.map((d) => k.data.onRoll.filter((o) => o.district === d.code && (view.phase === "" || o.phase === view.phase)).reduce((n, o) => n + o.n, 0));
  const kentOnRoll = onRoll.reduce((a, b) => a + b, 0);
  const rate = (count: Published | undefined, roll: number) => (typeof count === "number" && roll > 0 ? Math.round((count / roll) * 10_000) / 10 : null);
  return {
    view,
    table,
    onRoll,
    kentOnRoll,
    perThousand: table.rows.map((_, i) => rate(table.rowTotals?.[i] ?? table.cells[i]![0], onRoll[i]!)),
    kentPerThousand: rate(table.total, kentOnRoll),
    rule: k.rule,
    computedAt: k.computedAt,
  };
}

/** The rule in words, as the page and every export state it. */
export function ruleInWords(rule: DisclosureRule) {
  return rule.kind === "suppress"
    ? `Counts of 1 to ${rule.threshold - 1} children are shown as ${SUPPRESSED}, and so are enough other figures that none can be worked out to within ${rule.protection} from the totals.`
    : `Counts of 1 to 7 children are shown as ${SUPPRESSED} and every other count is rounded to the nearest 5; other figures are withheld where one could be worked out to within ${rule.protection}.`;
}
