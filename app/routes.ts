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
  route("session/acting-as", "routes/session.acting-as.tsx"),
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
  route("funding", "routes/funding.tsx"),
  route("funding/new", "routes/funding.new.tsx"),
  route("funding/:ref", "routes/funding.$ref.tsx"),
  route("funding/:ref/edit", "routes/funding.$ref.edit.tsx"),
  route("funding/:ref/check", "routes/funding.$ref.check.tsx"),
  route("funding/:ref/decide", "routes/funding.$ref.decide.tsx"),
  route("pupils", "routes/pupils.tsx"),
  route("pupils/new", "routes/pupils.new.tsx"),
  route("pupils/:pupilId", "routes/pupils.$pupilId.tsx"),
  route("pupils/:pupilId/edit", "routes/pupils.$pupilId.edit.tsx"),
  route("notifications", "routes/notifications.tsx"),
  route("admin/outbox", "routes/admin.outbox.tsx"),
  route("funding/tracker", "routes/funding.tracker.tsx"),
  route("funding/tracker.csv", "routes/funding.tracker.csv.ts"),
  route("council/funding-settings", "routes/council.funding-settings.tsx"),
  route("council/funding-settings/schemes/new", "routes/council.funding-settings.schemes.new.tsx"),
  route("council/funding-settings/schemes/:schemeId", "routes/council.funding-settings.schemes.$schemeId.tsx"),
  route("council/funding-settings/reasons/:reasonId", "routes/council.funding-settings.reasons.$reasonId.tsx"),
  // The benchmarks' size-matched floor page, only in the bench build (PORTAL_BENCH_FLOOR=1, into build-bench/):
  // never in the portal's own build. See bench/floor-route.tsx and docs/decisions.
  ...(process.env.PORTAL_BENCH_FLOOR === "1" ? [route("bench/floor", "../bench/floor-route.tsx")] : []),
] satisfies RouteConfig;
