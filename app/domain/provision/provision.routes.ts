import type { Area } from "../access/area-routes.ts";

/**
 * Specialist Resource Provision places (issue 11, ADR 50). Samples (db/seed/provision.ts): :srpId is Oakfield
 * Primary's SRP, :srpWindowId the autumn window open in the demo, in which Oakfield's return is missing.
 */
export const PROVISION_AREA: Area = {
  name: "provision",
  routes: [
    // A host school's SRPs and their returns; the council is sent to its overview.
    { path: "provision", file: "routes/provision.tsx", access: "provision:view", sample: "/provision" },
    { path: "provision/:srpId", file: "routes/provision.$srpId.tsx", access: "provision:view", sample: "/provision/:srpId" },
    { path: "provision/:srpId/return", file: "routes/provision.$srpId.return.tsx", access: "provision:return", sample: "/provision/:srpId/return", post: true },
    { path: "council/provision", file: "routes/council.provision.tsx", access: "provision:manage", sample: "/council/provision", post: true },
    { path: "council/provision.csv", file: "routes/council.provision[.csv].ts", access: "provision:manage", sample: "/council/provision.csv", download: true },
    { path: "council/provision.xlsx", file: "routes/council.provision[.xlsx].ts", access: "provision:manage", sample: "/council/provision.xlsx", download: true },
    { path: "council/provision/srps/new", file: "routes/council.provision.srps.new.tsx", access: "provision:manage", sample: "/council/provision/srps/new", post: true },
    { path: "council/provision/srps/:srpId", file: "routes/council.provision.srps.$srpId.tsx", access: "provision:manage", sample: "/council/provision/srps/:srpId", post: true },
    { path: "council/provision/windows", file: "routes/council.provision.windows.tsx", access: "provision:manage", sample: "/council/provision/windows", post: true },
    {
      path: "council/provision/windows/:windowId",
      file: "routes/council.provision.windows.$windowId.tsx",
      access: "provision:manage",
      sample: "/council/provision/windows/:srpWindowId",
      post: true,
    },
  ],
};
