/**
 * What the people told of a funding request's step read: the notification's words and link, and the email's
 * subject. Never a child's name or needs: the reference says which request. Pure, so the demo seed tells the
 * demo's headteachers in the same words.
 */
export const told = (reference: string, message: string, subject: string) => ({
  message,
  subject: `Funding request ${reference}: ${subject}`,
  link: `/funding/${reference}`,
});

/** The headteacher, when a request waits for their sign-off. */
export const waitingForSignOff = (reference: string) => told(reference, `Funding request ${reference} is waiting for your sign-off.`, "waiting for your sign-off");
