import { z } from "zod";
import { versionField } from "../record.schema.ts";
import { ROLES } from "../access/roles.ts";

/** Client-safe schemas shared by the admin forms and the use-cases. */

const email = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .max(254, "Email address must be 254 characters or fewer")
  .pipe(z.email({ error: "Enter an email address in the correct format, like name@school.example" }));

const role = z.enum(ROLES, { error: "Select a role" });

const scope = {
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
const always = { when: () => true };

function checkScope(value: ScopeValue, ctx: z.RefinementCtx) {
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
