import type { AreaRoute } from "../access/area-routes.ts";

/**
 * STLS through LIFT: a SENCO's referrals: drafts, the Agreement to Engage, sending, withdrawing (ADR 44). The pages
 * naming a pupil need `lift:referrals` (a school's staff, the district's STLS teachers): officers get the same 404
 * as for a page that does not exist; they see LIFT as meetings and figures.
 */
export const LIFT_REFERRALS_ROUTES: AreaRoute[] = [
  { path: "lift/referrals", file: "routes/lift.referrals._index.tsx", access: "lift:referrals", sample: "/lift/referrals" },
  { path: "lift/referrals/new", file: "routes/lift.referrals.new.tsx", access: "lift:refer", sample: "/lift/referrals/new", post: true },
  // :liftRef is a referral of Oakfield's sent to a coming meeting (db/seed/lift-referrals.ts): its school's staff and
  // the district's STLS teachers read it; the SENCO may withdraw it.
  { path: "lift/referrals/:ref", file: "routes/lift.referrals.$ref.tsx", access: "lift:referrals", sample: "/lift/referrals/:liftRef", post: true, postAccess: "lift:refer" },
  // :liftDraftRef is a draft of Oakfield's.
  { path: "lift/referrals/:ref/edit/:section", file: "routes/lift.referrals.$ref.edit.$section.tsx", access: "lift:refer", sample: "/lift/referrals/:liftDraftRef/edit/request", post: true },
  { path: "lift/referrals/:ref/check", file: "routes/lift.referrals.$ref.check.tsx", access: "lift:refer", sample: "/lift/referrals/:liftDraftRef/check", post: true },
  { path: "lift/referrals/:ref/documents/new", file: "routes/lift.referrals.$ref.documents.new.tsx", access: "lift:refer", sample: "/lift/referrals/:liftDraftRef/documents/new", post: true },
  {
    path: "lift/referrals/:ref/documents/:documentId",
    file: "routes/lift.referrals.$ref.documents.$documentId.ts",
    access: "lift:referrals",
    sample: "/lift/referrals/:liftRef/documents/:liftDocumentId",
    download: true,
  },
];
