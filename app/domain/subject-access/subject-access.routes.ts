import type { Area } from "../access/area-routes.ts";

/** Subject access (issue 12, ADR 63): finding a pupil, their page, and the bundle of everything held about them. */
export const SUBJECT_ACCESS_AREA: Area = {
  name: "subject-access",
  routes: [
    { path: "council/subject-access", file: "routes/council.subject-access.tsx", access: "pupils:subject_access", sample: "/council/subject-access" },
    { path: "council/subject-access/:pupilId", file: "routes/council.subject-access.$pupilId.tsx", access: "pupils:subject_access", sample: "/council/subject-access/:pupilId" },
    {
      path: "council/subject-access/:pupilId/bundle",
      file: "routes/council.subject-access.$pupilId.bundle.ts",
      access: "pupils:subject_access",
      sample: "/council/subject-access/:pupilId/bundle",
      download: true,
    },
  ],
};
