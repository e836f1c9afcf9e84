import type { AreaRoute } from "../access/area-routes.ts";

/**
 * STLS through LIFT: the pupil's support timeline (ADR 46), a page of the pupil's record for the school's own staff
 * (pupils:view, pupilInReach): STLS teachers and the council reach a pupil only through a referral or a request.
 */
export const SUPPORT_TIMELINE_ROUTES: AreaRoute[] = [
  { path: "pupils/:pupilId/support", file: "routes/pupils.$pupilId.support.tsx", access: "pupils:view", sample: "/pupils/:pupilId/support" },
];
