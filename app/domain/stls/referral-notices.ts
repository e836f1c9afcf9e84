/**
 * What the people told of a referral's step read (ADR 44): the reference and a link, never the pupil's name or
 * needs (an email leaves the portal). Pure, so the demo seed tells people in the same words.
 */
export const referralNotice = (reference: string, message: string, subject: string) => ({
  message,
  subject: `LIFT referral ${reference}: ${subject}`,
  link: `/lift/referrals/${reference}`,
});

/** The link teacher (or the district's STLS teachers), when a school sends a referral to a meeting. */
export const referralSent = (reference: string, schoolName: string, meetingOn: string) =>
  referralNotice(reference, `${schoolName} has sent LIFT referral ${reference} for the meeting on ${meetingOn}.`, "sent for the meeting");
