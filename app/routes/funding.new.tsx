import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, replyUnavailable, requireActor, unlessUnavailable } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
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
  const actor = await requireActor(request, context, "funding:draft");
  const form = await readForm(request, context);
  const submission = parseWithZod(form, { schema: newRequestSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await unlessUnavailable(() => startRequest(context.db, actor, submission.value, context.requestId));
  if (!result.available) return replyUnavailable(submission);
  if (!result.value.ok) return data(submission.reply({ fieldErrors: result.value.fieldErrors }), { status: 400 });
  throw redirect(`/funding/${result.value.reference}/edit?started=1`);
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
