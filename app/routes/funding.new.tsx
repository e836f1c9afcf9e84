import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { newRequestSchema } from "~/domain/funding/funding.schema.ts";
import { listActiveSchemes, newIdempotencyKey, startRequest } from "~/domain/funding/funding.server.ts";

export const handle = { title: "Start a funding request" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:draft");
  const schemes = await orUnavailable(() => listActiveSchemes(context.db, actor));
  // A one-off key for this form: sending it twice finds the first draft instead of making another.
  return { schemes, idempotencyKey: newIdempotencyKey() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "funding:draft",
      schema: newRequestSchema,
      run: (actor, value) => startRequest(context.db, actor, value, context.requestId),
      done: ({ reference }) => `/funding/${reference}/edit?started=1`,
    },
  );
}

export default function NewFundingRequest() {
  const { schemes, idempotencyKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof newRequestSchema>>({ id: "new-request", lastResult, shouldValidate: "onSubmit" });
  return (
    <div className="max-w-3xl">
      <ErrorSummary errors={errorItems(form.allErrors, { schemeId: fields.schemeId.id }, "schemeId")} />
      <PageHeading caption="Funding requests">Start a funding request</PageHeading>
      <p className="mb-6">You can save the request as a draft and come back to it. Your headteacher signs it off before it goes to the council.</p>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <RadiosField
          field={fields.schemeId}
          legend="What kind of funding are you asking for?"
          options={schemes.map((s) => ({ value: String(s.id), label: s.name, hint: s.description }))}
        />
        <Button>Start request</Button>
      </PortalForm>
    </div>
  );
}
