import { type SubmissionResult, getFormProps, useForm } from "@conform-to/react";
import { useActionData } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { DateField, dateDefault } from "~/components/date-field.tsx";
import { useFormVersion, useSentVersion } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import type { ErrorItem } from "~/components/ui/error-summary.tsx";
import { RadiosField, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { CONSENT_METHODS, CONSENT_METHOD_LABELS } from "~/domain/funding/consent.ts";
import { DRAFT_SECTION_TITLES, type DraftSection } from "~/domain/funding/draft-sections.ts";
import { MAX_PLAN_LINES } from "~/domain/funding/funding.rules.ts";
import type { draftSchema } from "~/domain/funding/funding.schema.ts";
import type { FundingRequestDetail } from "~/domain/funding/funding.server.ts";
import { PUPIL_RULE_TEXT } from "~/domain/funding/pupil-rules.ts";
import type { PupilChoice } from "~/domain/pupils/pupils.server.ts";
import { formatPence, penceToInput } from "~/domain/money.ts";

/**
 * The fields of a funding request's draft, section by section (draft-sections.ts): a section's own page shows
 * one, a refused whole-draft POST to the task list shows them all. One form hook, so both keep what was typed.
 */

type DraftForm = z.input<typeof draftSchema>;
type Request = FundingRequestDetail;

const blankLine = { description: "", deliveredBy: "", hoursPerWeek: "", weeks: "", cost: "" };
const inputOf = (value: number | null, asText: (v: number) => string = String) => (value === null ? "" : asText(value));

export function useDraftForm(request: Request, lastResult: SubmissionResult<string[]> | undefined, blankLines: number) {
  // Each save that comes back to the page starts the form again from what was saved; a refused one keeps what
  // was typed, and its errors (revalidate.ts).
  const formVersion = useFormVersion(request.version, lastResult);
  return useForm<DraftForm>({
    id: `draft-${request.reference}-${formVersion}`,
    lastResult,
    defaultValue: {
      pupilId: request.pupil ? String(request.pupil.id) : "",
      periodStart: dateDefault(request.periodStart),
      periodEnd: dateDefault(request.periodEnd),
      amountRequested: penceToInput(request.amountRequestedPence),
      lines: [
        ...request.lines.map((l) => ({
          description: l.description ?? "",
          deliveredBy: l.deliveredBy ?? "",
          hoursPerWeek: inputOf(l.hoursPerWeek),
          weeks: inputOf(l.weeks),
          cost: inputOf(l.costPence, (p) => penceToInput(p)),
        })),
        ...Array.from({ length: Math.min(blankLines, MAX_PLAN_LINES - request.lines.length + 1) }, () => blankLine),
      ],
      evidence: request.evidence,
      consentGivenBy: request.consent.givenBy ?? "",
      consentDate: dateDefault(request.consent.date),
      consentMethod: request.consent.method ?? "",
    },
    shouldValidate: "onSubmit",
  });
}

type Fields = ReturnType<typeof useDraftForm>[1];

/** The error summary's items, in the order the fields of `sections` appear. */
export function draftErrors(form: ReturnType<typeof useDraftForm>[0], fields: Fields, request: Request, sections: DraftSection[]): ErrorItem[] {
  const errors: ErrorItem[] = [];
  for (const message of form.errors ?? []) errors.push({ message, fieldId: undefined });
  const push = (field: { id: string; errors?: string[] }) => field.errors?.forEach((message) => errors.push({ message, fieldId: field.id }));
  const lines = fields.lines.getFieldList();
  const evidence = fields.evidence.getFieldset();
  for (const section of sections) {
    if (section === "pupil") push(fields.pupilId);
    if (section === "consent") [fields.consentGivenBy, fields.consentDate, fields.consentMethod].forEach(push);
    if (section === "period") [fields.periodStart, fields.periodEnd].forEach(push);
    if (section === "plan") {
      fields.lines.errors?.forEach((message) => errors.push({ message, fieldId: lines[0]?.getFieldset().description.id }));
      for (const line of lines) {
        const l = line.getFieldset();
        [l.description, l.deliveredBy, l.hoursPerWeek, l.weeks, l.cost].forEach(push);
      }
    }
    if (section === "amount") push(fields.amountRequested);
    if (section === "evidence") {
      for (const item of request.scheme.checklist) {
        const field = evidence[item.key];
        if (field) push(field);
      }
    }
  }
  return errors;
}

/** Said over a refused save: what had no error was kept (saveDraft stores every answer it can). */
export function SavedDespiteErrors({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const fieldErrors = Object.entries(lastResult?.error ?? {}).filter(([name, messages]) => name !== "" && messages?.length);
  if (!lastResult || lastResult.status !== "error" || fieldErrors.length === 0 || lastResult.error?.[""]?.length) return null;
  return (
    <NotificationBanner kind="info" title="Saved, with answers still to correct">
      What you entered without an error has been saved. Correct the answers marked below, then save again.
    </NotificationBanner>
  );
}

function Section({ id, heading, children }: { id: string; heading?: string; children: ReactNode }) {
  return (
    <section id={`section-${id}`} aria-labelledby={heading ? `${id}-heading` : undefined} className="mb-6">
      {heading ? (
        <h2 id={`${id}-heading`} className="mb-2 text-2xl font-bold">
          {heading}
        </h2>
      ) : null}
      {children}
    </section>
  );
}

/** One section's fields. `headings`: give each section its own heading (the page shows several). */
export function DraftSectionFields({
  section,
  fields,
  request,
  pupils,
  headings,
}: {
  section: DraftSection;
  fields: Fields;
  request: Request;
  pupils: PupilChoice[];
  headings: boolean;
}) {
  const heading = headings ? DRAFT_SECTION_TITLES[section] : undefined;
  switch (section) {
    case "pupil":
      return (
        <Section id="pupilId" heading={heading}>
          <SelectField
            field={fields.pupilId}
            label="Pupil"
            hint={pupils.length === 0 ? PUPIL_RULE_TEXT[request.scheme.pupilRule].none : PUPIL_RULE_TEXT[request.scheme.pupilRule].hint}
            placeholder="Select a pupil"
            options={pupils.map((p) => ({ value: String(p.id), label: `${p.name}${p.upn ? ` (${p.upn})` : ""}` }))}
          />
        </Section>
      );
    case "consent":
      return (
        <Section id="consentGivenBy" heading={heading}>
          <p className="mb-4 text-secondary-ink">
            The pupil&apos;s parents or carers must agree to this request before it is sent. Say who agreed, when and how.
          </p>
          <TextField field={fields.consentGivenBy} label="Who gave consent" hint="Their name and who they are to the pupil, for example Sam Patel, mother" />
          <DateField field={fields.consentDate} legend="Date consent was given" label="the date consent was given" hint="For example, 14 10 2026" />
          <RadiosField
            field={fields.consentMethod}
            legend="How consent was given"
            options={CONSENT_METHODS.map((m) => ({ value: m, label: CONSENT_METHOD_LABELS[m] }))}
          />
        </Section>
      );
    case "period":
      return (
        <Section id="periodStart" heading={heading}>
          <p className="mb-4 text-secondary-ink">Within one financial year, 1 April to 31 March. Awards are paid monthly.</p>
          <div className="flex flex-wrap gap-x-8">
            <DateField field={fields.periodStart} legend="Start date" label="the start date" hint="For example, 1 9 2026" />
            <DateField field={fields.periodEnd} legend="End date" label="the end date" hint="For example, 31 3 2027" />
          </div>
        </Section>
      );
    case "plan":
      return <PlanFields fields={fields} request={request} heading={heading} />;
    case "amount":
      return (
        <Section id="amountRequested" heading={heading}>
          {request.lines.length > 0 ? <PlanTotal request={request} /> : null}
          <TextField
            field={fields.amountRequested}
            label="Amount requested, in pounds"
            hint={request.scheme.contributionApplies ? "The plan's total cost less the school's contribution, or less." : "Up to the plan's total cost."}
            inputMode="decimal"
            prefix="£"
            width="w-48"
          />
        </Section>
      );
    case "evidence": {
      const evidence = fields.evidence.getFieldset();
      return (
        <Section id="evidence" heading={heading}>
          <p className="mb-4 text-secondary-ink">For each point, say briefly how the request meets it.</p>
          {request.scheme.checklist.map((item) => {
            const field = evidence[item.key];
            return field ? (
              <div key={item.key} id={`section-evidence-${item.key}`}>
                <TextAreaField field={field} label={item.label} rows={3} />
              </div>
            ) : null;
          })}
          <p className="mb-6">
            <a href={`/funding/${request.reference}/documents`}>
              {`Add documents that support this evidence (${documentCount(request.documents.filter((d) => !d.withdrawn).length)})`}
            </a>
          </p>
        </Section>
      );
    }
  }
}

function documentCount(count: number) {
  return count === 0 ? "none added yet" : count === 1 ? "1 added" : `${count} added`;
}

function PlanTotal({ request }: { request: Request }) {
  return (
    <p className="mb-4">
      Saved plan: {request.lines.length} {request.lines.length === 1 ? "line" : "lines"}, total cost <strong>{formatPence(request.totalPence)}</strong>, {request.totalHours} hours
      {request.scheme.contributionApplies
        ? `. The school meets the first ${formatPence(request.scheme.contributionPence, { whole: true })}, so you can request up to ${formatPence(request.largestRequestPence)}.`
        : "."}
    </p>
  );
}

function PlanFields({ fields, request, heading }: { fields: Fields; request: Request; heading?: string }) {
  const lines = fields.lines.getFieldList();
  return (
    <Section id="lines" heading={heading}>
      <p className="mb-4 text-secondary-ink">
        One line for each part of the provision: what it is, who delivers it, hours a week, for how many weeks, and what it costs in total. The portal
        adds up the plan. To remove a line, clear all of its boxes.
      </p>
      {lines.map((line, index) => {
        const l = line.getFieldset();
        return (
          <fieldset key={`${index}-${line.key ?? ""}`} className="mb-4 border-2 border-border p-4">
            <legend className="px-1 font-bold">Line {index + 1}</legend>
            <TextField field={l.description} label="Provision" hint="For example, 1:1 teaching assistant support in lessons" />
            <TextField field={l.deliveredBy} label="Delivered by" hint="For example, Level 3 teaching assistant" />
            <div className="flex flex-wrap gap-x-6">
              <TextField field={l.hoursPerWeek} label="Hours a week" inputMode="decimal" width="w-28" />
              <TextField field={l.weeks} label="Weeks" inputMode="numeric" width="w-28" />
              <TextField field={l.cost} label="Cost in pounds" inputMode="decimal" prefix="£" width="w-40" />
            </div>
          </fieldset>
        );
      })}
      {request.lines.length > 0 ? <PlanTotal request={request} /> : null}
      {lines.length <= MAX_PLAN_LINES ? (
        <Button variant="secondary" name="intent" value="add-line">
          Save and add another line
        </Button>
      ) : null}
    </Section>
  );
}

/**
 * The draft's form around `sections`: the version it was drawn from, Enter in a field as the main button, and
 * the two ways to save. "Save and continue" (`main`) insists that what is shown is complete; "Save as draft"
 * keeps whatever can be stored.
 */
export function DraftForm({
  form,
  request,
  main,
  children,
}: {
  form: ReturnType<typeof useDraftForm>[0];
  request: Request;
  main: { intent: "continue" | "check"; label: string };
  children: ReactNode;
}) {
  const version = useSentVersion(request.version, useActionData());
  return (
    <PortalForm {...getFormProps(form)}>
      <input type="hidden" name="version" value={version} />
      {/* Pressing Enter in a field does what the main button does. */}
      <button type="submit" name="intent" value={main.intent} hidden tabIndex={-1} aria-hidden="true" />
      {children}
      <div className="flex flex-wrap gap-4">
        <Button name="intent" value={main.intent}>
          {main.label}
        </Button>
        <Button variant="secondary" name="intent" value="save">
          Save as draft
        </Button>
      </div>
    </PortalForm>
  );
}
