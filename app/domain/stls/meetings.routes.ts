import type { AreaRoute } from "../access/area-routes.ts";

/** STLS through LIFT: LIFT groups, meetings (a term's in one go), link teachers, the agenda and outcomes. */
export const LIFT_MEETINGS_ROUTES: AreaRoute[] = [];
