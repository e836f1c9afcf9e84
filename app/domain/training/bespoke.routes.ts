import type { AreaRoute } from "../access/area-routes.ts";

/** Whole-school (bespoke) training asked for by a school, and the funding evidence link. */
export const TRAINING_BESPOKE_ROUTES: AreaRoute[] = [
  // A school's staff see their school's requests; officers every school's (a status filter); the champion and the
  // STLS teacher, read-only, those of the schools they reach.
  { path: "training/bespoke", file: "routes/training.bespoke.tsx", access: "training:view", sample: "/training/bespoke" },
  { path: "training/bespoke/new", file: "routes/training.bespoke.new.tsx", access: "training:bespoke", sample: "/training/bespoke/new", post: true },
  // :bespokeRef is a request of Oakfield Primary's waiting for the council.
  { path: "training/bespoke/:ref", file: "routes/training.bespoke.$ref.tsx", access: "training:view", sample: "/training/bespoke/:bespokeRef", post: true },
  {
    path: "training/bespoke/:ref/decide",
    file: "routes/training.bespoke.$ref.decide.tsx",
    access: "training:manage",
    sample: "/training/bespoke/:bespokeRef/decide",
    post: true,
  },
];
