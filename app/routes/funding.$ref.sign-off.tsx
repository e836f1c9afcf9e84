import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { FundingRequestSummary } from "~/components/funding-request-summary.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { notFound } from "~/domain/access/access.server.ts";
import { SIGN_OFF_DECLARATION } from "~/domain/funding/consent.ts";
import { commentRequiredSchema, signOffSchema } from "~/domain/funding/funding.schema.ts";
import { getFundingRequest, referenceParam, returnToSenco, signOff } from "~/domain/funding/funding.server.ts";
import { ownEntry } from "~/domain/lookup.ts";

/**
 * The headteacher's sign-off (issue 8): the request's summary, then a declaration to confirm before it goes to the
 * council, or a return to the SENCO saying what to change. Both are steps of funding.workflow.ts.
 */

export const handle = {
  title: (data: unknown) => {
    const reference = (data as { request?: { reference: string } } | undefined)?.request?.reference;
    return reference ? `Sign off ${reference}` : "Sign off a funding request";
  },
};

export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:sign_off");
  const reference = referenceParam(params);
  const detail = await orUnavailable(() => getFundingRequest(context.db, actor, reference, context.requestId));
  return { request: detail };
}

const INTENTS = {
  sign_off: { schema: signOffSchema, run: signOff },
  return: { schema: commentRequiredSchema, run: returnToSenco },
} as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "funding:sign_off");
  const reference = referenceParam(params);
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const step = ownEntry(INTENTS, intent);
  if (!step) notFound();
  const run = step.run as (...args: Parameters<typeof signOff>) => ReturnType<typeof signOff>;
  return formAction(
    { request, context },
    {
      permission: "funding:sign_off",
      schema: step.schema,
      form,
      run: (actor, value) => run(context.db, actor, reference, value as Parameters<typeof signOff>[3], context.requestId),
      done: () => `/funding/${reference}?done=${intent}`,
      answers: intent,
    }
  );
}

export default function SignOffFundingRequest() {
  const { request } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formVersion = useFormVersion(request.version, actionData);
  const replyTo = (intent: keyof typeof INTENTS) => (actionData?.answers === intent ? (actionData as SubmissionResult<string[]>) : undefined);
  const [signForm, signFields] = useForm<z.input<typeof signOffSchema>>({
    id: `sign-off-${formVersion}`,
    lastResult: replyTo("sign_off"),
    shouldValidate: "onSubmit",
  });
  const [returnForm, returnFields] = useForm<z.input<typeof commentRequiredSchema>>({
    id: `return-${formVersion}`,
    lastResult: replyTo("return"),
    shouldValidate: "onSubmit",
  });
  const formErrors = actionData?.error?.[""] ?? [];
  const declarationError = signFields.declaration.errors?.[0];
  // Signed off, returned or withdrawn meanwhile (or not this person's to sign): the page says so. A refused form
  // is still drawn, with what was typed, so nothing is lost.
  const waiting = request.can.signOff;
  return (
    <div className="max-w-4xl">
      <BackLink href={`/funding/${request.reference}`}>Back to the request</BackLink>
      <ErrorSummary
        errors={[
          ...formErrors.map((message) => ({ message })),
          ...errorItems(
            {
              declaration: signFields.declaration.errors ?? [],
              comment: signFields.comment.errors ?? [],
            },
            {
              declaration: signFields.declaration.id,
              comment: signFields.comment.id,
            }
          ),
          ...errorItems({ returnComment: returnFields.comment.errors ?? [] }, { returnComment: returnFields.comment.id }),
        ]}
      />
      <PageHeading caption={`${request.school.name} · ${request.scheme.name}`}>Sign off {request.reference}</PageHeading>
      {waiting ? (
        <p className="mb-6">Read the request, then confirm the declaration to send it to the council, or return it to the SENCO.</p>
      ) : (
        <p className="mb-6 border-l-[5px] border-brand pl-4 font-bold">
          This request is not waiting for your sign-off: it is {request.statusLabel.toLowerCase()}.{" "}
          <a href={`/funding/${request.reference}`}>Go to the request</a>
        </p>
      )}

      <FundingRequestSummary request={request} />
      {waiting || actionData ? (
        <>
          <section className="mb-8 border-t border-border pt-4" aria-labelledby="declaration-heading">
            <h2 id="declaration-heading" className="mb-4 mt-2 text-2xl font-bold">
              Declaration
            </h2>
            <PortalForm {...getFormProps(signForm)}>
              <input type="hidden" name="intent" value="sign_off" />
              <input type="hidden" name="version" value={request.version} />
              <div className={`mb-6 ${declarationError ? "border-l-[5px] border-error pl-4" : ""}`}>
                <fieldset aria-describedby={declarationError ? `${signFields.declaration.id}-error` : undefined}>
                  <legend className="mb-2 font-bold">Before you sign off</legend>
                  {declarationError ? (
                    <p id={`${signFields.declaration.id}-error`} className="mb-2 font-bold text-error">
                      <span className="sr-only">Error: </span>
                      {declarationError}
                    </p>
                  ) : null}
                  <div className="flex items-start gap-3">
                    <input
                      type="checkbox"
                      id={signFields.declaration.id}
                      name={signFields.declaration.name}
                      value="confirmed"
                      defaultChecked={signFields.declaration.initialValue === "confirmed"}
                      className="mt-1 h-6 w-6 shrink-0"
                    />
                    <label htmlFor={signFields.declaration.id}>{SIGN_OFF_DECLARATION}.</label>
                  </div>
                </fieldset>
              </div>
              <TextAreaField field={signFields.comment} label="Comment for the council (optional)" rows={3} />
              <Button>Sign off and send to the council</Button>
            </PortalForm>
          </section>

          <section className="mb-8 border-t border-border pt-4" aria-labelledby="return-heading">
            <h2 id="return-heading" className="mb-4 mt-2 text-2xl font-bold">
              Return it to the SENCO
            </h2>
            <PortalForm {...getFormProps(returnForm)}>
              <input type="hidden" name="intent" value="return" />
              <input type="hidden" name="version" value={request.version} />
              <TextAreaField field={returnFields.comment} label="What needs to change" rows={3} />
              <Button variant="secondary">Return to the SENCO</Button>
            </PortalForm>
          </section>
        </>
      ) : null}
    </div>
  );
}
