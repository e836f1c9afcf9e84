import type { AreaRoute } from "../access/area-routes.ts";

/** Whole-school (bespoke) training asked for by a school, and the funding evidence link. */
export const TRAINING_BESPOKE_ROUTES: AreaRoute[] = [];
