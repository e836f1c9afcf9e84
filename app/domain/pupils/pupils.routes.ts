import type { Area } from "../access/area-routes.ts";

/** The pupil register. */
export const PUPILS_AREA: Area = {
  name: "pupils",
  routes: [
    { path: "pupils", file: "routes/pupils.tsx", access: "pupils:view", sample: "/pupils" },
    { path: "pupils/new", file: "routes/pupils.new.tsx", access: "pupils:manage", sample: "/pupils/new", post: true },
    // Headteachers see the record; their POSTs (mark as left) are refused with 404 by the use-case.
    { path: "pupils/:pupilId", file: "routes/pupils.$pupilId.tsx", access: "pupils:view", sample: "/pupils/:pupilId", post: true },
    { path: "pupils/:pupilId/edit", file: "routes/pupils.$pupilId.edit.tsx", access: "pupils:manage", sample: "/pupils/:pupilId/edit", post: true },
  ],
};
