import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor, replyUnavailable, unlessUnavailable } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { errorItems } from "~/components/conform.ts";
import { PupilFields, pupilFieldIds } from "~/components/pupil-fields.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { pupilSchema } from "~/domain/pupils/pupils.schema.ts";
import { createPupil, listNeedTypes } from "~/domain/pupils/pupils.server.ts";

export const handle = { title: "Add a pupil" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "pupils:manage");
  const needs = await orUnavailable(() => listNeedTypes(context.db, actor));
  return { needs: needs.filter((n) => n.active).map((n) => ({ code: n.code, name: n.name })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "pupils:manage");
  const form = await readForm(request, context);
  const submission = parseWithZod(form, { schema: pupilSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const attempt = await unlessUnavailable(() => createPupil(context.db, actor, submission.value, context.requestId));
  if (!attempt.available) return replyUnavailable(submission);
  const result = attempt.value;
  if (!result.ok) {
    return data(submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formError ? [result.formError] : undefined }), {
      status: 400,
    });
  }
  throw redirect(`/pupils/${result.pupilId}?done=added`);
}

export default function NewPupil() {
  const { needs } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof pupilSchema>>({
    id: "new-pupil",
    lastResult,
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, pupilFieldIds(fields));
  return (
    <div className="max-w-2xl">
      <ErrorSummary errors={errors} />
      <PageHeading caption="Pupil register">Add a pupil</PageHeading>
      <PortalForm {...getFormProps(form)}>
        <PupilFields fields={fields} needs={needs} dateAddedHint="Leave empty for today" />
        <Button>Add pupil</Button>
      </PortalForm>
    </div>
  );
}
