import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { FundingRequestSummary } from "~/components/funding-request-summary.tsx";
import { CitedLift } from "~/components/funding-lift-evidence.tsx";
import { CitedTraining } from "~/components/funding-training-evidence.tsx";
import { FundingRelatedRequests } from "~/components/funding-related-requests.tsx";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { transitionSchema } from "~/domain/funding/funding.schema.ts";
import { getDraft, referenceParam, sendToHeadteacher } from "~/domain/funding/funding.server.ts";
import { liftSupportOfFundingRequest } from "~/domain/stls/funding-evidence.server.ts";
import { citedTrainingFor } from "~/domain/training/funding-evidence.server.ts";

export const handle = { title: "Check your answers before sending your request" };

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:draft");
  const reference = referenceParam(params);
  const { request: detail, related } = await orUnavailable(() => getDraft(context.db, actor, reference, context.requestId));
  if (!detail.can.edit) throw redirect(`/funding/${reference}`);
  // The staff training it cites (issue 9), as the council will see it.
  const liftSupport = await orUnavailable(() => liftSupportOfFundingRequest(context.db, actor, reference, context.requestId));
  return { request: detail, related, citedTraining: await orUnavailable(() => citedTrainingFor(context.db, detail)), citedLift: liftSupport?.cited ?? null };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "funding:draft");
  const reference = referenceParam(params);
  return formAction(
    { request, context },
    {
      permission: "funding:draft",
      schema: transitionSchema,
      run: (actor, value) => sendToHeadteacher(context.db, actor, reference, value, context.requestId),
      done: () => `/funding/${reference}?done=sent`,
    },
  );
}

export default function CheckFundingRequest() {
  const { request, related, citedTraining, citedLift } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm<z.input<typeof transitionSchema>>({ id: `send-${request.reference}`, lastResult, shouldValidate: "onSubmit" });
  const problems = Object.values(request.problems).flat();
  const edit = `/funding/${request.reference}/edit`;
  return (
    <div className="max-w-4xl">
      <ErrorSummary errors={(form.errors ?? []).map((message) => ({ message, fieldId: undefined }))} />
      <PageHeading caption={request.reference}>Check your answers before sending your request</PageHeading>
      {problems.length > 0 ? (
        <div className="mb-8 border-l-[5px] border-error pl-4">
          <H2>Before you can send this request</H2>
          <ul className="mb-4 list-disc pl-6">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <p>
            <a href={edit} className="font-bold">
              Go back to the request
            </a>
          </p>
        </div>
      ) : null}
      <FundingRelatedRequests related={related} />
      <FundingRequestSummary request={request} change={edit} documentsLink="Add or withdraw documents" />
      {citedTraining ? <CitedTraining cited={citedTraining} /> : null}
      {citedLift ? <CitedLift cited={citedLift} /> : null}
      {problems.length === 0 ? (
        <>
          <H2>Now send your request</H2>
          <p className="mb-6">Your headteacher will be asked to sign it off. Only signed-off requests go to the council.</p>
          <PortalForm {...getFormProps(form)}>
            <input type="hidden" name="version" value={request.version} />
            <Button>Send to headteacher</Button>
          </PortalForm>
        </>
      ) : null}
    </div>
  );
}
