import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDate, formatDateTime, formatTime } from "~/components/format.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BespokeStatusTag } from "~/components/training-bespoke-status.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { ConfirmStep } from "~/components/ui/confirm-step.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { notFound } from "~/domain/access/access.server.ts";
import { BESPOKE_PAGE_INTENTS, BESPOKE_WORKFLOW } from "~/domain/training/bespoke.rules.ts";
import { bespokeWithdrawSchema } from "~/domain/training/bespoke.schema.ts";
import { withdrawBespoke } from "~/domain/training/bespoke.server.ts";
import { getBespoke } from "~/domain/training/bespoke-queries.server.ts";

export const handle = { title: (data: unknown) => (data as { request?: { reference: string } } | undefined)?.request?.reference ?? "Bespoke training request" };

// A step refused because the request moved on must show where it is now: reload after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:view");
  const detail = await orUnavailable(() => getBespoke(context.db, actor, params.ref ?? ""));
  const url = new URL(request.url);
  // The confirm step of withdrawing: a GET asking for it, so it works without JavaScript; only its button POSTs.
  return { request: detail, done: url.searchParams.get("done"), withdrawing: url.searchParams.get("confirm") === "withdraw" && detail.can.withdraw };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "training:view");
  const reference = params.ref ?? "";
  const form = await readForm(request, context);
  const step = BESPOKE_PAGE_INTENTS[String(form.get("intent") ?? "")];
  if (step !== "withdraw") notFound();
  return formAction(
    { request, context },
    {
      // A role without the step's permission gets the same 404 as for a request it cannot see.
      permission: BESPOKE_WORKFLOW.steps.withdraw.permission,
      schema: bespokeWithdrawSchema,
      form,
      run: (actor, value) => withdrawBespoke(context.db, actor, reference, value, context.requestId),
      done: () => `/training/bespoke?withdrawn=${reference}`,
    },
  );
}

const DONE: Record<string, string> = {
  accepted: "has been accepted and the private event arranged. The school has been told",
  declined: "has been declined. The school has been told",
};

export default function BespokeRequestPage() {
  const { request, done, withdrawing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formVersion = useFormVersion(request.version, actionData);
  const [form, fields] = useForm<z.input<typeof bespokeWithdrawSchema>>({ id: `withdraw-${formVersion}`, lastResult: actionData, shouldValidate: "onSubmit" });
  const formErrors = (actionData?.error?.[""] ?? []).map((message) => ({ message }));
  const event = request.event;
  return (
    <div className="max-w-4xl">
      <BackLink href="/training/bespoke">Back to bespoke training</BackLink>
      <ErrorSummary errors={[...formErrors, ...(withdrawing ? errorItems({ comment: fields.comment.errors ?? [] }, { comment: fields.comment.id }) : [])]} />
      {done === "submitted" && !actionData ? (
        <div className="mb-8 bg-success p-6 text-center text-white">
          <h2 className="mb-4 text-3xl font-bold">Request sent to the council</h2>
          <p className="text-2xl">
            Your reference
            <br />
            <strong>{request.reference}</strong>
          </p>
        </div>
      ) : done && DONE[done] && !actionData ? (
        <NotificationBanner kind="success" title="Success">
          {request.reference} {DONE[done]}.
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${request.school} · Bespoke training`}>{request.reference}</PageHeading>
      <p className="mb-6">
        Status: <BespokeStatusTag status={request.status} label={request.statusLabel} />
      </p>
      {withdrawing ? (
        <ConfirmStep
          heading={`Are you sure you want to withdraw ${request.reference}?`}
          confirmLabel="Yes, withdraw this request"
          cancelHref={`/training/bespoke/${request.reference}`}
          fields={{ intent: "withdraw", version: request.version }}
          form={getFormProps(form)}
          inputs={<TextAreaField field={fields.comment} label="Why it is being withdrawn (optional)" rows={3} />}
        >
          <p>It will stay on record, with its timeline. The council will be told that it has been withdrawn.</p>
        </ConfirmStep>
      ) : null}
      {request.can.accept || request.can.decline ? (
        <p className="mb-6">
          <a href={`/training/bespoke/${request.reference}/decide`} className="font-bold">
            Accept or decline the request
          </a>
        </p>
      ) : null}
      {event ? (
        <>
          <H2>The training arranged</H2>
          <SummaryList
            rows={[
              { key: "Course", value: event.course },
              { key: "When", value: `${formatDateTime(event.startsAt)} to ${formatTime(event.endsAt)}` },
              ...(event.venue ? [{ key: "Venue", value: event.venue }] : []),
              ...(event.onlineUrl ? [{ key: "Online link", value: <a href={event.onlineUrl}>{event.onlineUrl}</a> }] : []),
              { key: "Places", value: String(event.places) },
              { key: "Run by", value: event.presenter },
              ...(event.cancelled ? [{ key: "Event", value: "Cancelled by the council" }] : []),
            ]}
          />
        </>
      ) : null}
      {request.status === "declined" && request.decisionReason ? (
        <>
          <H2>Why the council declined it</H2>
          <p className="mb-6 whitespace-pre-line">{request.decisionReason}</p>
        </>
      ) : null}
      <H2>The request</H2>
      <SummaryList
        rows={[
          { key: "Topic", value: request.topic },
          { key: "Area of need", value: request.needArea },
          { key: "Dates that would suit", value: `${formatDate(request.preferredFrom)} to ${formatDate(request.preferredTo)}` },
          ...(request.preferredNote ? [{ key: "About dates", value: <span className="whitespace-pre-line">{request.preferredNote}</span> }] : []),
          { key: "Number of staff", value: String(request.staffCount) },
          { key: "What the school wants to achieve", value: <span className="whitespace-pre-line">{request.outcomes}</span> },
          { key: "Asked by", value: `${request.askedBy}, ${formatDateTime(request.askedAt)}` },
        ]}
      />
      <H2>Timeline</H2>
      <ol className="mb-8 border-l-4 border-border pl-4">
        {[...request.timeline].reverse().map((e, i) => (
          <li key={`${String(e.at)}-${i}`} className="mb-4">
            <p className="font-bold">{e.label}</p>
            <p className="text-secondary-ink">
              {e.who} ({e.role}), {formatDateTime(e.at)}. Status: {e.statusLabel}
            </p>
            {e.comment ? <p className="whitespace-pre-line">“{e.comment}”</p> : null}
          </li>
        ))}
      </ol>
      {request.can.withdraw && !withdrawing ? (
        <section className="mb-6 border-t border-border pt-4" aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading" className="mb-2 text-2xl font-bold">
            Withdraw this request
          </h2>
          <p className="mb-6">
            <a href={`/training/bespoke/${request.reference}?confirm=withdraw#confirm`} className="font-bold">
              Withdraw request
            </a>
          </p>
        </section>
      ) : null}
    </div>
  );
}
