import type { Area } from "../access/area-routes.ts";

/** Council insight (issue 13): aggregate figures for officers, each figure about pupils through disclosure.server.ts. */
export const INSIGHT_AREA: Area = {
  name: "insight",
  routes: [
    { path: "council/insight/register", file: "routes/council.insight.register.tsx", access: "insight:view", sample: "/council/insight/register" },
    { path: "council/insight/register.csv", file: "routes/council.insight.register[.csv].ts", access: "insight:view", sample: "/council/insight/register.csv", download: true },
    { path: "council/insight/register.xlsx", file: "routes/council.insight.register[.xlsx].ts", access: "insight:view", sample: "/council/insight/register.xlsx", download: true },
    { path: "council/insight/funding", file: "routes/council.insight.funding.tsx", access: "insight:view", sample: "/council/insight/funding" },
    { path: "council/insight/funding.csv", file: "routes/council.insight.funding[.csv].ts", access: "insight:view", sample: "/council/insight/funding.csv", download: true },
    { path: "council/insight/funding.xlsx", file: "routes/council.insight.funding[.xlsx].ts", access: "insight:view", sample: "/council/insight/funding.xlsx", download: true },
    { path: "council/insight/stls", file: "routes/council.insight.stls.tsx", access: "insight:view", sample: "/council/insight/stls" },
    { path: "council/insight/stls.csv", file: "routes/council.insight.stls[.csv].ts", access: "insight:view", sample: "/council/insight/stls.csv", download: true },
    { path: "council/insight/stls.xlsx", file: "routes/council.insight.stls[.xlsx].ts", access: "insight:view", sample: "/council/insight/stls.xlsx", download: true },
    { path: "council/insight/training", file: "routes/council.insight.training.tsx", access: "insight:view", sample: "/council/insight/training" },
    { path: "council/insight/training.csv", file: "routes/council.insight.training[.csv].ts", access: "insight:view", sample: "/council/insight/training.csv", download: true },
    { path: "council/insight/training.xlsx", file: "routes/council.insight.training[.xlsx].ts", access: "insight:view", sample: "/council/insight/training.xlsx", download: true },
    { path: "council/insight/srp", file: "routes/council.insight.srp.tsx", access: "insight:view", sample: "/council/insight/srp" },
    { path: "council/insight/srp.csv", file: "routes/council.insight.srp[.csv].ts", access: "insight:view", sample: "/council/insight/srp.csv", download: true },
    { path: "council/insight/srp.xlsx", file: "routes/council.insight.srp[.xlsx].ts", access: "insight:view", sample: "/council/insight/srp.xlsx", download: true },
    { path: "council/insight/champions", file: "routes/council.insight.champions.tsx", access: "insight:view", sample: "/council/insight/champions" },
    { path: "council/insight/champions.csv", file: "routes/council.insight.champions[.csv].ts", access: "insight:view", sample: "/council/insight/champions.csv", download: true },
    { path: "council/insight/champions.xlsx", file: "routes/council.insight.champions[.xlsx].ts", access: "insight:view", sample: "/council/insight/champions.xlsx", download: true },
    { path: "council/insight/pack", file: "routes/council.insight.pack.tsx", access: "insight:view", sample: "/council/insight/pack" },
    { path: "council/insight/pack.xlsx", file: "routes/council.insight.pack[.xlsx].ts", access: "insight:view", sample: "/council/insight/pack.xlsx", download: true },
    { path: "insight/stls", file: "routes/insight.stls.tsx", access: "insight:district", sample: "/insight/stls" },
    { path: "insight/champions", file: "routes/insight.champions.tsx", access: "insight:schools", sample: "/insight/champions" },
    { path: "council/insight/rule", file: "routes/council.insight.rule.tsx", access: "insight:rule", sample: "/council/insight/rule", post: true },
    {
      path: "council/insight/budgets/:schemeId",
      file: "routes/council.insight.budgets.$schemeId.tsx",
      access: "insight:budgets",
      sample: "/council/insight/budgets/:schemeId",
      post: true,
    },
  ],
};
