import type { AppLoadContext } from "@remix-run/node";
import { requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { type DraftSection, problemsIn, sectionsPosted } from "./draft-sections.ts";
import { draftSchema } from "./funding.schema.ts";
import { saveDraft } from "./requests.server.ts";
import { EVIDENCE_CITATIONS } from "./evidence-citation-kinds.server.ts";
import { citationsPosted, saveCitations } from "./evidence-citations.server.ts";

/**
 * The action of a draft's pages: the task list (a whole draft in one POST, as a form drawn before the task list
 * sends it) and each section's page (its own fields only). Whatever the form carries that can be stored is saved
 * (saveDraft); then the answer depends on the button:
 * - "Save as draft": back to the task list, which says what is still needed; a 400 only for answers that could
 *   not be stored, shown against their fields with what was typed;
 * - "Save and continue" on a section: the same, but the section must also be complete;
 * - "Save and continue" on the whole draft (`check`): the whole request must be complete, then check your answers;
 * - "Save and add another line": the plan again, with one more blank line.
 */
export async function draftAction(args: { request: Request; context: AppLoadContext }, reference: string, section?: DraftSection) {
  const { request, context } = args;
  // Who is asking comes first (404 for anyone who may not draft), as in every action; formAction checks again.
  await requireActor(request, context, "funding:draft");
  const form = await readForm(request, context);
  const posted = sectionsPosted(form.keys());
  // The records the evidence section cites (staff training, issue 9; LIFT and STLS, issue 10), each kind when the
  // page showed its list: saved with the section.
  const citing = EVIDENCE_CITATIONS.map((kind) => ({ kind, ticked: citationsPosted(form, kind) }));
  return formAction(args, {
    permission: "funding:draft",
    schema: draftSchema,
    form,
    async run(actor, value) {
      const saved = await saveDraft(context.db, actor, reference, { ...value, posted }, context.requestId);
      if (!saved.ok) return saved;
      // A save sent against an old version and found already done keeps its version (saveDraft): `resent`.
      const resent = saved.version === value.version;
      const cited = { notSaved: {} as Record<string, string[]> };
      for (const { kind, ticked } of citing) {
        if (ticked !== undefined) Object.assign(cited.notSaved, (await saveCitations(context.db, actor, reference, kind, ticked, { resent }, context.requestId)).notSaved);
      }
      const required = value.intent === "check" ? saved.problems : value.intent === "continue" && section ? problemsIn(section, saved.problems) : {};
      const fieldErrors = { ...required, ...saved.notSaved, ...cited.notSaved };
      if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, version: saved.version };
      const blanks = value.lines.filter((l) => ![l.description, l.deliveredBy, l.hoursPerWeek, l.weeks, l.cost].some((v) => v?.trim())).length;
      return { ok: true, intent: value.intent, blanks };
    },
    done({ intent, blanks }) {
      if (intent === "add-line") return `/funding/${reference}/edit/plan?saved=1&lines=${blanks + 1}#section-lines`;
      if (intent === "check") return `/funding/${reference}/check`;
      return `/funding/${reference}/edit?saved=1`;
    },
  });
}
