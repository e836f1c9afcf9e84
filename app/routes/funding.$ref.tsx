import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDate, formatDateTime } from "~/components/format.ts";
import { FundingRequestSummary } from "~/components/funding-request-summary.tsx";
import { CitedLift, LiftSupportSection } from "~/components/funding-lift-evidence.tsx";
import { CitedTraining } from "~/components/funding-training-evidence.tsx";
import { FundingRenewalLinks } from "~/components/funding-renewal-links.tsx";
import { FundingStatusTag } from "~/components/funding-status.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { ConfirmStep } from "~/components/ui/confirm-step.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { can as actorCan, notFound } from "~/domain/access/access.server.ts";
import { commentRequiredSchema, transitionSchema } from "~/domain/funding/funding.schema.ts";
import { FUNDING_PAGE_INTENTS, FUNDING_WORKFLOW, toldOfWithdrawal } from "~/domain/funding/funding.workflow.ts";
import {
  askForInformation,
  getFundingRequest,
  referenceParam,
  returnToSenco,
  startReview,
  withdraw,
} from "~/domain/funding/funding.server.ts";
import { formatPence } from "~/domain/money.ts";
import { ownEntry } from "~/domain/lookup.ts";
import { liftSupportOfFundingRequest } from "~/domain/stls/funding-evidence.server.ts";
import { citedTrainingFor } from "~/domain/training/funding-evidence.server.ts";

export const handle = { title: (data: unknown) => (data as { request?: { reference: string } } | undefined)?.request?.reference ?? "Funding request" };

// A step refused because the request moved on (or someone else changed it) must show where it is now: reload
// the page's data after every POST, as without JavaScript.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:view");
  const reference = referenceParam(params);
  const detail = await orUnavailable(() => getFundingRequest(context.db, actor, reference, context.requestId));
  const url = new URL(request.url);
  // The confirm step of withdrawing: a GET asking for it, so it works without JavaScript; only its button POSTs.
  const withdrawing = url.searchParams.get("confirm") === "withdraw" && detail.can.withdraw;
  // The staff training it cites (issue 9), with whether each attendance really counts.
  const citedTraining = await orUnavailable(() => citedTrainingFor(context.db, detail));
  // The pupil's LIFT outcomes and visits done (issue 10), read through the request, with the ones it cites.
  const liftSupport = await orUnavailable(() => liftSupportOfFundingRequest(context.db, actor, reference, context.requestId));
  return {
    request: detail,
    citedTraining,
    liftSupport,
    // The school's own staff have the pupil's whole support timeline (the council reaches the pupil only here).
    timelineHref: detail.pupil && actorCan(actor, "pupils:view") ? `/pupils/${detail.pupil.id}/support` : undefined,
    done: url.searchParams.get("done"),
    // The council's casework page (ADR 30): assignment and private case notes, for officers only.
    casework: actorCan(actor, "funding:casework"),
    withdrawing: withdrawing ? { tellsCouncil: toldOfWithdrawal(detail.status).includes("officers") } : null,
  };
}

/** The forms this page posts, by intent: the step each asks for is declared in funding.workflow.ts. */
const INTENTS = {
  withdraw: { schema: transitionSchema, run: withdraw },
  start_review: { schema: transitionSchema, run: startReview },
  more_information: { schema: commentRequiredSchema, run: askForInformation },
} as const;
type Intent = keyof typeof INTENTS;

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "funding:view");
  const reference = referenceParam(params);
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const step = ownEntry(INTENTS, intent);
  const workflowStep = ownEntry(FUNDING_PAGE_INTENTS, intent);
  if (!step || !workflowStep) notFound();
  const run = step.run as (...args: Parameters<typeof returnToSenco>) => ReturnType<typeof returnToSenco>;
  return formAction(
    { request, context },
    {
      // A role without this step's permission gets the same 404 as for a request it cannot see.
      permission: FUNDING_WORKFLOW.steps[workflowStep].permission,
      schema: step.schema,
      form,
      run: (actor, value) => run(context.db, actor, reference, value as { version: number; comment: string }, context.requestId),
      done: () => (intent === "withdraw" ? `/funding?withdrawn=${reference}` : `/funding/${reference}?done=${intent}`),
      answers: intent,
    },
  );
}

/** What the step did, after the reference: "HNF-2026-00042 has been signed off and sent to the council." */
const DONE: Record<string, string> = {
  sent: "has been sent to your headteacher for sign-off",
  sign_off: "has been signed off and sent to the council",
  return: "has been returned to the SENCO with your comment",
  start_review: "is now in review",
  more_information: "has been sent back to the school, asking for more information",
  decided: "has been decided. The school has been told",
};

