import type { Permission } from "./roles.ts";

/**
 * What each route file needs. `public`: anyone; `signed-in-redirect`: public, but a signed-in user is sent
 * home; a Permission: a signed-in user whose role holds it, others get 404 (anonymous: sign-in).
 * `sample` is a path that reaches the route for the route-inventory test, `post` whether it takes POSTs.
 */
export interface RouteAccess {
  access: "public" | Permission;
  sample: string;
  post?: boolean;
  /** A resource route answering a file, not a page: its 404 is the plain "Not found" response, not the page. */
  download?: boolean;
}

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  "routes/index.tsx": { access: "home:view", sample: "/" },
  "routes/login.tsx": { access: "public", sample: "/login", post: true },
  "routes/logout.tsx": { access: "public", sample: "/logout", post: true },
  "routes/session.extend.tsx": { access: "home:view", sample: "/session/extend", post: true },
  "routes/session.acting-as.tsx": { access: "home:view", sample: "/session/acting-as", post: true },
  "routes/accessibility.tsx": { access: "public", sample: "/accessibility" },
  "routes/privacy.tsx": { access: "public", sample: "/privacy" },
  "routes/home.tsx": { access: "home:view", sample: "/home" },
  "routes/account.tsx": { access: "account:manage", sample: "/account", post: true },
  "routes/schools.tsx": { access: "schools:list", sample: "/schools" },
  "routes/schools.$urn.tsx": { access: "school:view", sample: "/schools/:urn" },
  "routes/admin.users.tsx": { access: "users:manage", sample: "/admin/users" },
  "routes/admin.users.new.tsx": { access: "users:manage", sample: "/admin/users/new", post: true },
  "routes/admin.users.$userId.tsx": { access: "users:manage", sample: "/admin/users/:userId", post: true },
  "routes/admin.audit.tsx": { access: "audit:view", sample: "/admin/audit" },
  "routes/funding.tsx": { access: "funding:view", sample: "/funding" },
  "routes/funding.new.tsx": { access: "funding:draft", sample: "/funding/new", post: true },
  // :ref is a request of Oakfield Primary that has reached the council (its staff and officers may see it).
  "routes/funding.$ref.tsx": { access: "funding:view", sample: "/funding/:ref", post: true },
  "routes/funding.$ref.edit.tsx": { access: "funding:draft", sample: "/funding/:ref/edit", post: true },
  "routes/funding.$ref.check.tsx": { access: "funding:draft", sample: "/funding/:ref/check", post: true },
  "routes/funding.$ref.decide.tsx": { access: "funding:decide", sample: "/funding/:ref/decide", post: true },
  "routes/pupils.tsx": { access: "pupils:view", sample: "/pupils" },
  "routes/pupils.new.tsx": { access: "pupils:manage", sample: "/pupils/new", post: true },
  // Headteachers see the record; their POSTs (mark as left) are refused with 404 by the use-case.
  "routes/pupils.$pupilId.tsx": { access: "pupils:view", sample: "/pupils/:pupilId", post: true },
  "routes/pupils.$pupilId.edit.tsx": { access: "pupils:manage", sample: "/pupils/:pupilId/edit", post: true },
  "routes/notifications.tsx": { access: "notifications:view", sample: "/notifications", post: true },
  "routes/admin.outbox.tsx": { access: "outbox:view", sample: "/admin/outbox" },
  "routes/funding.tracker.tsx": { access: "funding:tracker", sample: "/funding/tracker", post: true },
  "routes/funding.tracker.csv.ts": { access: "funding:tracker", sample: "/funding/tracker.csv", download: true },
  "routes/council.funding-settings.tsx": { access: "funding:settings", sample: "/council/funding-settings", post: true },
  "routes/council.funding-settings.schemes.new.tsx": { access: "funding:settings", sample: "/council/funding-settings/schemes/new", post: true },
  "routes/council.funding-settings.schemes.$schemeId.tsx": {
    access: "funding:settings",
    sample: "/council/funding-settings/schemes/:schemeId",
    post: true,
  },
  "routes/council.funding-settings.reasons.$reasonId.tsx": {
    access: "funding:settings",
    sample: "/council/funding-settings/reasons/:reasonId",
    post: true,
  },
};
