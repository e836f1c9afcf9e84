import { z } from "zod";
import { sitePath } from "../../auth/login.schema.ts";
import { FEEDBACK_BOUNDS } from "./feedback.rules.ts";

/**
 * Whether a text holds a control character other than tab and line breaks: no keyboard types them, and they
 * hide or garble text when the admin reads it. (A NUL is refused before any form is read: request-limits.ts.)
 */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * A free-text answer: line breaks as one character each (browsers send a textarea's as CR LF, which would
 * count twice), trimmed, bounded, without control characters. Checked in one step: Conform turns an empty
 * string into "not given" at every string schema it finds, so a second string schema after a pipe would
 * answer a blank with zod's own words.
 */
function answer(what: string, max: number, required?: string) {
  return z.string(required ? { error: required } : undefined).transform((typed, ctx) => {
    const text = typed.replace(/\r\n?/g, "\n").trim();
    if (required && text.length === 0) ctx.addIssue({ code: "custom", message: required });
    if (text.length > max) ctx.addIssue({ code: "custom", message: `${what} must be ${max.toLocaleString("en-GB")} characters or fewer` });
    if (hasControlCharacter(text)) ctx.addIssue({ code: "custom", message: `${what} must only include letters, numbers, spaces and punctuation` });
    return text;
  });
}

/**
 * The page someone came from, as `sitePath` reads an address (a path on this site, the same rules as where
 * sign-in may go), without its query or fragment, and only if short enough: anything else is not recorded.
 * Never trusted: it is what the browser says, and only ever shown as text.
 */
export function feedbackFromPath(value: unknown): string | null {
  const url = sitePath(value);
  if (!url || url.pathname.length > FEEDBACK_BOUNDS.fromPath) return null;
  return url.pathname;
}

/**
 * The feedback form (ADR 26), read on the server only (the page imports types, never this module's values, so
 * zod stays out of the browser). Its bounds are in feedback.rules.ts, the database's too.
 */
export const feedbackSchema = z.object({
  tryingToDo: answer("What you were trying to do", FEEDBACK_BOUNDS.tryingToDo).optional(),
  whatHappened: answer("What went well or what went wrong", FEEDBACK_BOUNDS.whatHappened, "Enter what went well or what went wrong"),
  replyEmail: z
    .string()
    .trim()
    .max(FEEDBACK_BOUNDS.replyEmail, `Email address must be ${FEEDBACK_BOUNDS.replyEmail} characters or fewer`)
    .refine((email) => EMAIL.test(email), "Enter an email address in the correct format, like name@example.com")
    .optional(),
  // The hidden fields the page draws. A crafted value is not an error the person could put right: a bad page
  // is not recorded, and a bad key is replaced (it only guards against the same form sent twice).
  from: z
    .string()
    .optional()
    .transform((path) => feedbackFromPath(path))
    .catch(null),
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .optional()
    .catch(undefined),
});

export type FeedbackInput = z.output<typeof feedbackSchema>;