function StepForm({
  intent,
  version,
  formVersion,
  title,
  description,
  commentLabel,
  commentRequired,
  button,
  variant = "primary",
  lastResult,
}: {
  intent: Intent;
  version: number;
  /** The version the form's id is built from (useFormVersion): a refused step keeps what was typed. */
  formVersion: number;
  title: string;
  description?: string;
  commentLabel: string;
  commentRequired?: boolean;
  button: string;
  variant?: "primary" | "secondary" | "warning";
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm<z.input<typeof commentRequiredSchema>>({ id: `${intent}-${formVersion}`, lastResult, shouldValidate: "onSubmit" });
  // Errors for the whole form (a stale version, a state that moved on) are shown at the top of the page.
  return (
    <section className="mb-6 border-t border-border pt-4" aria-labelledby={`${intent}-heading`}>
      <h2 id={`${intent}-heading`} className="mb-2 text-2xl font-bold">
        {title}
      </h2>
      {description ? <p className="mb-4">{description}</p> : null}
      <ErrorSummary errors={errorItems({ comment: fields.comment.errors ?? [] }, { comment: fields.comment.id })} />
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="version" value={version} />
        <TextAreaField field={fields.comment} label={`${commentLabel}${commentRequired ? "" : " (optional)"}`} rows={3} />
        <Button variant={variant}>{button}</Button>
      </PortalForm>
    </section>
  );
}

export default function FundingRequestPage() {
  const { request, done, withdrawing, casework, citedTraining, liftSupport, timelineHref } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formVersion = useFormVersion(request.version, actionData);
  // What every step's form shares: the record's version, the form's id version and its own refused POST, if any.
  const step = (intent: Intent) => ({
    intent,
    version: request.version,
    formVersion,
    lastResult: actionData?.answers === intent ? actionData : undefined,
  });
  const { can } = request;
  // The confirm step's form (drawn only when asked for): its reason is optional, but may be too long.
  const [withdrawForm, withdrawFields] = useForm<z.input<typeof transitionSchema>>({
    id: `withdraw-${formVersion}`,
    lastResult: step("withdraw").lastResult,
    shouldValidate: "onSubmit",
  });
  const formErrors = actionData?.error?.[""] ?? [];
  const withdrawErrors = withdrawing ? errorItems({ comment: withdrawFields.comment.errors ?? [] }, { comment: withdrawFields.comment.id }) : [];
  return (
    <div className="max-w-4xl">
      <ErrorSummary errors={[...formErrors.map((message) => ({ message })), ...withdrawErrors]} />
      {done && ownEntry(DONE, done) && !actionData ? (
        done === "sent" ? (
          <div className="mb-8 bg-success p-6 text-center text-white">
            <h2 className="mb-4 text-3xl font-bold">Request sent to your headteacher</h2>
            <p className="text-2xl">
              Your reference
              <br />
              <strong>{request.reference}</strong>
            </p>
          </div>
        ) : (
          <NotificationBanner kind="success" title="Success">
            {request.reference} {ownEntry(DONE, done)}.
          </NotificationBanner>
        )
      ) : null}
      <PageHeading caption={`${request.school.name} · ${request.scheme.name}`}>{request.reference}</PageHeading>
      <p className="mb-6">
        Status: <FundingStatusTag status={request.status} label={request.statusLabel} />
      </p>
      {withdrawing ? (
        <ConfirmStep
          heading={`Are you sure you want to withdraw ${request.reference}?`}
          confirmLabel="Yes, withdraw this request"
          cancelHref={`/funding/${request.reference}`}
          fields={{ intent: "withdraw", version: request.version }}
          form={getFormProps(withdrawForm)}
          inputs={<TextAreaField field={withdrawFields.comment} label="Why it is being withdrawn (optional)" rows={3} />}
        >
          <p className="mb-2">It will stay on record, with its timeline, but it cannot be sent or decided after this.</p>
          <p>
            {withdrawing.tellsCouncil
              ? "The council will be told that it has been withdrawn."
              : "Nobody else will be told: the council is not waiting to decide it."}
          </p>
        </ConfirmStep>
      ) : null}
      {request.award ? (
        <>
          <H2>Decision</H2>
          <SummaryList
            rows={[
              { key: "Decision", value: request.award.outcomeLabel },
              { key: "Amount awarded", value: formatPence(request.award.awardedPence) },
              ...(request.award.start && request.award.end
                ? [{ key: "Award period", value: `${formatDate(request.award.start)} to ${formatDate(request.award.end)}` }]
                : []),
              ...(request.decisions.at(-1)?.reason ? [{ key: "Reason", value: request.decisions.at(-1)!.reason! }] : []),
              ...(request.decisions.at(-1)?.reasonText
                ? [{ key: "Explanation", value: <span className="whitespace-pre-line">{request.decisions.at(-1)!.reasonText}</span> }]
                : []),
            ]}
          />
          <p className="mb-6">
            <a href={`/funding/${request.reference}/letter`}>Read the decision letter</a>
          </p>
        </>
      ) : null}
      {casework ? (
        <p className="mb-6">
          <a href={`/funding/${request.reference}/casework`} className="font-bold">
            Casework: assignment and private case notes
          </a>
        </p>
      ) : null}
      {can.edit ? (
        <p className="mb-6">
          <a href={`/funding/${request.reference}/edit`} className="font-bold">
            {request.status === "more_information_needed" ? "Update the request and send it again" : "Continue the request"}
          </a>
        </p>
      ) : null}
      {can.signOff ? (
        <p className="mb-6">
          {/* The headteacher signs off on its own page, a declaration under the request's summary (issue 8). */}
          <a href={`/funding/${request.reference}/sign-off`} className="font-bold">
            Review and sign off the request
          </a>
        </p>
      ) : null}
      {can.decide || can.correct ? (
        <p className="mb-6">
          <a href={`/funding/${request.reference}/decide`} className="font-bold">
            {can.correct ? "Correct the decision" : "Record a decision"}
          </a>
        </p>
      ) : null}

      <FundingRenewalLinks request={request} />
      <FundingRequestSummary request={request} showSchool documentsLink={can.edit ? "Add or withdraw documents" : undefined} />
      {citedTraining ? <CitedTraining cited={citedTraining} /> : null}
      {liftSupport?.cited ? <CitedLift cited={liftSupport.cited} /> : null}
      {liftSupport ? <LiftSupportSection support={liftSupport} timelineHref={timelineHref} /> : null}

      {can.startReview ? (
        <StepForm
          {...step("start_review")}
          title="Start the review"
          description="Shows the school that the council is looking at the request."
          commentLabel="Note for the timeline"
          button="Start review"
          variant="secondary"
        />
      ) : null}
      {can.askForInformation ? (
        <StepForm
          {...step("more_information")}
          title="Ask the school for more information"
          commentLabel="What the school needs to add or change"
          commentRequired
          button="Send back to the school"
          variant="secondary"
        />
      ) : null}

      <H2>Timeline</H2>
      <ol className="mb-8 border-l-4 border-border pl-4">
        {[...request.timeline].reverse().map((event, i) => (
          <li key={`${event.at.toString()}-${i}`} className="mb-4">
            <p className="font-bold">{event.label}</p>
            <p className="text-secondary-ink">
              {event.who} ({event.role}), {formatDateTime(event.at)}. Status: {event.statusLabel}
            </p>
            {event.comment ? <p className="whitespace-pre-line">“{event.comment}”</p> : null}
          </li>
        ))}
      </ol>
      {request.decisions.length > 1 ? (
        <>
          <H2>Every decision</H2>
          <ol className="mb-8 list-decimal pl-6">
            {request.decisions.map((d) => (
              <li key={d.id} className="mb-2">
                {d.correction ? "Correction: " : ""}
                {d.outcomeLabel}, {formatPence(d.awardedPence)}, by {d.decidedBy} on {formatDateTime(d.decidedAt)}
                {d.reason ? `. Reason: ${d.reason}` : ""}
                {d.reasonText ? `. ${d.reasonText}` : ""}{" "}
                <a href={`/funding/${request.reference}/letter?decision=${d.id}`}>
                  Letter<span className="sr-only"> for this decision</span>
                </a>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {can.withdraw && !withdrawing ? (
        <section className="mb-6 border-t border-border pt-4" aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading" className="mb-2 text-2xl font-bold">
            Withdraw this request
          </h2>
          <p className="mb-4">A withdrawn request stays on record but cannot be sent or decided.</p>
          <p className="mb-6">
            <a href={`/funding/${request.reference}?confirm=withdraw#confirm`} className="font-bold">
              Withdraw request
            </a>
          </p>
        </section>
      ) : null}
    </div>
  );
}
