import type { AreaRoute } from "../access/area-routes.ts";

/** Bookings of named staff, the waiting list, cancellations, the school's bookings and training record. */
export const TRAINING_BOOKINGS_ROUTES: AreaRoute[] = [
  { path: "training/events/:eventId/book", file: "routes/training.events.$eventId.book.tsx", access: "training:book", sample: "/training/events/:bookingEventId/book", post: true },
  { path: "training/bookings", file: "routes/training.bookings.tsx", access: "training:book", sample: "/training/bookings" },
  { path: "training/bookings/lead", file: "routes/training.bookings.lead.tsx", access: "training:book", sample: "/training/bookings/lead", post: true, postAccess: "training:lead" },
  { path: "training/bookings/:bookingId", file: "routes/training.bookings.$bookingId.tsx", access: "training:book", sample: "/training/bookings/:bookingId", post: true },
  { path: "training/record", file: "routes/training.record.tsx", access: "training:book", sample: "/training/record" },
  { path: "training/record.csv", file: "routes/training.record.csv.ts", access: "training:book", sample: "/training/record.csv", download: true },
];
