/**
 * Client-safe, without zod (the browser bundle carries none): the small-number rules an officer can choose and the
 * limits of their figures (ADR 75), for the rule's page and its schema (rule.schema.ts).
 */

export const RULE_LIMITS = { threshold: { min: 3, max: 20 }, protection: { min: 1, max: 20 } } as const;

export const RULE_KINDS = [
  { value: "suppress", label: "Withhold small counts", hint: "Counts below the threshold (from 1) are shown as c; every other count is exact." },
  { value: "round", label: "Withhold 1 to 7 and round the rest to the nearest 5", hint: "As NHS England publishes: counts of 1 to 7 are shown as c, every other count is rounded to the nearest 5." },
] as const;
