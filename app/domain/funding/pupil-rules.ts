import type { SenProvision } from "../pupils/pupil-codes.ts";

/**
 * Which pupils a funding scheme is for: a column of funding_schemes (its CHECK allows exactly these values) that
 * the council sets on the scheme form. It decides the pupils a request's form offers and the ones the server
 * accepts. No zod here: pages import these words (ADR 7).
 */
export const PUPIL_RULES = ["any", "sen_support", "ehc_plan"] as const;
export type PupilRule = (typeof PUPIL_RULES)[number];

export function isPupilRule(value: unknown): value is PupilRule {
  return typeof value === "string" && (PUPIL_RULES as readonly string[]).includes(value);
}

/** The SEN provision (pupils.sen_provision) a rule asks for; null: any pupil on the register. */
export function provisionFor(rule: PupilRule): SenProvision | null {
  return rule === "sen_support" ? "K" : rule === "ehc_plan" ? "E" : null;
}

export const PUPIL_RULE_TEXT: Record<PupilRule, { label: string; hint: string; none: string; refusal: string }> = {
  any: {
    label: "Any pupil on the register",
    hint: "From your school's pupil register",
    none: "Your school's register has no current pupils: add the pupil to the register first.",
    refusal: "Select a pupil from your school's register",
  },
  sen_support: {
    label: "Only pupils on SEN support (K)",
    hint: "Pupils on SEN support (K) on your school's register: this scheme is not for pupils with an EHC plan",
    none: "Your school's register has no current pupils on SEN support (K): this scheme is not for pupils with an EHC plan.",
    refusal: "This scheme is for pupils on SEN support (K), not pupils with an EHC plan: select another pupil",
  },
  ehc_plan: {
    label: "Only pupils with an EHC plan (E)",
    hint: "Pupils with an EHC plan (E) on your school's register",
    none: "Your school's register has no current pupils with an EHC plan (E): this scheme is only for them.",
    refusal: "This scheme is for pupils with an EHC plan (E): select a pupil who has one",
  },
};

/** What is wrong with naming a pupil with this provision under this rule; null when the rule allows them. */
export function pupilRuleProblem(rule: PupilRule, provision: string | null): string | null {
  const wanted = provisionFor(rule);
  return wanted === null || provision === null || provision === wanted ? null : PUPIL_RULE_TEXT[rule].refusal;
}

/** Why a request cannot name a pupil who has left the school (the register's date left is set). */
export const PUPIL_LEFT = "This pupil has left your school: select a current pupil from your register";
