import { AREAS } from "../areas.ts";
import type { AreaRoute } from "./area-routes.ts";

/**
 * What each route file needs, composed from the areas' own lists (`<area>.routes.ts`, app/domain/areas.ts).
 * `public`: anyone; a Permission: a signed-in user whose role holds it, others get 404 (anonymous: sign-in).
 * `sample` is a path that reaches the route for the route-inventory test, `post` whether it takes POSTs.
 */
export type RouteAccess = Omit<AreaRoute, "path" | "file">;

export const ROUTE_ACCESS: Record<string, RouteAccess> = Object.fromEntries(
  AREAS.flatMap((area) => area.routes.map(({ path: _path, file, ...access }) => [file, access] as const)),
);
