import { type RouteConfig, index, route } from "@remix-run/route-config";

/**
 * Every page, listed by hand so the route inventory (tests/integration/route-inventory.test.ts) can walk
 * them all. Each route's access rule is in app/domain/access/route-access.ts; a route missing there fails
 * that test.
 */
export default [
  index("routes/index.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("session/extend", "routes/session.extend.tsx"),
  route("accessibility", "routes/accessibility.tsx"),
  route("privacy", "routes/privacy.tsx"),
  route("home", "routes/home.tsx"),
  route("account", "routes/account.tsx"),
  route("schools", "routes/schools.tsx"),
  route("schools/:urn", "routes/schools.$urn.tsx"),
  route("admin/users", "routes/admin.users.tsx"),
  route("admin/users/new", "routes/admin.users.new.tsx"),
  route("admin/users/:userId", "routes/admin.users.$userId.tsx"),
  route("admin/audit", "routes/admin.audit.tsx"),
  route("funding/tracker", "routes/funding.tracker.tsx"),
  route("funding/tracker.csv", "routes/funding.tracker.csv.ts"),
  route("council/funding-settings", "routes/council.funding-settings.tsx"),
  route("council/funding-settings/schemes/new", "routes/council.funding-settings.schemes.new.tsx"),
  route("council/funding-settings/schemes/:schemeId", "routes/council.funding-settings.schemes.$schemeId.tsx"),
  route("council/funding-settings/reasons/:reasonId", "routes/council.funding-settings.reasons.$reasonId.tsx"),
] satisfies RouteConfig;
