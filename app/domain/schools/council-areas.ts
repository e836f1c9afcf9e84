/**
 * The council's four areas (ADR 30): each district sits in one (`districts.area`, configuration the council can
 * change) and each council officer works in one or more (`officer_areas.area`). The database's CHECK constraints
 * hold the same list; this is the one place code names them, in the council's order. Client-safe.
 */
export const COUNCIL_AREAS = ["North", "South", "East", "West"] as const;

export type CouncilArea = (typeof COUNCIL_AREAS)[number];

/** Areas in the council's order (North, South, East, West). */
export function inCouncilOrder<T extends string>(areas: readonly T[]): T[] {
  const order: readonly string[] = COUNCIL_AREAS;
  return [...areas].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
