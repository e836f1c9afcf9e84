import type { Area } from "../access/area-routes.ts";
import { TRAINING_ATTENDANCE_ROUTES } from "./attendance.routes.ts";
import { TRAINING_BESPOKE_ROUTES } from "./bespoke.routes.ts";
import { TRAINING_BOOKINGS_ROUTES } from "./bookings.routes.ts";
import { TRAINING_CATALOGUE_ROUTES } from "./catalogue.routes.ts";

/** Training (issue 9): the catalogue, bookings, attendance and evaluations, bespoke training. */
export const TRAINING_AREA: Area = {
  name: "training",
  routes: [...TRAINING_CATALOGUE_ROUTES, ...TRAINING_BOOKINGS_ROUTES, ...TRAINING_ATTENDANCE_ROUTES, ...TRAINING_BESPOKE_ROUTES],
};
