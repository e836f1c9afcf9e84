import type { Area } from "../access/area-routes.ts";

/** Administration: users, the audit log, the email outbox. */
export const ADMIN_AREA: Area = {
  name: "admin",
  routes: [
    { path: "admin/users", file: "routes/admin.users.tsx", access: "users:manage", sample: "/admin/users" },
    { path: "admin/users/new", file: "routes/admin.users.new.tsx", access: "users:manage", sample: "/admin/users/new", post: true },
    { path: "admin/users/:userId", file: "routes/admin.users.$userId.tsx", access: "users:manage", sample: "/admin/users/:userId", post: true },
    { path: "admin/audit", file: "routes/admin.audit.tsx", access: "audit:view", sample: "/admin/audit" },
    { path: "admin/outbox", file: "routes/admin.outbox.tsx", access: "outbox:view", sample: "/admin/outbox", post: true },
    { path: "admin/schools/import", file: "routes/admin.schools.import._index.tsx", access: "schools:import", sample: "/admin/schools/import", post: true },
    { path: "admin/schools/import/:importId", file: "routes/admin.schools.import.$importId.tsx", access: "schools:import", sample: "/admin/schools/import/:giasImportId", post: true },
    { path: "admin/schools/import/:importId/report.csv", file: "routes/admin.schools.import.$importId.report[.csv].ts", access: "schools:import", sample: "/admin/schools/import/:giasImportId/report.csv", download: true },
    { path: "admin/retention", file: "routes/admin.retention.tsx", access: "retention:manage", sample: "/admin/retention", post: true },
  ],
};
