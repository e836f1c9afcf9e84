/** The booking form's limits, client-safe and without zod (the page shows them; booking.schema.ts reads the form). */

export const MAX_PEOPLE = 10;

/** A plain email address: something@somewhere.tld, no spaces, no second @, at most 254 characters. */
export const EMAIL_PATTERN = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\.]+(\.[^\s@<>()[\],;:"\\.]+)*\.[A-Za-z]{2,}$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL_PATTERN.test(value);
}

/** If there are not enough places for everyone: the rest join the waiting list, or nobody is booked. */
export const WHEN_FULL = ["wait", "none"] as const;
export type WhenFull = (typeof WHEN_FULL)[number];
