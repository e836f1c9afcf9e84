import { z } from "zod";
import { dateField } from "../date-field.schema.ts";
import { YEAR_GROUPS } from "../pupils/pupil-codes.ts";
import { idField, versionField } from "../record.schema.ts";
import { MAX_PLACES, MAX_WAITING, SRP_STATUSES, SRP_TERMS } from "./provision-codes.ts";

/**
 * Resource provision's forms (ADR 50), client-safe: a term's return (saved as a draft with what can be stored,
 * sent when complete), the council's register of SRPs and the return windows, and the SRP mark on a pupil.
 */

const always = { when: () => true };

/** An academic year chosen from the form's list, by the year it starts in. */
const academicYear = z
  .string({ error: "Select the academic year" })
  .regex(/^20\d\d$/, "Select the academic year")
  .transform(Number);

function figure(label: string, max = MAX_PLACES) {
  const message = `Enter ${label.toLowerCase()} as a whole number from 0 to ${max}`;
  return z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,4}$/, message)
    .transform(Number)
    .refine((n) => n <= max, message);
}

/** A figure a draft may leave empty. */
function optionalFigure(label: string, max = MAX_PLACES) {
  const message = `Enter ${label.toLowerCase()} as a whole number from 0 to ${max}`;
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = (v ?? "").trim();
      if (text === "") return undefined;
      if (!/^\d{1,4}$/.test(text) || Number(text) > max) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return Number(text);
    });
}

const comment = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim() || undefined)
  .refine((v) => v === undefined || v.length <= 2000, "The comment must be 2,000 characters or fewer");

function returnFields<O extends boolean>(optional: O) {
  const f = (label: string, max = MAX_PLACES) => (optional ? optionalFigure(label, max) : figure(label, max)) as O extends true ? ReturnType<typeof optionalFigure> : ReturnType<typeof figure>;
  return {
    windowId: idField("This form is out of date. Reload the page and try again."),
    version: versionField,
    placesFilled: f("Places filled", MAX_PLACES),
    ehcPlanPupils: f("Pupils with an EHC plan", MAX_PLACES),
    fromOtherSchools: f("Pupils on placement from other schools", MAX_PLACES),
    admitted: f("Pupils admitted this term", MAX_PLACES),
    leftInTerm: f("Pupils who left this term", MAX_PLACES),
    waiting: f("Waiting for a place", MAX_WAITING),
    comment,
  };
}

type Figures = { placesFilled?: number; ehcPlanPupils?: number; fromOtherSchools?: number };

/** The rules between figures, for a draft (where both are given) and a return sent alike. */
function checkFigures(value: Figures, ctx: z.RefinementCtx) {
  const { placesFilled, ehcPlanPupils, fromOtherSchools } = value;
  if (typeof placesFilled !== "number") return;
  if (typeof ehcPlanPupils === "number" && ehcPlanPupils > placesFilled) {
    ctx.addIssue({ code: "custom", path: ["ehcPlanPupils"], message: "Pupils with an EHC plan cannot be more than the places filled" });
  }
  if (typeof fromOtherSchools === "number" && fromOtherSchools > placesFilled) {
    ctx.addIssue({ code: "custom", path: ["fromOtherSchools"], message: "Pupils on placement from other schools cannot be more than the places filled" });
  }
}

/** "Save as draft": every figure optional, each checked as far as it is given. */
export const returnDraftSchema = z.object({ intent: z.literal("draft"), ...returnFields(true) }).superRefine(checkFigures, always);

/** "Send the return" (or a correction): every figure required. */
export const returnSendSchema = z.object({ intent: z.literal("send"), ...returnFields(false) }).superRefine(checkFigures, always);

export type ReturnDraftInput = z.output<typeof returnDraftSchema>;
export type ReturnSendInput = z.output<typeof returnSendSchema>;

const yearGroup = (which: string) => z.enum(YEAR_GROUPS, { error: `Select the ${which} year group served` });

/** The council's register of SRPs: a new one, or a change to one (with the version seen). */
const srpFields = {
  designation: z.string({ error: "Select the designation" }).trim().regex(/^[A-Z]{2,6}$/, "Select the designation"),
  firstYearGroup: yearGroup("first"),
  lastYearGroup: yearGroup("last"),
  openedOn: dateField("opening date", "Enter the date the SRP opened"),
  status: z.enum(SRP_STATUSES, { error: "Select the SRP's status" }),
  academicYear: academicYear,
  commissionedPlaces: figure("Places commissioned"),
};

function checkYears(value: { firstYearGroup?: string; lastYearGroup?: string }, ctx: z.RefinementCtx) {
  const first = YEAR_GROUPS.indexOf(value.firstYearGroup as (typeof YEAR_GROUPS)[number]);
  const last = YEAR_GROUPS.indexOf(value.lastYearGroup as (typeof YEAR_GROUPS)[number]);
  if (first >= 0 && last >= 0 && last < first) ctx.addIssue({ code: "custom", path: ["lastYearGroup"], message: "The last year group must be the same as or after the first" });
}

export const newSrpSchema = z
  .object({ urn: z.string({ error: "Enter the host school's URN" }).trim().regex(/^\d{6}$/, "Enter the host school's URN: 6 digits"), ...srpFields })
  .superRefine(checkYears, always);
export const editSrpSchema = z.object({ ...srpFields, version: versionField }).superRefine(checkYears, always);
export type SrpInput = z.output<typeof editSrpSchema>;

/** A term's return window, as the council sets it. */
const windowFields = {
  opensOn: dateField("opening date", "Enter the date the window opens"),
  closesOn: dateField("closing date", "Enter the date the window closes"),
};
function checkWindow(value: { opensOn?: string; closesOn?: string }, ctx: z.RefinementCtx) {
  if (typeof value.opensOn === "string" && typeof value.closesOn === "string" && value.closesOn < value.opensOn) {
    ctx.addIssue({ code: "custom", path: ["closesOn"], message: "The window must close on or after the day it opens" });
  }
}
export const newWindowSchema = z
  .object({
    academicYear: academicYear,
    term: z.enum(SRP_TERMS, { error: "Select the term" }),
    ...windowFields,
  })
  .superRefine(checkWindow, always);
export const editWindowSchema = z.object({ ...windowFields, version: versionField }).superRefine(checkWindow, always);

/** Sending a reminder to every school missing the current term's return. */
export const reminderSchema = z.object({ intent: z.literal("remind"), windowId: idField("This form is out of date. Reload the page and try again.") });

/** The SRP a pupil of the register is placed in (the pupil's page), or none. */
export const pupilSrpSchema = z.object({
  intent: z.literal("srp"),
  version: versionField,
  resourceProvisionId: z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(z.union([z.literal("").transform(() => null), z.string().regex(/^[1-9]\d{0,8}$/, "Select one of the school's SRPs, or none").transform(Number)])),
});
