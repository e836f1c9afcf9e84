import type { Area } from "../access/area-routes.ts";

/** The signed-in person's own account. */
export const ACCOUNT_AREA: Area = {
  name: "account",
  routes: [
    { path: "account", file: "routes/account.tsx", access: "account:manage", sample: "/account", post: true },
    { path: "account/two-factor", file: "routes/account.two-factor.tsx", access: "account:manage", sample: "/account/two-factor", post: true },
  ],
};
