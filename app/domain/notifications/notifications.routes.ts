import type { Area } from "../access/area-routes.ts";

/** Notifications. */
export const NOTIFICATIONS_AREA: Area = {
  name: "notifications",
  routes: [
    { path: "notifications", file: "routes/notifications.tsx", access: "notifications:view", sample: "/notifications", post: true },
  ],
};
