import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { SrpFields } from "~/components/srp-fields.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { newSrpSchema } from "~/domain/provision/return.schema.ts";
import { createSrp, srpFormOptions } from "~/domain/provision/register.server.ts";

export const handle = { title: "Add an SRP" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "provision:manage");
  return { options: await orUnavailable(() => srpFormOptions(context.db, actor)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "provision:manage",
      schema: newSrpSchema,
      run: (actor, value) => createSrp(context.db, actor, { ...value, version: 0 }, context.requestId),
      done: (result) => `/council/provision/srps/${result.srpId}?done=added`,
    },
  );
}

export default function NewSrp() {
  const { options } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof newSrpSchema>>({ id: "new-srp", lastResult, shouldValidate: "onSubmit", defaultValue: { status: "open", academicYear: String(options.currentYear) } });
  const errors = errorItems(
    form.allErrors,
    {
      urn: fields.urn.id,
      designation: fields.designation.id,
      firstYearGroup: fields.firstYearGroup.id,
      lastYearGroup: fields.lastYearGroup.id,
      openedOn: fields.openedOn.id,
      status: fields.status.id,
      academicYear: fields.academicYear.id,
      commissionedPlaces: fields.commissionedPlaces.id,
    },
    "urn",
  );
  return (
    <div className="max-w-3xl">
      <BackLink href="/council/provision">Back to the SRP overview</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Register of SRPs">Add an SRP</PageHeading>
      <PortalForm {...getFormProps(form)}>
        <TextField field={fields.urn} label="Host school's URN" hint="6 digits, from Get Information About Schools" inputMode="numeric" width="w-32" spellCheck={false} />
        <SrpFields fields={fields as never} options={options} />
        <Button>Add the SRP</Button>
      </PortalForm>
    </div>
  );
}
