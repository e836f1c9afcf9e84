import type { AreaRoute } from "../access/area-routes.ts";

/** The attendee list, attendance on the day and its exports, evaluations, certificates. */
export const TRAINING_ATTENDANCE_ROUTES: AreaRoute[] = [];
