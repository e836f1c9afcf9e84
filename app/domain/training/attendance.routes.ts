import type { AreaRoute } from "../access/area-routes.ts";

/** The attendee list, attendance on the day and its exports, evaluations, certificates. */
export const TRAINING_ATTENDANCE_ROUTES: AreaRoute[] = [
  // :attendanceEventId is a past event presented by the demo STLS teacher, with bookings (tests/setup/inventory.ts).
  {
    path: "training/events/:eventId/attendees",
    file: "routes/training.events.$eventId.attendees.tsx",
    access: "training:attendance",
    sample: "/training/events/:attendanceEventId/attendees",
    post: true,
  },
  {
    path: "training/events/:eventId/attendees.csv",
    file: "routes/training.events.$eventId.attendees[.csv].ts",
    access: "training:attendance",
    sample: "/training/events/:attendanceEventId/attendees.csv",
    download: true,
  },
  {
    path: "training/events/:eventId/attendees.xlsx",
    file: "routes/training.events.$eventId.attendees[.xlsx].ts",
    access: "training:attendance",
    sample: "/training/events/:attendanceEventId/attendees.xlsx",
    download: true,
  },
  {
    path: "training/events/:eventId/evaluations",
    file: "routes/training.events.$eventId.evaluations.tsx",
    access: "training:manage",
    sample: "/training/events/:attendanceEventId/evaluations",
  },
  // Anyone with the link (attendees need no account, ADR 40). The sample is a literal token (a public page's sample
  // names no record: it answers the same whoever asks), which tests/setup/inventory.ts stores as a live link.
  { path: "training/evaluation/:token", file: "routes/training.evaluation.$token.tsx", access: "public", sample: "/training/evaluation/sampleevaluationlinkaaaaaaaaaaaa", post: true },
  // :certificateBookingId is an Oakfield booking on that event marked as attended.
  {
    path: "training/certificates/:bookingId",
    file: "routes/training.certificates.$bookingId.tsx",
    access: "training:view",
    sample: "/training/certificates/:certificateBookingId",
  },
  {
    path: "training/certificates/:bookingId.pdf",
    file: "routes/training.certificates.$bookingId[.pdf].ts",
    access: "training:view",
    sample: "/training/certificates/:certificateBookingId.pdf",
    download: true,
  },
];
