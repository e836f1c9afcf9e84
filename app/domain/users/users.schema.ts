import { z } from "zod";
import { versionField } from "../record.schema.ts";
import { ROLES } from "../access/roles.ts";
import { COUNCIL_AREAS, type CouncilArea, inCouncilOrder } from "../schools/council-areas.ts";

/** Client-safe schemas shared by the admin forms and the use-cases. */

export const email = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .max(254, "Email address must be 254 characters or fewer")
  .pipe(z.email({ error: "Enter an email address in the correct format, like name@school.example" }));

export const role = z.enum(ROLES, { error: "Select a role" });

export const scope = {
  schoolUrn: z
    .string()
    .trim()
    .regex(/^[0-9]{6}$/, "Enter the school's 6-digit URN")
    .optional(),
  championUrns: z
    .string()
    .trim()
    .regex(/^[0-9]{6}([\s,]+[0-9]{6})*$/, "Enter each school's 6-digit URN, separated by commas")
    .optional(),
  districtCode: z.string().trim().min(1).optional(),
};

type ScopeValue = { role?: (typeof ROLES)[number]; schoolUrn?: string; championUrns?: string; districtCode?: string };

/** Runs even when other fields are wrong, so the form lists every problem at once. */
export const always = { when: () => true };

export function checkScope(value: ScopeValue, ctx: z.RefinementCtx) {
  if ((value.role === "senco" || value.role === "headteacher") && !value.schoolUrn) {
    ctx.addIssue({ code: "custom", path: ["schoolUrn"], message: "Enter the school's 6-digit URN" });
  }
  if (value.role === "inclusion_champion" && !value.championUrns) {
    ctx.addIssue({ code: "custom", path: ["championUrns"], message: "Enter the URN of at least one school" });
  }
  if (value.role === "stls" && !value.districtCode) {
    ctx.addIssue({ code: "custom", path: ["districtCode"], message: "Select a district" });
  }
}

export const createUserSchema = z
  .object({
    displayName: z
      .string({ error: "Enter the person's full name" })
      .trim()
      .min(1, "Enter the person's full name")
      .max(120, "Name must be 120 characters or fewer"),
    email,
    role,
    ...scope,
    password: z
      .string({ error: "Enter a first password for the account" })
      .min(1, "Enter a first password for the account"),
  })
  .superRefine(checkScope, always);

export const changeRoleSchema = z
  .object({ intent: z.literal("role"), version: versionField, role, ...scope })
  .superRefine(checkScope, always);

export const setActiveSchema = z.object({
  intent: z.enum(["deactivate", "reactivate"]),
  version: versionField,
});

export function parseUrns(text: string | undefined): string[] {
  return [...new Set((text ?? "").split(/[\s,]+/).filter(Boolean))];
}

/** Giving a person another membership: a role and where it applies, as when creating the account. */
export const addMembershipSchema = z
  .object({ intent: z.literal("add-membership"), version: versionField, role, ...scope })
  .superRefine(checkScope, always);

/** Taking one membership away, named by its key (`senco:990009`), after the confirm step. */
export const removeMembershipSchema = z.object({
  intent: z.literal("remove-membership"),
  version: versionField,
  key: z.string().trim().min(1).max(100),
});

const AREA_NAMES = `${COUNCIL_AREAS.slice(0, -1).join(", ")} and ${COUNCIL_AREAS.at(-1)}`;
const isArea = (value: string): value is CouncilArea => (COUNCIL_AREAS as readonly string[]).includes(value);

/**
 * The areas a council officer works in (ADR 30): any of the council's four, each once, in the council's order.
 * None at all is allowed (an officer between patches): they are then told only of requests nobody else covers.
 * A value the page never offers, or one sent twice, is refused with a message rather than quietly dropped.
 */
export const officerAreasSchema = z.object({
  intent: z.literal("officer-areas"),
  version: versionField,
  areas: z
    .array(z.string())
    .default([])
    .superRefine((areas, ctx) => {
      if (!areas.every(isArea)) ctx.addIssue({ code: "custom", message: `Choose only from the council's areas: ${AREA_NAMES}` });
      else if (new Set(areas).size !== areas.length) ctx.addIssue({ code: "custom", message: "Choose each area once" });
    })
    .transform((areas) => inCouncilOrder(areas.filter(isArea))),
});
