import type { Area } from "../access/area-routes.ts";

/** Home: each role's page, composed of one summary per area. */
export const HOME_AREA: Area = {
  name: "home",
  routes: [
    { path: "", file: "routes/index.tsx", access: "home:view", sample: "/" },
    { path: "home", file: "routes/home.tsx", access: "home:view", sample: "/home" },
  ],
};
