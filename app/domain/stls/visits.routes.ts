import type { AreaRoute } from "../access/area-routes.ts";

/**
 * STLS through LIFT: specialist teachers' slots, visits and drop-in clinics, their caseload (ADR 45). Samples
 * (db/seed/stls-visits.ts): Tom Harding's free visit slot, Oakfield's involvement for Freya Holt, a free clinic
 * slot, and Oakfield's booked visit.
 */
export const STLS_VISITS_ROUTES: AreaRoute[] = [
  { path: "stls", file: "routes/stls._index.tsx", access: "stls:view", sample: "/stls" },
  { path: "stls/slots/new", file: "routes/stls.slots.new.tsx", access: "stls:visits", sample: "/stls/slots/new", post: true },
  { path: "stls/slots/:slotId", file: "routes/stls.slots.$slotId.tsx", access: "stls:visits", sample: "/stls/slots/:stlsSlotId", post: true },
  { path: "stls/book/:involvementId", file: "routes/stls.book.$involvementId.tsx", access: "stls:book", sample: "/stls/book/:stlsInvolvementId", post: true },
  { path: "stls/clinics/:slotId/book", file: "routes/stls.clinics.$slotId.book.tsx", access: "stls:book", sample: "/stls/clinics/:stlsClinicSlotId/book", post: true },
  { path: "stls/visits/:visitId", file: "routes/stls.visits.$visitId.tsx", access: "stls:view", sample: "/stls/visits/:stlsVisitId", post: true },
];
