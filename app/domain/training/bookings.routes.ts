import type { AreaRoute } from "../access/area-routes.ts";

/** Bookings of named staff, the waiting list, cancellations, the school's bookings and training record. */
export const TRAINING_BOOKINGS_ROUTES: AreaRoute[] = [];
