import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { getChampionOverview } from "~/domain/champions/overview.server.ts";
import { newVisitSchema } from "~/domain/champions/visit.schema.ts";
import { startVisit } from "~/domain/champions/visits.server.ts";
import { newIdempotencyKey } from "~/domain/references.server.ts";

export const handle = { title: "Log a visit" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "visits:log");
  const { schools } = await orUnavailable(() => getChampionOverview(context.db, actor));
  const chosen = new URL(request.url).searchParams.get("school");
  return {
    schools: schools.map((s) => ({ value: String(s.id), label: s.name, hint: s.lastVisitOn ? undefined : "Not visited yet" })),
    // Only one of the champion's own schools is chosen for them; any other id is ignored.
    chosen: schools.some((s) => String(s.id) === chosen) ? chosen : null,
    // A one-off key: the form sent twice starts one report.
    idempotencyKey: newIdempotencyKey(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "visits:log",
      schema: newVisitSchema,
      run: (actor, value) => startVisit(context.db, actor, value, context.requestId),
      done: ({ visitId }) => `/visits/${visitId}/edit`,
    },
  );
}

export default function NewVisit() {
  const { schools, chosen, idempotencyKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof newVisitSchema>>({ id: "new-visit", lastResult, shouldValidate: "onSubmit", defaultValue: { schoolId: chosen ?? undefined } });
  return (
    <div className="max-w-2xl">
      <BackLink href="/visits">Back to your visits</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, { schoolId: fields.schoolId.id }, "schoolId")} />
      <PageHeading caption="Inclusion Champion">Log a visit</PageHeading>
      <p className="mb-6">Choose the school. The report is a draft, seen only by you, until you publish it to the school.</p>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <RadiosField field={fields.schoolId} legend="Which school did you visit?" options={schools} />
        <Button>Start the report</Button>
      </PortalForm>
    </div>
  );
}
