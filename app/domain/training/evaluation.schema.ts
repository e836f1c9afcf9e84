import { z } from "zod";

/** The short evaluation an attendee sends after a course (client-safe): how useful it was, what they will change, anything else. */
export const EVALUATION_BOUNDS = { willChange: 2000, comments: 4000 } as const;

export const USEFULNESS_OPTIONS = [
  { value: "5", label: "5: very useful" },
  { value: "4", label: "4" },
  { value: "3", label: "3" },
  { value: "2", label: "2" },
  { value: "1", label: "1: not useful" },
] as const;

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
