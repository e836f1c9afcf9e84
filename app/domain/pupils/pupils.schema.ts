import { z } from "zod";
import { versionField } from "../record.schema.ts";
import { londonToday } from "../financial-year.ts";
import { dateField } from "../date-field.schema.ts";
import { normaliseUpn, upnProblem } from "./upn.ts";
import { SEN_PROVISIONS, YEAR_GROUPS } from "./pupil-codes.ts";

/**
 * Client-safe schemas and code lists for the pupil register, shared by the forms and the use-cases.
 * Year groups and SEN provision are the fixed lists the pupils table's CHECK constraints allow; need types
 * are rows in sen_need_types (the council's list), so only their shape is checked here.
 */

/** The oldest date of birth the register accepts: 25 years before today (a young person stays until 25). */
export function earliestDateOfBirth(today = londonToday()): string {
  const [year, rest] = [Number(today.slice(0, 4)), today.slice(4)];
  return `${year - 25}${rest}`;
}

const name = (which: "first" | "last") =>
  z
    .string({ error: `Enter the pupil's ${which} name` })
    .trim()
    .min(1, `Enter the pupil's ${which} name`)
    .max(100, `${which === "first" ? "First" : "Last"} name must be 100 characters or fewer`);

const needCode = (message: string) => z.string({ error: message }).trim().regex(/^[A-Z]{2,6}$/, message);

/** Runs even when other fields are wrong, so the form lists every problem at once. */
const always = { when: () => true };

const pupilFields = {
  firstName: name("first"),
  lastName: name("last"),
  dateOfBirth: dateField("date of birth", "Enter the pupil's date of birth"),
  upn: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const upn = normaliseUpn(value ?? "");
      if (upn === "") return undefined;
      const problem = upnProblem(upn);
      if (problem === "format") {
        ctx.addIssue({ code: "custom", message: "Enter the UPN as 13 characters: a capital letter then 12 digits" });
        return z.NEVER;
      }
      if (problem === "check-letter") {
        ctx.addIssue({
          code: "custom",
          message: "Enter a valid UPN: its first letter does not match its 12 digits. Check it against the school's records",
        });
        return z.NEVER;
      }
      return upn;
    }),
  yearGroup: z.enum(YEAR_GROUPS, { error: "Select the pupil's year group" }),
  senProvision: z.enum(SEN_PROVISIONS, { error: "Select the pupil's SEN provision" }),
  primaryNeed: needCode("Select the pupil's primary need"),
  secondaryNeed: needCode("Select a secondary need from the list").optional(),
  dateAdded: dateField("date added", "Enter the date the pupil was added to the register", { optional: true }),
};

type PupilValue = { dateOfBirth?: string; dateAdded?: string; primaryNeed?: string; secondaryNeed?: string };

function checkPupil(value: PupilValue, ctx: z.RefinementCtx) {
  const today = londonToday();
  const { dateOfBirth, dateAdded } = value;
  if (typeof dateOfBirth === "string") {
    if (dateOfBirth > today) ctx.addIssue({ code: "custom", path: ["dateOfBirth"], message: "Date of birth must be in the past" });
    else if (dateOfBirth < earliestDateOfBirth(today)) {
      ctx.addIssue({ code: "custom", path: ["dateOfBirth"], message: "Date of birth must be within the last 25 years" });
    }
  }
  if (typeof dateAdded === "string") {
    if (dateAdded > today) ctx.addIssue({ code: "custom", path: ["dateAdded"], message: "Date added must be today or in the past" });
    else if (typeof dateOfBirth === "string" && dateAdded < dateOfBirth) {
      ctx.addIssue({ code: "custom", path: ["dateAdded"], message: "Date added must be after the date of birth" });
    }
  }
  if (value.secondaryNeed && value.secondaryNeed === value.primaryNeed) {
    ctx.addIssue({ code: "custom", path: ["secondaryNeed"], message: "The secondary need must be different from the primary need" });
  }
}

/** Adding a pupil. An empty date added means today. */
export const pupilSchema = z.object(pupilFields).superRefine(checkPupil, always);

/** Changing a pupil's record: the same fields and the version the SENCO saw. */
export const editPupilSchema = z.object({ ...pupilFields, version: versionField }).superRefine(checkPupil, always);

export type PupilInput = z.output<typeof pupilSchema>;

/** Marking a pupil as left (kept on the register under "left"), or putting a pupil who left back. */
export const leftSchema = z
  .object({
    intent: z.literal("left"),
    version: versionField,
    dateLeft: dateField("date left", "Enter the date the pupil left"),
  })
  .superRefine((value, ctx) => {
    if (typeof value.dateLeft === "string" && value.dateLeft > londonToday()) {
      ctx.addIssue({ code: "custom", path: ["dateLeft"], message: "Date left must be today or in the past" });
    }
  }, always);

export const returnSchema = z.object({ intent: z.literal("return"), version: versionField });

export const PUPIL_STATUSES = ["current", "left", "all"] as const;
export type PupilStatus = (typeof PUPIL_STATUSES)[number];

/** The register's search and filters, read from the query string; anything unrecognised is ignored. */
export const pupilFilterSchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  need: z.string().regex(/^[A-Z]{2,6}$/).optional().catch(undefined),
  provision: z.enum(SEN_PROVISIONS).optional().catch(undefined),
  year: z.enum(YEAR_GROUPS).optional().catch(undefined),
  status: z.enum(PUPIL_STATUSES).catch("current").default("current"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type PupilFilter = z.output<typeof pupilFilterSchema>;

/** The filter from a URL's query string: empty parameters count as not given. */
export function readPupilFilter(params: URLSearchParams): PupilFilter {
  const raw: Record<string, string> = {};
  for (const key of ["q", "need", "provision", "year", "status", "page"]) {
    const value = params.get(key);
    if (value) raw[key] = value;
  }
  return pupilFilterSchema.parse(raw);
}
