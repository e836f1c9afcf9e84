/** What a use-case returns when the input is refused: messages by field, or for the whole form. */
export type Refusal = {
  ok: false;
  fieldErrors?: Record<string, string[]>;
  /** A message for the whole form, e.g. "changed by someone else". */
  formError?: string;
  /** Refused for too many attempts (a limit reached), not for what was sent: the route answers 429. */
  tooMany?: true;
  /**
   * The record's version after what a refused form could still save (a draft's "Save as draft" keeps every answer
   * it can): the reply carries it, so the form's next POST is sent from it even before the page's data reloads.
   */
  version?: number;
};

export type Result<T> = ({ ok: true } & T) | Refusal;

export function refuse(field: string, message: string): Refusal {
  return { ok: false, fieldErrors: { [field]: [message] } };
}

const STALE_LEAD = "Someone else changed this record while you were working on it";
const STALE_ADVICE = "The page now shows their change: check it and try again.";

export const STALE_MESSAGE = `${STALE_LEAD}. ${STALE_ADVICE}`;

/** The stale-form message with what changed: "Someone else changed this record while you were working on it: it was ...". */
export function staleMessage(whatChanged: string): string {
  return `${STALE_LEAD}: ${whatChanged}. ${STALE_ADVICE}`;
}
