import type { Area } from "../access/area-routes.ts";

/** Administration: users, staff invitations (the admin's, and a headteacher's for their school), the audit log, the email outbox. */
export const ADMIN_AREA: Area = {
  name: "admin",
  routes: [
    { path: "admin/users", file: "routes/admin.users.tsx", access: "users:manage", sample: "/admin/users" },
    { path: "admin/users/new", file: "routes/admin.users.new.tsx", access: "users:manage", sample: "/admin/users/new", post: true },
    { path: "admin/users/:userId", file: "routes/admin.users.$userId.tsx", access: "users:manage", sample: "/admin/users/:userId", post: true },
    { path: "admin/invitations", file: "routes/admin.invitations.tsx", access: "users:manage", sample: "/admin/invitations", post: true },
    { path: "admin/invitations/new", file: "routes/admin.invitations.new.tsx", access: "users:manage", sample: "/admin/invitations/new", post: true },
    { path: "admin/invitations/upload", file: "routes/admin.invitations.upload.tsx", access: "users:manage", sample: "/admin/invitations/upload", post: true },
    { path: "school/invitations", file: "routes/school.invitations.tsx", access: "invitations:school", sample: "/school/invitations", post: true },
    { path: "school/invitations/new", file: "routes/school.invitations.new.tsx", access: "invitations:school", sample: "/school/invitations/new", post: true },
    { path: "school/invitations/upload", file: "routes/school.invitations.upload.tsx", access: "invitations:school", sample: "/school/invitations/upload", post: true },
    { path: "admin/audit", file: "routes/admin.audit.tsx", access: "audit:view", sample: "/admin/audit" },
    { path: "admin/outbox", file: "routes/admin.outbox.tsx", access: "outbox:view", sample: "/admin/outbox", post: true },
    { path: "admin/schools/import", file: "routes/admin.schools.import._index.tsx", access: "schools:import", sample: "/admin/schools/import", post: true },
    { path: "admin/schools/import/:importId", file: "routes/admin.schools.import.$importId.tsx", access: "schools:import", sample: "/admin/schools/import/:giasImportId", post: true },
    { path: "admin/schools/import/:importId/report.csv", file: "routes/admin.schools.import.$importId.report[.csv].ts", access: "schools:import", sample: "/admin/schools/import/:giasImportId/report.csv", download: true },
    { path: "admin/retention", file: "routes/admin.retention.tsx", access: "retention:manage", sample: "/admin/retention", post: true },
  ],
};
