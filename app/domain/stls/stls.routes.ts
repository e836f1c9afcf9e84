import type { Area } from "../access/area-routes.ts";
import { LIFT_MEETINGS_ROUTES } from "./meetings.routes.ts";
import { LIFT_REFERRALS_ROUTES } from "./referrals.routes.ts";
import { SUPPORT_TIMELINE_ROUTES } from "./support.routes.ts";
import { STLS_VISITS_ROUTES } from "./visits.routes.ts";

/** STLS through LIFT (issue 10): meetings and outcomes, referrals, visits and clinics, the pupil's support timeline. */
export const STLS_AREA: Area = {
  name: "stls",
  routes: [...LIFT_MEETINGS_ROUTES, ...LIFT_REFERRALS_ROUTES, ...STLS_VISITS_ROUTES, ...SUPPORT_TIMELINE_ROUTES],
};
