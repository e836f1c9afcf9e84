import { z } from "zod";
import { type DateFieldInput, dateField, readDateField } from "../date-field.schema.ts";
import { idField, versionField } from "../record.schema.ts";
import { recordIdOf } from "../record.ts";
import { ACTION_OWNERS, type ActionOwner, MAX_AGREED_ACTIONS, VISIT_FORMATS, type VisitFormat } from "./visits.workflow.ts";

/**
 * The champion visit forms (issue 11, ADR 52), client-safe. A draft's form is read field by field
 * (`readVisitDraft`): whatever can be stored is saved, and only what cannot is refused, against its own field.
 */

const TEXT_MAX = 8000;
const ACTION_MAX = 2000;

/** Starting a visit report: which of the champion's schools, and a one-off key (a double click starts one). */
export const newVisitSchema = z.object({
  schoolId: idField("Select the school you visited"),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});

const actionSchema = z.object({
  id: z.string().optional(),
  description: z.string().optional(),
  owner: z.string().optional(),
  dueOn: z.custom<DateFieldInput>(() => true).optional(),
  /** A guidance article for the school to read: its id, from the library's published articles; empty for none. */
  guidance: z.string().max(12).optional(),
});

/**
 * A draft's form as sent. `intent`: save ("Save as draft"), add-action ("Save and add another action"),
 * remove-action-N (the Nth action's "Remove" button: saved without it).
 */
export const visitDraftSchema = z.object({
  version: versionField,
  intent: z
    .string()
    .regex(/^(save|add-action|remove-action-\d{1,2})$/)
    .catch("save"),
  visitedOn: z.custom<DateFieldInput>(() => true).optional(),
  format: z.string().optional(),
  focusAreas: z
    .array(z.string().max(60))
    .max(20)
    .optional()
    .transform((v) => v ?? []),
  seen: z.string().optional(),
  strengths: z.string().optional(),
  actions: z.array(actionSchema).max(MAX_AGREED_ACTIONS + 1).optional().default([]),
});
export type VisitDraftInput = z.output<typeof visitDraftSchema>;

/** One agreed action as a draft keeps it: `dueOn` undefined keeps what was saved (what was typed could not be read). */
export interface ActionPatch {
  id: number | null;
  description: string | null;
  owner: ActionOwner | null;
  dueOn: string | null | undefined;
  /** The guidance article linked; undefined keeps what was saved (an id no longer offered was refused). */
  guidanceArticleId: number | null | undefined;
}

/** What a draft's form asks to store; a field left undefined keeps what was saved. */
export interface VisitDraftPatch {
  visitedOn?: string | null;
  format?: VisitFormat | null;
  focusAreas?: string[];
  seen?: string | null;
  strengths?: string | null;
  actions: ActionPatch[];
}

const textOrNull = (value: string | undefined) => {
  const text = value?.trim() ?? "";
  return text === "" ? null : text;
};

/**
 * Reads each field of a draft's form on its own: what can be stored, and why the rest cannot, by field name.
 * `known.focusAreas` are the codes the council's list holds; `known.visitedOn` the visit date saved before, for an
 * action's due date when the form's own date cannot be read. A due date before the visit is refused.
 */
