import { z } from "zod";

import { EVALUATION_BOUNDS } from "./evaluation.rules.ts";

/** The short evaluation an attendee sends after a course: how useful it was, what they will change, anything else. */

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : null));

export const evaluationSchema = z.object({
  usefulness: z.enum(["1", "2", "3", "4", "5"], { error: "Select how useful the course was" }).transform(Number),
  willChange: optionalText(EVALUATION_BOUNDS.willChange, "What you will change"),
  comments: optionalText(EVALUATION_BOUNDS.comments, "Your comments"),
});
export type EvaluationInput = z.output<typeof evaluationSchema>;
