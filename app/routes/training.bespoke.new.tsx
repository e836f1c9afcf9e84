import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { DateField } from "~/components/date-field.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { bespokeRequestSchema } from "~/domain/training/bespoke.schema.ts";
import { needAreaOptions, newIdempotencyKey, requestBespokeTraining } from "~/domain/training/bespoke.server.ts";

export const handle = { title: "Ask for bespoke training" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context, "training:bespoke");
  const needAreas = await orUnavailable(() => needAreaOptions(context.db));
  // A one-off key for this form: sending it twice finds the first request instead of making another.
  return { needAreas, idempotencyKey: newIdempotencyKey() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "training:bespoke",
      schema: bespokeRequestSchema,
      run: (actor, value) => requestBespokeTraining(context.db, actor, value, context.requestId),
      done: ({ reference }) => `/training/bespoke/${reference}?done=submitted`,
    },
  );
}

export default function NewBespokeRequest() {
  const { needAreas, idempotencyKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof bespokeRequestSchema>>({ id: "new-bespoke", lastResult, shouldValidate: "onSubmit" });
  const errors = errorItems(
    form.allErrors,
    {
      topic: fields.topic.id,
      needArea: fields.needArea.id,
      preferredFrom: fields.preferredFrom.id,
      preferredTo: fields.preferredTo.id,
      preferredNote: fields.preferredNote.id,
      staffCount: fields.staffCount.id,
      outcomes: fields.outcomes.id,
    },
    "topic",
  );
  return (
    <div className="max-w-3xl">
      <BackLink href="/training/bespoke">Back to bespoke training</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Training">Ask for bespoke training</PageHeading>
      <p className="mb-6">
        Whole-school training on one topic, for your staff at your school or online. The council will reply with a date, or with the reason it cannot
        arrange it. Do not name any pupil.
      </p>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <TextField field={fields.topic} label="Topic" hint="For example, supporting autistic pupils in the classroom" />
        <RadiosField field={fields.needArea} legend="Area of need" options={needAreas.map((a) => ({ value: a.name, label: a.name }))} />
        <section aria-labelledby="dates-heading" className="mb-2">
          <h2 id="dates-heading" className="mb-2 text-xl font-bold">
            Dates that would suit you
          </h2>
          <div className="flex flex-wrap gap-x-8">
            <DateField field={fields.preferredFrom} legend="Earliest date" hint="For example, 12 1 2027" label="the earliest date" />
            <DateField field={fields.preferredTo} legend="Latest date" hint="For example, 26 3 2027" label="the latest date" />
          </div>
          <TextAreaField
            field={fields.preferredNote}
            label="Anything else about dates (optional)"
            hint="For example, an INSET day, or afternoons only"
            rows={2}
          />
        </section>
        <TextField field={fields.staffCount} label="Number of staff taking part" inputMode="numeric" width="w-24" />
        <TextAreaField field={fields.outcomes} label="What do you want the training to achieve?" rows={5} />
        <Button>Send the request</Button>
      </PortalForm>
    </div>
  );
}