export function readVisitDraft(
  input: VisitDraftInput,
  known: { focusAreas: string[]; visitedOn: string | null; today: string; articleIds: readonly number[] },
): { patch: VisitDraftPatch; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const patch: VisitDraftPatch = { actions: [] };
  const date = readDateField(input.visitedOn, "the date of the visit", { required: false, missing: "" });
  if (!date.ok) errors.visitedOn = [date.message];
  else if (date.iso && date.iso > known.today) errors.visitedOn = ["The date of the visit must be today or in the past"];
  else if (date.iso && date.iso < "2023-09-01") errors.visitedOn = ["The date of the visit must be on or after 1 September 2023, when Inclusion Champions began"];
  else patch.visitedOn = date.iso;
  const format = input.format?.trim() ?? "";
  if (format === "") patch.format = null;
  else if ((VISIT_FORMATS as readonly string[]).includes(format)) patch.format = format as VisitFormat;
  else errors.format = ["Select in person or online"];
  const unknown = input.focusAreas.filter((code) => !known.focusAreas.includes(code));
  if (unknown.length > 0) errors.focusAreas = ["Select focus areas from the list"];
  else patch.focusAreas = [...new Set(input.focusAreas)];
  for (const [field, label] of [["seen", "What you saw"], ["strengths", "The strengths"]] as const) {
    const text = textOrNull(input[field]);
    if (text && text.length > TEXT_MAX) errors[field] = [`${label} must be ${TEXT_MAX.toLocaleString("en-GB")} characters or fewer`];
    else patch[field] = text;
  }
  const visitedOn = patch.visitedOn === undefined ? known.visitedOn : patch.visitedOn;
  const removed = /^remove-action-(\d+)$/.exec(input.intent)?.[1];
  input.actions.forEach((action, index) => {
    if (removed !== undefined && Number(removed) === index) return;
    const id = recordIdOf(action.id) ?? null;
    const name = (field: string) => `actions[${index}].${field}`;
    const description = textOrNull(action.description);
    const owner = action.owner?.trim() ?? "";
    const due = readDateField(action.dueOn, "the due date", { required: false, missing: "" });
    const guidance = action.guidance?.trim() ?? "";
    // A row left wholly empty (a blank added and not used) is no action.
    if (!description && owner === "" && due.ok && due.iso === null && guidance === "" && id === null) return;
    const line: ActionPatch = { id, description, owner: null, dueOn: undefined, guidanceArticleId: undefined };
    if (guidance === "") line.guidanceArticleId = null;
    else if (known.articleIds.includes(recordIdOf(guidance) ?? 0)) line.guidanceArticleId = Number(guidance);
    else errors[name("guidance")] = ["Select guidance from the library's list, or none"];
    if (description && description.length > ACTION_MAX) {
      errors[name("description")] = [`The action must be ${ACTION_MAX.toLocaleString("en-GB")} characters or fewer`];
      line.description = description.slice(0, ACTION_MAX);
    }
    if (owner !== "" && !(ACTION_OWNERS as readonly string[]).includes(owner)) errors[name("owner")] = ["Select who will do it: the school, the champion or the council"];
    else line.owner = owner === "" ? null : (owner as ActionOwner);
    if (!due.ok) errors[name("dueOn")] = [due.message];
    else if (due.iso && visitedOn && due.iso < visitedOn) errors[name("dueOn")] = ["The due date must be on or after the date of the visit"];
    else if (due.iso && due.iso > "2099-12-31") errors[name("dueOn")] = ["The due date must be before 2100"];
    else line.dueOn = due.iso;
    patch.actions.push(line);
  });
  if (patch.actions.length > MAX_AGREED_ACTIONS) errors.actions = [`A visit can have up to ${MAX_AGREED_ACTIONS} agreed actions`];
  return { patch, errors };
}

/** What a draft still needs before it can be published, in the form's words; empty when it is whole. */
export function missingToPublish(visit: {
  visitedOn: string | null;
  format: string | null;
  focusAreas: string[];
  seen: string | null;
  strengths: string | null;
  actions: { description: string | null; owner: string | null; dueOn: string | null }[];
}): string[] {
  const missing: string[] = [];
  if (!visit.visitedOn) missing.push("the date of the visit");
  if (!visit.format) missing.push("whether it was in person or online");
  if (visit.focusAreas.length === 0) missing.push("at least one focus area");
  if (!visit.seen) missing.push("what you saw");
  if (!visit.strengths) missing.push("the strengths");
  visit.actions.forEach((a, i) => {
    const parts = [!a.description ? "what is to be done" : null, !a.owner ? "who will do it" : null, !a.dueOn ? "the due date" : null].filter(Boolean);
    if (parts.length > 0) missing.push(`action ${i + 1}: ${parts.join(", ")}`);
    else if (visit.visitedOn && a.dueOn! < visit.visitedOn) missing.push(`action ${i + 1}: a due date on or after the visit`);
  });
  return missing;
}

export const publishVisitSchema = z.object({ intent: z.literal("publish"), version: versionField });

const note = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(ACTION_MAX, `The note must be ${ACTION_MAX.toLocaleString("en-GB")} characters or fewer`);

/** The school marks its action done: what was done, for the champion to read. */
export const completeActionSchema = z.object({ intent: z.literal("complete"), version: versionField, note: note("Enter a note of what the school has done") });

/** The champion closes an action, with a note for its history if they wish. */
export const closeActionSchema = z.object({
  intent: z.literal("close"),
  version: versionField,
  comment: z.string().trim().max(ACTION_MAX, `The note must be ${ACTION_MAX.toLocaleString("en-GB")} characters or fewer`).optional().default(""),
});

/** The champion carries an open action forward to a new due date, saying why. */
export const carryActionSchema = z.object({
  intent: z.literal("carry"),
  version: versionField,
  dueOn: dateField("the new due date", "Enter the new due date"),
  reason: note("Enter why the action is carried forward"),
});
