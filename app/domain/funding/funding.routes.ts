import type { Area } from "../access/area-routes.ts";

/** Funding: requests, the council's queue and decisions, the tracker, the council's settings. */
export const FUNDING_AREA: Area = {
  name: "funding",
  routes: [
    { path: "funding", file: "routes/funding.tsx", access: "funding:view", sample: "/funding" },
    { path: "funding/new", file: "routes/funding.new.tsx", access: "funding:draft", sample: "/funding/new", post: true },
    // :ref is a request of Oakfield Primary that has reached the council (its staff and officers may see it).
    { path: "funding/:ref", file: "routes/funding.$ref.tsx", access: "funding:view", sample: "/funding/:ref", post: true },
    { path: "funding/:ref/edit", file: "routes/funding.$ref.edit.tsx", access: "funding:draft", sample: "/funding/:ref/edit", post: true },
    { path: "funding/:ref/edit/:section", file: "routes/funding.$ref.edit.$section.tsx", access: "funding:draft", sample: "/funding/:ref/edit/period", post: true },
    { path: "funding/:ref/check", file: "routes/funding.$ref.check.tsx", access: "funding:draft", sample: "/funding/:ref/check", post: true },
    // The headteacher's declaration; a request not waiting for sign-off redirects to its page.
    { path: "funding/:ref/sign-off", file: "routes/funding.$ref.sign-off.tsx", access: "funding:sign_off", sample: "/funding/:ref/sign-off", post: true },
    // "Apply again" for an award near its end; for any other request the page says why it cannot be renewed.
    { path: "funding/:ref/renew", file: "routes/funding.$ref.renew.tsx", access: "funding:draft", sample: "/funding/:ref/renew", post: true },
    { path: "funding/:ref/decide", file: "routes/funding.$ref.decide.tsx", access: "funding:decide", sample: "/funding/:ref/decide", post: true },
    // Evidence documents (ADR 29): the list (withdraw through its confirm step), adding one, downloading one.
    { path: "funding/:ref/documents", file: "routes/funding.$ref.documents.tsx", access: "funding:view", sample: "/funding/:ref/documents", post: true },
    { path: "funding/:ref/documents/new", file: "routes/funding.$ref.documents.new.tsx", access: "funding:draft", sample: "/funding/:ref/documents/new", post: true },
    { path: "funding/:ref/documents/:documentId", file: "routes/funding.$ref.documents.$documentId.ts", access: "funding:view", sample: "/funding/:ref/documents/:documentId", download: true },
    // Casework (ADR 30): council officers only; the sample is Oakfield's (Maidstone, West: the demo officer's area).
    { path: "funding/:ref/casework", file: "routes/funding.$ref.casework.tsx", access: "funding:casework", sample: "/funding/:ref/casework", post: true },
    { path: "funding/queue.csv", file: "routes/funding.queue.csv.ts", access: "funding:casework", sample: "/funding/queue.csv?status=any", download: true },
    // :decidedRef is a request of Oakfield's with a decision; :reviewId a review of one of Oakfield's awards.
    { path: "funding/:ref/decided", file: "routes/funding.$ref.decided.tsx", access: "funding:decide", sample: "/funding/:decidedRef/decided" },
    { path: "funding/:ref/letter", file: "routes/funding.$ref.letter.tsx", access: "funding:view", sample: "/funding/:decidedRef/letter" },
    { path: "funding/:ref/letter.pdf", file: "routes/funding.$ref.letter.pdf.ts", access: "funding:view", sample: "/funding/:decidedRef/letter.pdf", download: true },
    { path: "funding/reviews", file: "routes/funding.reviews.tsx", access: "funding:view", sample: "/funding/reviews" },
    { path: "funding/reviews/:reviewId", file: "routes/funding.reviews.$reviewId.tsx", access: "funding:view", sample: "/funding/reviews/:reviewId", post: true },
    { path: "funding/tracker", file: "routes/funding.tracker.tsx", access: "funding:tracker", sample: "/funding/tracker", post: true },
    { path: "funding/tracker.csv", file: "routes/funding.tracker.csv.ts", access: "funding:tracker", sample: "/funding/tracker.csv", download: true },
    { path: "council/funding-settings", file: "routes/council.funding-settings.tsx", access: "funding:settings", sample: "/council/funding-settings", post: true },
    { path: "council/funding-settings/schemes/new", file: "routes/council.funding-settings.schemes.new.tsx", access: "funding:settings", sample: "/council/funding-settings/schemes/new", post: true },
    { path: "council/funding-settings/schemes/:schemeId", file: "routes/council.funding-settings.schemes.$schemeId.tsx", access: "funding:settings", sample: "/council/funding-settings/schemes/:schemeId", post: true },
    { path: "council/funding-settings/reasons/:reasonId", file: "routes/council.funding-settings.reasons.$reasonId.tsx", access: "funding:settings", sample: "/council/funding-settings/reasons/:reasonId", post: true },
  ],
};
