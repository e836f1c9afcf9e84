import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";

/** The focus areas a visit may cover (champion_focus_areas: the council's list, as data), in the council's order. */
export async function focusAreaOptions(db: Kysely<Database>): Promise<{ value: string; label: string }[]> {
  const rows = await db.selectFrom("champion_focus_areas").select(["code", "label"]).where("active", "=", true).orderBy("sort_order").execute();
  return rows.map((r) => ({ value: r.code, label: r.label }));
}

/** The codes a draft may name. */
export async function focusAreaCodes(db: Kysely<Database>): Promise<string[]> {
  return (await focusAreaOptions(db)).map((o) => o.value);
}
