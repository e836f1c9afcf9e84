import type { AreaRoute } from "../access/area-routes.ts";

/** The council's catalogue (programmes, courses, events: publish, change, cancel) and the schools' list of upcoming events. */
export const TRAINING_CATALOGUE_ROUTES: AreaRoute[] = [];
