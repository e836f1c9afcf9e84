import type { Permission } from "./roles.ts";

/**
 * One page (or resource route) of an area, with its access rule (ADR 20). Each area lists its own
 * (`<area>.routes.ts`); app/routes.ts and route-access.ts compose the areas, so a page and its rule are
 * declared once, side by side. Client-safe: route config and tests read it.
 */
export interface AreaRoute {
  /** The address, as the route config names it ("funding/:ref"); "" for the index. */
  path: string;
  /** The route module, from app/ ("routes/funding.$ref.tsx"). */
  file: string;
  /**
   * `public`: anyone; a Permission: a signed-in user whose role holds it, others get 404 (anonymous: sign-in).
   */
  access: "public" | Permission;
  /** A path that reaches the route, for the route-inventory test. */
  sample: string;
  /** Whether it takes POSTs. */
  post?: boolean;
  /** The permission a POST needs when it is not the page's (the page is read more widely than it is changed). */
  postAccess?: Permission;
  /** A resource route answering a file, not a page: its 404 is the plain "Not found" response, not the page. */
  download?: boolean;
}

export interface Area {
  name: string;
  routes: AreaRoute[];
}
