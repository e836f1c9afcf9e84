import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { changeProgrammeSchema } from "~/domain/training/catalogue.schema.ts";
import { changeProgramme, getProgramme } from "~/domain/training/catalogue.server.ts";

export const handle = { title: (data: unknown) => (data as { programme?: { name: string } } | undefined)?.programme?.name ?? "Programme" };

export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:manage");
  return { programme: await orUnavailable(() => getProgramme(context.db, actor, idParam(params.programmeId))) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "training:manage");
  const id = idParam(params.programmeId);
  return formAction(
    { request, context },
    {
      permission: "training:manage",
      schema: changeProgrammeSchema,
      run: (actor, value) => changeProgramme(context.db, actor, id, value, context.requestId),
      done: () => "/council/training?done=programme-changed",
    },
  );
}

export default function ProgrammePage() {
  const { programme } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(programme.version, lastResult);
  const [form, fields] = useForm<z.input<typeof changeProgrammeSchema>>({
    id: `programme-${formVersion}`,
    lastResult,
    defaultValue: { name: programme.name, provider: programme.provider, description: programme.description },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, { name: fields.name.id, provider: fields.provider.id, description: fields.description.id }, "name");
  return (
    <div className="max-w-3xl">
      <BackLink href="/council/training">Back to the training catalogue</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Training catalogue">{programme.name}</PageHeading>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={programme.version} />
        <TextField field={fields.name} label="Name" />
        <TextField field={fields.provider} label="Provider" />
        <TextAreaField field={fields.description} label="Description (optional)" rows={5} />
        <Button>Save changes</Button>
      </PortalForm>
    </div>
  );
}
