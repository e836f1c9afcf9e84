import { type SubmissionResult, getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { DateField, dateDefault } from "~/components/date-field.tsx";
import { DecisionCheckPage } from "~/components/decision-check.tsx";
import { formatDate } from "~/components/format.ts";
import { errorItems } from "~/components/conform.ts";
import { FundingRequestSummary } from "~/components/funding-request-summary.tsx";
import { CitedLift, LiftSupportSection } from "~/components/funding-lift-evidence.tsx";
import { CitedTraining } from "~/components/funding-training-evidence.tsx";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { decisionSchema } from "~/domain/funding/funding.schema.ts";
import { type DecisionCheck, checkDecision, decide, getDecisionForm, referenceParam } from "~/domain/funding/funding.server.ts";
import type { Result } from "~/domain/result.ts";
import { formatPence } from "~/domain/money.ts";
import { liftSupportOfFundingRequest } from "~/domain/stls/funding-evidence.server.ts";
import { citedTrainingFor } from "~/domain/training/funding-evidence.server.ts";

export const handle = { title: (data: unknown) => `Decide ${(data as { request?: { reference: string } } | undefined)?.request?.reference ?? "funding request"}` };

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:decide");
  const reference = referenceParam(params);
  return orUnavailable(async () => {
    const form = await getDecisionForm(context.db, actor, reference, context.requestId);
    // The staff training the request cites (issue 9), with whether each attendance really counts.
    // The pupil's LIFT outcomes and visits done (issue 10), read through the request, with the ones it cites.
    const liftSupport = await liftSupportOfFundingRequest(context.db, actor, reference, context.requestId);
    return { ...form, citedTraining: await citedTrainingFor(context.db, form.request), liftSupport };
  });
}

type DecisionStep = Result<{ check?: DecisionCheck; changing?: true; again?: boolean }>;

/**
 * One form, three intents (ADR 32): "check" reads the decision by the step's own rules and shows the check page,
 * recording nothing; "change" goes back to the form with what was typed; "confirm" records it (the engine: a stale
 * version refused, a resend counted once), then the confirmation with the next request in the queue.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "funding:decide");
  const reference = referenceParam(params);
  return formAction(
    { request, context },
    {
      permission: "funding:decide",
      schema: decisionSchema,
      run: (actor, value): Promise<DecisionStep> => {
        if (value.intent === "check") return checkDecision(context.db, actor, reference, value);
        if (value.intent === "change") return Promise.resolve({ ok: true, changing: true });
        return decide(context.db, actor, reference, value, context.requestId);
      },
      show: (result) => (result.check ? { check: result.check } : result.changing ? { changing: true } : undefined),
      done: () => `/funding/${reference}/decided`,
    },
  );
}

export default function DecideFundingRequest() {
  const { request } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const check = (actionData as { shown?: { check?: DecisionCheck } } | undefined)?.shown?.check;
  if (check) return <DecisionCheckPage reference={request.reference} school={request.school.name} check={check} typed={(actionData?.initialValue ?? {}) as Record<string, unknown>} />;
  // A new form for every reply, so going back to change starts from what was typed.
  return <DecisionForm key={actionData ? JSON.stringify(actionData.initialValue ?? {}) : "new"} lastResult={actionData} />;
}

function DecisionForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { request, reasons, citedTraining, liftSupport } = useLoaderData<typeof loader>();
  const correcting = request.can.correct;
  const [form, fields] = useForm<z.input<typeof decisionSchema>>({
    id: `decide-${request.reference}`,
    // "Change" comes back without errors: Conform's reply still carries what was typed.
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
      periodReason: fields.periodReason.id,
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
          <TextAreaField
            field={fields.periodReason}
            label="If the award period goes outside the period requested, why"
            hint={`Requested: ${request.periodStart && request.periodEnd ? `${formatDate(request.periodStart)} to ${formatDate(request.periodEnd)}` : "no period"}. Recorded with the decision and given in the letter.`}
            rows={3}
          />
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
        <Button name="intent" value="check">
          Continue to check the decision
        </Button>
      </PortalForm>
      <FundingRequestSummary request={request} />
      {citedTraining ? <CitedTraining cited={citedTraining} /> : null}
      {liftSupport?.cited ? <CitedLift cited={liftSupport.cited} /> : null}
      {liftSupport ? <LiftSupportSection support={liftSupport} /> : null}
    </div>
  );
}
