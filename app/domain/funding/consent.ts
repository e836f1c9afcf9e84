/**
 * Parental consent on a funding request (issue 8; Kent's HNF rules: parental consent is needed). Who gave it, when,
 * and how, recorded in the draft's "Parental consent" section and required before the request can be sent.
 * Client-safe and zod-free: the section's radios, the summary and the save read these words. The column's CHECK
 * (migration 2026-12-01T1420) allows exactly these methods.
 */
export const CONSENT_METHODS = ["in_writing", "meeting", "email", "phone", "other"] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = {
  in_writing: "In writing (a signed form or letter)",
  meeting: "In a meeting with the school",
  email: "By email",
  phone: "By phone",
  other: "Another way",
};

export function isConsentMethod(value: unknown): value is ConsentMethod {
  return typeof value === "string" && (CONSENT_METHODS as readonly string[]).includes(value);
}

/** The longest "who gave consent" answer (the column's CHECK says the same). */
export const CONSENT_GIVEN_BY_MAX = 120;
/** The earliest consent date the portal takes: consent older than this would not cover a request made now. */
export const CONSENT_EARLIEST = "2020-01-01";

/** Consent as stored on a request; any part may still be empty in a draft. */
export interface Consent {
  givenBy: string | null;
  date: string | null;
  method: ConsentMethod | null;
}

/** What consent still lacks before the request can be sent, by the form's field names. */
export function consentProblems(consent: Consent): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!consent.givenBy) problems.consentGivenBy = "Enter who gave consent, for example the pupil's mother";
  if (!consent.date) problems.consentDate = "Enter the date consent was given";
  if (!consent.method) problems.consentMethod = "Select how consent was given";
  return problems;
}

/**
 * What the headteacher declares by signing a request off (issue 8): the sign-off page's checkbox, and the words kept
 * on the request once signed. Here, zod-free, because the page draws it.
 */
export const SIGN_OFF_DECLARATION = "I confirm the school has used its own resources first and the parents have given consent";
