/**
 * The register's fixed code lists, for pages and schemas alike. No zod here: pages import these values, and
 * anything a page imports is sent to the browser (ADR 7 keeps zod out of it).
 */

/** School census year groups: N nursery, R Reception, 1 to 13 (the values the pupils table's CHECK allows). */
export const YEAR_GROUPS = ["N", "R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"] as const;
export type YearGroup = (typeof YEAR_GROUPS)[number];

export function yearGroupLabel(code: string): string {
  if (code === "N") return "Nursery";
  if (code === "R") return "Reception";
  return `Year ${code}`;
}

/** SEN provision in the census: K SEN support, E EHC plan (N, no SEN, has no place on this register). */
export const SEN_PROVISIONS = ["K", "E"] as const;
export type SenProvision = (typeof SEN_PROVISIONS)[number];

export const SEN_PROVISION_LABELS: Record<SenProvision, string> = {
  K: "SEN support (K)",
  E: "EHC plan (E)",
};

export function provisionLabel(code: string): string {
  return SEN_PROVISION_LABELS[code as SenProvision] ?? code;
}
