import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { formatDate } from "~/components/format.ts";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { renewSchema } from "~/domain/funding/funding.schema.ts";
import { getRenewal, referenceParam, renewRequest } from "~/domain/funding/funding.server.ts";
import { formatPence } from "~/domain/money.ts";

/** "Apply again" for an award near its end (issue 8): what the new draft starts with, and one button. */

export const handle = {
  title: (data: unknown) => {
    const reference = (data as { request?: { reference: string } } | undefined)?.request?.reference;
    return reference ? `Apply again - ${reference}` : "Apply again";
  },
};

export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:draft");
  const reference = referenceParam(params);
  const page = await orUnavailable(() => getRenewal(context.db, actor, reference, context.requestId));
  const { request: detail } = page;
  // Only what the page shows: the award and whether it can be renewed.
  return {
    request: { reference: detail.reference, schemeName: detail.scheme.name, schoolName: detail.school.name, pupilName: detail.pupil?.name ?? null, award: detail.award, lineCount: detail.lines.length, documentCount: detail.documents.filter((d) => !d.withdrawn).length, renewedBy: detail.renewal.renewedBy },
    refusal: page.refusal,
    idempotencyKey: page.idempotencyKey,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "funding:draft");
  const reference = referenceParam(params);
  return formAction(
    { request, context },
    {
      permission: "funding:draft",
      schema: renewSchema,
      run: (actor, value) => renewRequest(context.db, actor, reference, value, context.requestId),
      done: ({ reference: renewal }) => `/funding/${renewal}/edit?started=1`,
    },
  );
}

export default function RenewFundingRequest() {
  const { request, refusal, idempotencyKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm<z.input<typeof renewSchema>>({ id: `renew-${request.reference}`, lastResult, shouldValidate: "onSubmit" });
  const award = request.award;
  return (
    <div className="max-w-3xl">
      <BackLink href={`/funding/${request.reference}`}>{`Back to ${request.reference}`}</BackLink>
      <ErrorSummary errors={(form.errors ?? []).map((message) => ({ message }))} />
      <PageHeading caption={`${request.schoolName} · ${request.schemeName}`}>Apply again for {request.reference}</PageHeading>
      {award ? (
        <SummaryList
          rows={[
            ...(request.pupilName ? [{ key: "Pupil", value: request.pupilName }] : []),
            { key: "Decision", value: award.outcomeLabel },
            { key: "Amount awarded", value: formatPence(award.awardedPence) },
            ...(award.start && award.end ? [{ key: "Award period", value: `${formatDate(award.start)} to ${formatDate(award.end)}` }] : []),
          ]}
        />
      ) : null}
      {refusal ? (
        <div className="mb-8 border-l-[5px] border-error pl-4">
          <p className="mb-4 font-bold">{refusal}.</p>
          {request.renewedBy ? (
            <p>
              <a href={`/funding/${request.renewedBy}`} className="font-bold">
                Go to {request.renewedBy}
              </a>
            </p>
          ) : null}
        </div>
      ) : (
        <>
          <p className="mb-4">
            This starts a new draft request, with its own reference, for the next period. It starts with what {request.reference} said:
          </p>
          <ul className="mb-4 list-disc pl-6">
            {request.pupilName ? <li>the pupil</li> : null}
            <li>the provision plan ({request.lineCount} {request.lineCount === 1 ? "line" : "lines"})</li>
            <li>the evidence answers</li>
            {request.documentCount > 0 ? (
              <li>
                the {request.documentCount === 1 ? "document" : `${request.documentCount} documents`} still attached, kept as they are (withdraw any that no
                longer hold from the new request; {request.reference} keeps its own)
              </li>
            ) : null}
          </ul>
          <p className="mb-6">
            Enter the new period, check the plan and the evidence still hold, and record the parents&apos; consent again before you send it.
          </p>
          <PortalForm {...getFormProps(form)}>
            <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
            <Button>Start the new request</Button>
          </PortalForm>
        </>
      )}
    </div>
  );
}
