import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, replyUnavailable, requireActor, unlessUnavailable } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { DateField, dateDefault } from "~/components/date-field.tsx";
import { FundingStatusTag } from "~/components/funding-status.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, type ErrorItem } from "~/components/ui/error-summary.tsx";
import { SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { MAX_PLAN_LINES } from "~/domain/funding/funding.rules.ts";
import { PUPIL_RULE_TEXT } from "~/domain/funding/pupil-rules.ts";
import { draftSchema } from "~/domain/funding/funding.schema.ts";
import { getDraft, referenceParam, saveDraft } from "~/domain/funding/funding.server.ts";
import { formatPence, penceToInput } from "~/domain/money.ts";

export const handle = { title: (data: unknown) => `Edit ${(data as { request?: { reference: string } } | undefined)?.request?.reference ?? "funding request"}` };

// "Save and continue" saves the draft even when it then reports what is missing (a 400): the page needs the
// saved version and plan to carry on.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:draft");
  const reference = referenceParam(params);
  const draft = await orUnavailable(() => getDraft(context.db, actor, reference, context.requestId));
  // Only a draft, or a request the council sent back, can be edited: otherwise show the request itself.
  if (!draft.request.can.edit) throw redirect(`/funding/${reference}`);
  const url = new URL(request.url);
  const extra = Math.min(5, Math.max(1, Number(url.searchParams.get("lines")) || 1));
  return { ...draft, blankLines: extra, notice: url.searchParams.get("started") ? "started" : url.searchParams.get("saved") ? "saved" : null };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "funding:draft");
  const reference = referenceParam(params);
  const form = await readForm(request, context);
  const submission = parseWithZod(form, { schema: draftSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await unlessUnavailable(() => saveDraft(context.db, actor, reference, submission.value, context.requestId));
  if (!result.available) return replyUnavailable(submission);
  if (!result.value.ok) {
    return data(submission.reply({ fieldErrors: result.value.fieldErrors, formErrors: result.value.formError ? [result.value.formError] : undefined }), {
      status: result.value.formError ? 409 : 400,
    });
  }
  const { intent } = submission.value;
  if (Object.keys(result.value.problems).length > 0) {
    // Saved, but not ready to send: show what is missing against each field.
    return data(submission.reply({ fieldErrors: result.value.problems }), { status: 400 });
  }
  if (intent === "add-line") {
    const blanks = submission.value.lines.filter((l) => !l.description && !l.deliveredBy && !l.hoursPerWeek && !l.weeks && !l.cost).length;
    throw redirect(`/funding/${reference}/edit?saved=1&lines=${blanks + 1}#section-lines`);
  }
  if (intent === "check") throw redirect(`/funding/${reference}/check`);
  throw redirect(`/funding/${reference}/edit?saved=1`);
}

export default function EditFundingRequest() {
  const { request, pupils, blankLines, notice } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  // Each save comes back to this page: after one that redirected here, the form starts again from what was
  // saved, with the blank line "Save and add another line" asked for; after a refused one (which may still have
  // saved), it keeps what was typed and its errors.
  const formVersion = useFormVersion(request.version, lastResult);
  const [form, fields] = useForm<z.input<typeof draftSchema>>({
    id: `draft-${request.reference}-${formVersion}`,
    lastResult,
    defaultValue: {
      pupilId: request.pupil ? String(request.pupil.id) : "",
      periodStart: dateDefault(request.periodStart),
      periodEnd: dateDefault(request.periodEnd),
      amountRequested: penceToInput(request.amountRequestedPence),
      lines: [
        ...request.lines.map((l) => ({
          description: l.description,
          deliveredBy: l.deliveredBy,
          hoursPerWeek: String(l.hoursPerWeek),
          weeks: String(l.weeks),
          cost: penceToInput(l.costPence),
        })),
        ...Array.from({ length: Math.min(blankLines, MAX_PLAN_LINES - request.lines.length + 1) }, () => ({ description: "", deliveredBy: "", hoursPerWeek: "", weeks: "", cost: "" })),
      ],
      evidence: request.evidence,
    },
    shouldValidate: "onSubmit",
  });
  const lines = fields.lines.getFieldList();
  const evidence = fields.evidence.getFieldset();

  // The error summary lists errors in the order the fields appear on the page.
  const errors: ErrorItem[] = [];
  for (const message of form.errors ?? []) errors.push({ message, fieldId: fields.periodStart.id });
  const push = (field: { id: string; errors?: string[] }) => field.errors?.forEach((message) => errors.push({ message, fieldId: field.id }));
  if (request.scheme.requiresPupil) push(fields.pupilId);
  push(fields.periodStart);
  push(fields.periodEnd);
  fields.lines.errors?.forEach((message) => errors.push({ message, fieldId: lines[0]?.getFieldset().description.id }));
  for (const line of lines) {
    const l = line.getFieldset();
    [l.description, l.deliveredBy, l.hoursPerWeek, l.weeks, l.cost].forEach(push);
  }
  push(fields.amountRequested);
  for (const item of request.scheme.checklist) {
    const field = evidence[item.key];
    if (field) push(field);
  }

  return (
    <div className="max-w-4xl">
      <ErrorSummary errors={errors} />
      {notice && !lastResult ? (
        <NotificationBanner kind="success" title="Saved">
          {notice === "started"
            ? `Your draft request ${request.reference} has been started. It is saved each time you press a button below.`
            : `Your draft ${request.reference} has been saved. You can come back to it from Funding requests.`}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${request.reference} · ${request.scheme.name}`}>
        {request.status === "more_information_needed" ? "Update the request" : "Your funding request"}
      </PageHeading>
      <p className="mb-6">
        Status: <FundingStatusTag status={request.status} label={request.statusLabel} />
      </p>
      {request.status === "more_information_needed" ? (
        <p className="mb-6">
          The council asked for more information: see the comment on the <a href={`/funding/${request.reference}`}>request&apos;s timeline</a>.
        </p>
      ) : null}
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={request.version} />
        {/* Pressing Enter in a field saves and continues, the page's main action. */}
        <button type="submit" name="intent" value="check" hidden tabIndex={-1} aria-hidden="true" />

        {request.scheme.requiresPupil ? (
          <div id="section-pupilId">
            <SelectField
              field={fields.pupilId}
              label="Pupil"
              hint={pupils.length === 0 ? PUPIL_RULE_TEXT[request.scheme.pupilRule].none : PUPIL_RULE_TEXT[request.scheme.pupilRule].hint}
              placeholder="Select a pupil"
              options={pupils.map((p) => ({ value: String(p.id), label: `${p.name}${p.upn ? ` (${p.upn})` : ""}` }))}
            />
          </div>
        ) : null}

        <section id="section-periodStart" aria-labelledby="period-heading" className="mb-2">
          <h2 id="period-heading" className="mb-2 text-2xl font-bold">
            Period
          </h2>
          <p className="mb-4 text-secondary-ink">Within one financial year, 1 April to 31 March. Awards are paid monthly.</p>
          <div className="flex flex-wrap gap-x-8">
            <DateField field={fields.periodStart} legend="Start date" label="the start date" hint="For example, 1 9 2026" />
            <DateField field={fields.periodEnd} legend="End date" label="the end date" hint="For example, 31 3 2027" />
          </div>
        </section>

        <section id="section-lines" aria-labelledby="lines-heading" className="mb-6">
          <h2 id="lines-heading" className="mb-2 text-2xl font-bold">
            Provision plan
          </h2>
          <p className="mb-4 text-secondary-ink">
            One line for each part of the provision: what it is, who delivers it, hours a week, for how many weeks, and what it costs in total.
            The portal adds up the plan. To remove a line, clear all of its boxes.
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
          {request.lines.length > 0 ? (
            <p className="mb-4">
              Saved plan: {request.lines.length} {request.lines.length === 1 ? "line" : "lines"}, total cost <strong>{formatPence(request.totalPence)}</strong>, {request.totalHours} hours
              {request.scheme.contributionApplies
                ? `. The school meets the first ${formatPence(request.scheme.contributionPence, { whole: true })}, so you can request up to ${formatPence(request.largestRequestPence)}.`
                : "."}
            </p>
          ) : null}
          {lines.length <= MAX_PLAN_LINES ? (
            <Button variant="secondary" name="intent" value="add-line">
              Save and add another line
            </Button>
          ) : null}
        </section>

        <div id="section-amountRequested">
          <TextField
            field={fields.amountRequested}
            label="Amount requested, in pounds"
            hint={request.scheme.contributionApplies ? "The plan's total cost less the school's contribution, or less." : "Up to the plan's total cost."}
            inputMode="decimal"
            prefix="£"
            width="w-48"
          />
        </div>

        <H2>Evidence</H2>
        <p className="mb-4 text-secondary-ink">For each point, say briefly how the request meets it.</p>
        {request.scheme.checklist.map((item) => {
          const field = evidence[item.key];
          return field ? (
            <div key={item.key} id={`section-evidence-${item.key}`}>
              <TextAreaField field={field} label={item.label} rows={3} />
            </div>
          ) : null;
        })}

        <div className="flex flex-wrap gap-4">
          <Button name="intent" value="check">
            Save and continue
          </Button>
          <Button variant="secondary" name="intent" value="save">
            Save as draft
          </Button>
        </div>
      </PortalForm>
    </div>
  );
}
