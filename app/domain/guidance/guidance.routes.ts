import type { Area } from "../access/area-routes.ts";

/**
 * The guidance library (issue 11, ADR 54, ADR 55): searched and browsed by everyone who works with schools, written
 * by champions and officers. Samples are the demo seed's articles (db/seed/guidance.ts): a published one, which
 * every reader reaches whatever their school (the library is the county's), and a draft, which only writers do.
 */
export const GUIDANCE_AREA: Area = {
  name: "guidance",
  routes: [
    { path: "guidance", file: "routes/guidance._index.tsx", access: "guidance:view", sample: "/guidance?q=graduated+approach" },
    { path: "guidance/new", file: "routes/guidance.new.tsx", access: "guidance:write", sample: "/guidance/new", post: true },
    { path: "guidance/yours", file: "routes/guidance.yours.tsx", access: "guidance:write", sample: "/guidance/yours" },
    {
      path: "guidance/:slug",
      file: "routes/guidance.$slug.tsx",
      access: "guidance:view",
      sample: "/guidance/sen-support-and-the-graduated-approach",
      post: true,
      postAccess: "guidance:write",
    },
    { path: "guidance/:slug/edit", file: "routes/guidance.$slug.edit.tsx", access: "guidance:write", sample: "/guidance/supporting-pupils-with-tourette-syndrome", post: true },
  ],
};
