import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { DateField, dateDefault } from "~/components/date-field.tsx";
import { errorItems } from "~/components/conform.ts";
import { FundingRequestSummary } from "~/components/funding-request-summary.tsx";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { decisionSchema } from "~/domain/funding/funding.schema.ts";
import { decide, getDecisionForm, referenceParam } from "~/domain/funding/funding.server.ts";
import { formatPence } from "~/domain/money.ts";

export const handle = { title: (data: unknown) => `Decide ${(data as { request?: { reference: string } } | undefined)?.request?.reference ?? "funding request"}` };

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:decide");
  const reference = referenceParam(params);
  return orUnavailable(() => getDecisionForm(context.db, actor, reference, context.requestId));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "funding:decide");
  const reference = referenceParam(params);
  return formAction(
    { request, context },
    {
      permission: "funding:decide",
      schema: decisionSchema,
      run: (actor, value) => decide(context.db, actor, reference, value, context.requestId),
      done: () => `/funding/${reference}?done=decided`,
    },
  );
}

export default function DecideFundingRequest() {
  const { request, reasons } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const correcting = request.can.correct;
  const [form, fields] = useForm<z.input<typeof decisionSchema>>({
    id: `decide-${request.reference}`,
    lastResult,
    defaultValue: { awardStart: dateDefault(request.periodStart), awardEnd: dateDefault(request.periodEnd) },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(
    form.allErrors,
    {
      outcome: fields.outcome.id,
      awarded: fields.awarded.id,
      awardStart: fields.awardStart.id,
      awardEnd: fields.awardEnd.id,
      reasonId: fields.reasonId.id,
      reasonText: fields.reasonText.id,
    },
    "outcome",
  );
  return (
    <div className="max-w-4xl">
      <ErrorSummary errors={errors} />
      <PageHeading caption={`${request.reference} · ${request.school.name}`}>{correcting ? "Correct the decision" : "Record a decision"}</PageHeading>
      {correcting && request.award ? (
        <p className="mb-6">
          The current decision is <strong>{request.award.outcomeLabel.toLowerCase()}</strong>, {formatPence(request.award.awardedPence)}. A correction is
          recorded as a new decision alongside it; the earlier one stays on the record.
        </p>
      ) : null}
      <p className="mb-6">
        Requested: <strong>{request.amountRequestedPence === null ? "no amount" : formatPence(request.amountRequestedPence)}</strong>. The school and its
        headteacher are told of the decision.
      </p>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={request.version} />
        <RadiosField
          field={fields.outcome}
          legend="Decision"
          options={[
            { value: "approved", label: "Approved", hint: "The full amount requested" },
            { value: "partly_approved", label: "Partly approved", hint: "Less than requested: give the amount and the reason" },
            { value: "declined", label: "Declined", hint: "Nothing awarded: give the reason" },
          ]}
        />
        <TextField field={fields.awarded} label="Amount awarded, in pounds" hint="For a partial award. An approval awards the amount requested." inputMode="decimal" prefix="£" width="w-48" />
        <section aria-labelledby="award-period-heading" className="mb-2">
          <h2 id="award-period-heading" className="mb-2 text-xl font-bold">
            Award period
          </h2>
          <p className="mb-4 text-secondary-ink">Within one financial year. Leave as requested unless the award covers a shorter period.</p>
          <div className="flex flex-wrap gap-x-8">
            <DateField field={fields.awardStart} legend="Start date" label="the start date" />
            <DateField field={fields.awardEnd} legend="End date" label="the end date" />
          </div>
        </section>
        <SelectField
          field={fields.reasonId}
          label="Reason"
          hint="Required for a partial award or a decline"
          placeholder="Select a reason"
          options={reasons.map((r) => ({ value: String(r.id), label: r.label }))}
        />
        <TextAreaField
          field={fields.reasonText}
          label={correcting ? "Why the earlier decision is being corrected" : "Explanation for the school (optional)"}
          rows={4}
        />
        <Button>{correcting ? "Record the corrected decision" : "Record the decision"}</Button>
      </PortalForm>
      <FundingRequestSummary request={request} />
    </div>
  );
}
