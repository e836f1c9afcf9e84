import type { Area } from "../domain/access/area-routes.ts";

/** Signing in and out, the session, and the public pages. */
export const AUTH_AREA: Area = {
  name: "auth",
  routes: [
    { path: "login", file: "routes/login.tsx", access: "public", sample: "/login", post: true },
    { path: "login/two-factor", file: "routes/login.two-factor.tsx", access: "public", sample: "/login/two-factor", post: true },
    { path: "logout", file: "routes/logout.tsx", access: "public", sample: "/logout", post: true },
    { path: "password-reset", file: "routes/password-reset.tsx", access: "public", sample: "/password-reset", post: true },
    { path: "password-reset/new", file: "routes/password-reset.new.tsx", access: "public", sample: "/password-reset/new?token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", post: true },
    // Accepting a staff invitation (ADR 59): the token in the query, as a reset link's.
    { path: "invitation", file: "routes/invitation.tsx", access: "public", sample: "/invitation?token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", post: true },
    { path: "session/extend", file: "routes/session.extend.tsx", access: "home:view", sample: "/session/extend", post: true },
    { path: "session/acting-as", file: "routes/session.acting-as.tsx", access: "home:view", sample: "/session/acting-as", post: true },
    { path: "accessibility", file: "routes/accessibility.tsx", access: "public", sample: "/accessibility" },
    { path: "privacy", file: "routes/privacy.tsx", access: "public", sample: "/privacy" },
  ],
};
