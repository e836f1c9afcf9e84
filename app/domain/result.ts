/** What a use-case returns when the input is refused: messages by field, or for the whole form. */
export type Refusal = {
  ok: false;
  fieldErrors?: Record<string, string[]>;
  /** A message for the whole form, e.g. "changed by someone else". */
  formError?: string;
};

export type Result<T> = ({ ok: true } & T) | Refusal;

export function refuse(field: string, message: string): Refusal {
  return { ok: false, fieldErrors: { [field]: [message] } };
}

export const STALE_MESSAGE =
  "Someone else changed this record while you were working on it. The page now shows their change: check it and try again.";
