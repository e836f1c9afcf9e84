import type { AreaRoute } from "../access/area-routes.ts";

/** STLS through LIFT: specialist teachers' slots, visits and drop-in clinics, their caseload. */
export const STLS_VISITS_ROUTES: AreaRoute[] = [];
