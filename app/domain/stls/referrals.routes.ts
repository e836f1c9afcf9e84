import type { AreaRoute } from "../access/area-routes.ts";

/** STLS through LIFT: a SENCO's referrals: drafts, the Agreement to Engage, sending, withdrawing. */
export const LIFT_REFERRALS_ROUTES: AreaRoute[] = [];
