import { z } from "zod";
import { versionField } from "../record.schema.ts";
import { OUTCOME_KINDS } from "./referrals.workflow.ts";

/** Client-safe schema of LIFT's outcome for a referral (ADR 43): the kind, LIFT's words, and what the kind needs. */

const always = { when: () => true };

const optionalId = z
  .string()
  .trim()
  .max(12)
  .optional()
  .transform((v) => (v && /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : v ? -1 : null));

export const outcomeSchema = z
  .object({
    version: versionField,
    kind: z.enum(OUTCOME_KINDS, { error: "Select LIFT's outcome" }),
    advice: z
      .string({ error: "Enter LIFT's advice" })
      .trim()
      .min(1, "Enter LIFT's advice: for a deferral, why it was deferred and what to bring next time")
      .max(8000, "The advice must be 8,000 characters or fewer"),
    courseId: optionalId,
    supportingSchoolId: optionalId,
    specialistUserId: optionalId,
    visits: z.string().trim().max(6).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "training" && (value.courseId === null || value.courseId < 0)) ctx.addIssue({ code: "custom", path: ["courseId"], message: "Select the training course LIFT suggests" });
    if (value.kind === "school_support" && (value.supportingSchoolId === null || value.supportingSchoolId < 0)) {
      ctx.addIssue({ code: "custom", path: ["supportingSchoolId"], message: "Select the school that will support" });
    }
    if (value.kind === "involvement") {
      if (value.specialistUserId === null || value.specialistUserId < 0) ctx.addIssue({ code: "custom", path: ["specialistUserId"], message: "Select the specialist teacher allocated" });
      const visits = value.visits ?? "";
      if (!/^[0-9]{1,2}$/.test(visits) || Number(visits) < 1 || Number(visits) > 20) {
        ctx.addIssue({ code: "custom", path: ["visits"], message: "Enter the number of visits allocated as a whole number from 1 to 20" });
      }
    }
  }, always)
  .transform((value) => ({
    version: value.version,
    kind: value.kind,
    advice: value.advice,
    courseId: value.kind === "training" ? value.courseId! : null,
    supportingSchoolId: value.kind === "school_support" ? value.supportingSchoolId! : null,
    specialistUserId: value.kind === "involvement" ? value.specialistUserId! : null,
    visits: value.kind === "involvement" ? Number(value.visits) : null,
  }));

export type OutcomeInput = z.output<typeof outcomeSchema>;
