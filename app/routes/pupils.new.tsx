import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
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
  return formAction(
    { request, context },
    {
      permission: "pupils:manage",
      schema: pupilSchema,
      run: (actor, value) => createPupil(context.db, actor, value, context.requestId),
      done: (result) => `/pupils/${result.pupilId}?done=added`,
    },
  );
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
