import type { AreaRoute } from "../access/area-routes.ts";

/** The council's catalogue (programmes, courses, events: publish, change, cancel) and the schools' list of upcoming events. */
export const TRAINING_CATALOGUE_ROUTES: AreaRoute[] = [
  { path: "training", file: "routes/training._index.tsx", access: "training:view", sample: "/training" },
  // :eventId is Oakfield's private upcoming event (db/seed/training.ts): its staff, the council and those who reach Oakfield see it.
  { path: "training/events/:eventId", file: "routes/training.events.$eventId.tsx", access: "training:view", sample: "/training/events/:eventId" },
  { path: "council/training", file: "routes/council.training.tsx", access: "training:manage", sample: "/council/training" },
  { path: "council/training/programmes/new", file: "routes/council.training.programmes.new.tsx", access: "training:manage", sample: "/council/training/programmes/new", post: true },
  {
    path: "council/training/programmes/:programmeId",
    file: "routes/council.training.programmes.$programmeId.tsx",
    access: "training:manage",
    sample: "/council/training/programmes/:programmeId",
    post: true,
  },
  { path: "council/training/courses/new", file: "routes/council.training.courses.new.tsx", access: "training:manage", sample: "/council/training/courses/new", post: true },
  { path: "council/training/courses/:courseId", file: "routes/council.training.courses.$courseId.tsx", access: "training:manage", sample: "/council/training/courses/:courseId", post: true },
  { path: "council/training/events/new", file: "routes/council.training.events.new.tsx", access: "training:manage", sample: "/council/training/events/new", post: true },
  { path: "council/training/events/:eventId", file: "routes/council.training.events.$eventId.tsx", access: "training:manage", sample: "/council/training/events/:eventId", post: true },
];
