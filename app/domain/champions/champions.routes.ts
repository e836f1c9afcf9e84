import type { Area } from "../access/area-routes.ts";

/**
 * Inclusion Champion visits (issue 11, ADR 52). Samples (db/seed/champion-visits.ts, tests/setup/champions.ts):
 * Oakfield's published visit by Grace Adeyemi, her draft, and an open school action of the published one.
 */
export const CHAMPIONS_AREA: Area = {
  name: "champions",
  routes: [
    // A champion's schools and reports; a school's staff their school's published reports.
    { path: "visits", file: "routes/visits._index.tsx", access: "visits:view", sample: "/visits" },
    { path: "visits/new", file: "routes/visits.new.tsx", access: "visits:log", sample: "/visits/new", post: true },
    { path: "visits/actions/:actionId", file: "routes/visits.actions.$actionId.tsx", access: "visits:view", sample: "/visits/actions/:agreedActionId", post: true },
    { path: "visits/:visitId", file: "routes/visits.$visitId.tsx", access: "visits:view", sample: "/visits/:championVisitId", post: true, postAccess: "visits:log" },
    { path: "visits/:visitId/edit", file: "routes/visits.$visitId.edit.tsx", access: "visits:log", sample: "/visits/:championDraftId/edit", post: true },
  ],
};
