import type { AreaRoute } from "../access/area-routes.ts";

/**
 * STLS through LIFT: LIFT groups, meetings (a term's in one go), link teachers, the agenda and outcomes (ADR 43).
 * :meetingId is the next meeting of Oakfield's group (Maidstone North, db/seed/lift.ts); :liftOutcomeRef a sent
 * Oakfield referral on that group's last meeting held, waiting for its outcome (tests/setup/inventory.ts).
 */
export const LIFT_MEETINGS_ROUTES: AreaRoute[] = [
  { path: "lift", file: "routes/lift._index.tsx", access: "lift:view", sample: "/lift" },
  { path: "lift/groups", file: "routes/lift.groups.tsx", access: "lift:meetings", sample: "/lift/groups", post: true },
  { path: "lift/link-teachers", file: "routes/lift.link-teachers.tsx", access: "lift:meetings", sample: "/lift/link-teachers", post: true },
  { path: "lift/meetings/new", file: "routes/lift.meetings.new.tsx", access: "lift:meetings", sample: "/lift/meetings/new", post: true },
  { path: "lift/meetings/term", file: "routes/lift.meetings.term.tsx", access: "lift:meetings", sample: "/lift/meetings/term", post: true },
  { path: "lift/meetings/:meetingId", file: "routes/lift.meetings.$meetingId.tsx", access: "lift:view", sample: "/lift/meetings/:meetingId" },
  { path: "lift/meetings/:meetingId/edit", file: "routes/lift.meetings.$meetingId.edit.tsx", access: "lift:meetings", sample: "/lift/meetings/:meetingId/edit", post: true },
  { path: "lift/meetings/:meetingId/agenda", file: "routes/lift.meetings.$meetingId.agenda.tsx", access: "lift:outcome", sample: "/lift/meetings/:meetingId/agenda" },
  { path: "lift/referrals/:ref/outcome", file: "routes/lift.referrals.$ref.outcome.tsx", access: "lift:outcome", sample: "/lift/referrals/:liftOutcomeRef/outcome", post: true },
];
