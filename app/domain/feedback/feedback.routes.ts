import type { Area } from "../access/area-routes.ts";

/** Feedback about the portal: anyone sends it from the phase banner's link; the admin reads it (ADR 26). */
export const FEEDBACK_AREA: Area = {
  name: "feedback",
  routes: [
    { path: "feedback", file: "routes/feedback.tsx", access: "public", sample: "/feedback", post: true },
    { path: "admin/feedback", file: "routes/admin.feedback.tsx", access: "feedback:read", sample: "/admin/feedback" },
  ],
};
