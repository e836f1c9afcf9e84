import type { DB } from "./referral-store.server.ts";

/** The STLS disciplines a referral is about (ADR 42: data, `stls_disciplines`), in their order; the active ones. */
export async function listDisciplines(db: DB): Promise<string[]> {
  const rows = await db.selectFrom("stls_disciplines").select("name").where("active", "=", true).orderBy("sort_order").orderBy("name").execute();
  return rows.map((r) => r.name);
}

export async function isDiscipline(db: DB, name: string): Promise<boolean> {
  return Boolean(await db.selectFrom("stls_disciplines").select("name").where("name", "=", name).where("active", "=", true).executeTakeFirst());
}
