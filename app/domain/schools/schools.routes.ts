import type { Area } from "../access/area-routes.ts";

/** Schools, as each reach sees them. */
export const SCHOOLS_AREA: Area = {
  name: "schools",
  routes: [
    { path: "schools", file: "routes/schools.tsx", access: "schools:list", sample: "/schools" },
    { path: "schools/:urn", file: "routes/schools.$urn.tsx", access: "school:view", sample: "/schools/:urn" },
  ],
};
