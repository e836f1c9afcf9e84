import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { idParam } from "~/domain/access/access.server.ts";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatWorkingDays } from "~/components/format.ts";
import { FundingSchemeFields } from "~/components/funding-scheme-fields.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { updateSchemeSchema } from "~/domain/funding/settings.schema.ts";
import { getScheme, updateScheme } from "~/domain/funding/settings.server.ts";
import { penceToInput } from "~/domain/money.ts";

export const handle = { title: (data: unknown) => (data as { scheme?: { name: string } } | undefined)?.scheme?.name ?? "Funding scheme" };

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:settings");
  const scheme = await orUnavailable(() => getScheme(context.db, actor, idParam(params.schemeId)));
  return {
    scheme: {
      code: scheme.code,
      name: scheme.name,
      description: scheme.description,
      requiresPupil: scheme.requiresPupil,
      pupilRule: scheme.pupilRule,
      contributionApplies: scheme.contributionApplies,
      contributionPence: scheme.contributionPence,
      reviewsPerYear: scheme.reviewsPerYear,
      targetWorkingDays: scheme.targetWorkingDays,
      checklist: scheme.checklist.map((item) => item.label),
      active: scheme.active,
      version: scheme.version,
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Signed out, to sign-in before the address is read (a malformed one is a 404).
  await requireActor(request, context, "funding:settings");
  const id = idParam(params.schemeId);
  return formAction(
    { request, context },
    {
      permission: "funding:settings",
      schema: updateSchemeSchema,
      run: (actor, value) => updateScheme(context.db, actor, id, value, context.requestId),
      done: () => "/council/funding-settings?done=scheme-updated",
    },
  );
}

const yesNo = (value: boolean) => (value ? "yes" : "no");

export default function SchemePage() {
  const { scheme } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(scheme.version, lastResult);
  const [form, fields] = useForm<z.input<typeof updateSchemeSchema>>({
    // Refused as stale, the form keeps what was typed (as it does without JavaScript), now with the newer version.
    id: `scheme-${formVersion}`,
    lastResult,
    defaultValue: {
      name: scheme.name,
      description: scheme.description,
      requiresPupil: yesNo(scheme.requiresPupil),
      pupilRule: scheme.pupilRule,
      contributionApplies: yesNo(scheme.contributionApplies),
      contribution: penceToInput(scheme.contributionPence),
      reviewsPerYear: String(scheme.reviewsPerYear),
      targetWorkingDays: String(scheme.targetWorkingDays),
      checklist: scheme.checklist.join("\n"),
      active: yesNo(scheme.active),
    },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(
    form.allErrors,
    {
      name: fields.name.id,
      description: fields.description.id,
      requiresPupil: fields.requiresPupil.id,
      pupilRule: fields.pupilRule.id,
      contributionApplies: fields.contributionApplies.id,
      contribution: fields.contribution.id,
      reviewsPerYear: fields.reviewsPerYear.id,
      targetWorkingDays: fields.targetWorkingDays.id,
      checklist: fields.checklist.id,
      active: fields.active.id,
    },
    "name",
  );
  return (
    <div className="max-w-3xl">
      <ErrorSummary errors={errors} />
      <PageHeading caption="Funding settings">{scheme.name}</PageHeading>
      <SummaryList
        rows={[
          { key: "Code", value: scheme.code },
          { key: "Target to decide", value: formatWorkingDays(scheme.targetWorkingDays) },
          { key: "Status", value: scheme.active ? "Active: offered for new requests" : "Deactivated: not offered for new requests" },
        ]}
      />
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={scheme.version} />
        <FundingSchemeFields fields={fields} />
        <RadiosField
          field={fields.active}
          legend="Can schools use this scheme for new requests?"
          hint="Requests already made under the scheme keep it either way"
          options={[
            { value: "yes", label: "Yes, it is active" },
            { value: "no", label: "No, deactivate it" },
          ]}
        />
        <Button>Save changes</Button>
      </PortalForm>
      <p>
        <a href="/council/funding-settings">Back to funding settings</a>
      </p>
    </div>
  );
}
