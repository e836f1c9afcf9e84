import type { AreaRoute } from "../access/area-routes.ts";

/** STLS through LIFT: the pupil's support timeline. */
export const SUPPORT_TIMELINE_ROUTES: AreaRoute[] = [];
