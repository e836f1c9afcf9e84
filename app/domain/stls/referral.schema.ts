import { z } from "zod";
import type { DateFieldInput } from "../date-field.schema.ts";
import { versionField } from "../record.schema.ts";

/**
 * The LIFT referral forms (ADR 44). The draft's answers are read leniently here (each is saved if it can be,
 * readReferralDraft in referral-draft.server.ts says why one cannot); sending and withdrawing carry the version.
 */

const key = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/** Starting a referral: the pupil from the register, and the form's one-off key. */
export const referralStartSchema = z.object({
  idempotencyKey: key,
  pupilId: z
    .string({ error: "Select the pupil you are referring" })
    .trim()
    .regex(/^\d{1,9}$/, "Select the pupil you are referring")
    .transform(Number),
});

/** A section's answers (a section page sends its own only); too long or not a date is refused when saved. */
export const referralDraftSchema = z.object({
  version: versionField,
  intent: z.enum(["save", "continue"]).default("continue"),
  meetingId: z.string().trim().max(20).optional(),
  discipline: z.string().trim().max(200).optional(),
  coreStandardsTried: z.string().trim().max(100_000).optional(),
  question: z.string().trim().max(100_000).optional(),
  agreementSignedBy: z.string().trim().max(10_000).optional(),
  agreementSignedOn: z.custom<DateFieldInput>(() => true).optional(),
});
export type ReferralDraftFields = z.output<typeof referralDraftSchema>;

/** Sending (check your answers) and withdrawing (the confirm step). */
export const referralStepSchema = z.object({
  version: versionField,
  intent: z.enum(["send", "withdraw"]),
  comment: z.string().trim().max(2000, "The reason must be 2,000 characters or fewer").optional(),
});

/** The upload of the signed Agreement to Engage: the form's one-off key comes before the file. */
export const agreementUploadSchema = z.object({ uploadKey: key });
export type AgreementUploadFields = z.output<typeof agreementUploadSchema>;
