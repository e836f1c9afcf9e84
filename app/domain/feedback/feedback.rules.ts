/**
 * How long each answer of the feedback form may be (ADR 26). Zod-free and client-safe: the page says the limits
 * in its hints; the schema (feedback.schema.ts) and the database (db/migrations/2026-12-01T1320_feedback.ts)
 * hold to the same ones.
 */
export const FEEDBACK_BOUNDS = {
  tryingToDo: 500,
  whatHappened: 1200,
  replyEmail: 254,
  /** The page the feedback is about: a path, no query (a search can hold a child's name). */
  fromPath: 200,
} as const;
