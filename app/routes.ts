import { type RouteConfig, index, route } from "@remix-run/route-config";
import { AREAS } from "./domain/areas.ts";

/**
 * Every page, composed from the areas' own lists (each `<area>.routes.ts` names its pages with their access rules,
 * app/domain/areas.ts lists the areas), so the route inventory (tests/integration/route-inventory.test.ts) can walk
 * them all and route-access.ts knows each one's rule.
 */
export default [
  ...AREAS.flatMap((area) => area.routes.map((page) => (page.path === "" ? index(page.file) : route(page.path, page.file)))),
  // The benchmarks' size-matched floor page, only in the bench build (PORTAL_BENCH_FLOOR=1, into build-bench/):
  // never in the portal's own build. See bench/floor-route.tsx and docs/decisions.
  ...(process.env.PORTAL_BENCH_FLOOR === "1" ? [route("bench/floor", "../bench/floor-route.tsx")] : []),
] satisfies RouteConfig;
