import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData } from "@remix-run/react";
import { requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { FundingSchemeFields } from "~/components/funding-scheme-fields.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { createSchemeSchema } from "~/domain/funding/settings.schema.ts";
import { createScheme } from "~/domain/funding/settings.server.ts";

export const handle = { title: "Add a funding scheme" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context, "funding:settings");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "funding:settings",
      schema: createSchemeSchema,
      run: (actor, value) => createScheme(context.db, actor, value, context.requestId),
      done: () => "/council/funding-settings?done=scheme-created",
    },
  );
}

export default function NewScheme() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof createSchemeSchema>>({
    id: "new-scheme",
    lastResult,
    defaultValue: { contribution: "6000", pupilRule: "any", reviewsPerYear: "3", targetWorkingDays: "20" },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, {
    code: fields.code.id,
    name: fields.name.id,
    description: fields.description.id,
    requiresPupil: fields.requiresPupil.id,
    pupilRule: fields.pupilRule.id,
    contributionApplies: fields.contributionApplies.id,
    contribution: fields.contribution.id,
    reviewsPerYear: fields.reviewsPerYear.id,
    targetWorkingDays: fields.targetWorkingDays.id,
    checklist: fields.checklist.id,
  });
  return (
    <div className="max-w-3xl">
      <ErrorSummary errors={errors} />
      <PageHeading caption="Funding settings">Add a funding scheme</PageHeading>
      <PortalForm {...getFormProps(form)}>
        <TextField
          field={fields.code}
          label="Code"
          hint="2 to 6 capital letters, used at the start of each request's reference, for example HNF for HNF-2026-00042. It cannot be changed later."
          width="w-full sm:w-32"
          autoComplete="off"
          spellCheck={false}
        />
        <FundingSchemeFields fields={fields} />
        <Button>Add scheme</Button>
      </PortalForm>
      <p>
        <a href="/council/funding-settings">Back to funding settings</a>
      </p>
    </div>
  );
}
