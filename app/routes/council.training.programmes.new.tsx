import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData } from "@remix-run/react";
import { requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { programmeSchema } from "~/domain/training/catalogue.schema.ts";
import { createProgramme } from "~/domain/training/catalogue.server.ts";

export const handle = { title: "Add a programme" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context, "training:manage");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "training:manage",
      schema: programmeSchema,
      run: (actor, value) => createProgramme(context.db, actor, value, context.requestId),
      done: () => "/council/training?done=programme-added",
    },
  );
}

export default function NewProgramme() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof programmeSchema>>({ id: "new-programme", lastResult, shouldValidate: "onSubmit" });
  const errors = errorItems(form.allErrors, { name: fields.name.id, provider: fields.provider.id, description: fields.description.id }, "name");
  return (
    <div className="max-w-3xl">
      <BackLink href="/council/training">Back to the training catalogue</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Training catalogue">Add a programme</PageHeading>
      <PortalForm {...getFormProps(form)}>
        <TextField field={fields.name} label="Name" hint="For example, Autism Education Trust" />
        <TextField field={fields.provider} label="Provider" hint="Who runs it, for example, Kent County Council with the Autism Education Trust" />
        <TextAreaField field={fields.description} label="Description (optional)" rows={5} />
        <Button>Add programme</Button>
      </PortalForm>
    </div>
  );
}
