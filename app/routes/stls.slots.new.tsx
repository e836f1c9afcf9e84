import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { DateField } from "~/components/date-field.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { RadiosField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { slotSchema } from "~/domain/stls/slot.schema.ts";
import { MAX_WEEKS } from "~/domain/stls/visits.workflow.ts";
import { publishSlots } from "~/domain/stls/slots.server.ts";

export const handle = { title: "Publish slots" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context, "stls:visits");
  const published = Number(new URL(request.url).searchParams.get("published") ?? 0);
  return { published: Number.isSafeInteger(published) && published > 0 && published <= MAX_WEEKS ? published : 0 };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "stls:visits",
      schema: slotSchema,
      run: (actor, value) => publishSlots(context.db, actor, value, context.requestId),
      done: (result) => `/stls/slots/new?published=${result.slotIds.length}`,
    },
  );
}

export default function NewSlots() {
  const { published } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof slotSchema>>({ id: "new-slots", lastResult, defaultValue: { kind: "visit", weeks: "1" }, shouldValidate: "onSubmit" });
  const ids = { kind: fields.kind.id, topic: fields.topic.id, date: fields.date.id, startTime: fields.startTime.id, endTime: fields.endTime.id, place: fields.place.id, weeks: fields.weeks.id };
  return (
    <div className="max-w-3xl">
      <BackLink href="/stls">Back to your caseload</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, ids, "kind")} />
      {published > 0 ? (
        <NotificationBanner kind="success" title="Done">
          {published === 1 ? "Your slot has been published." : `Your ${published} slots have been published.`} Schools can book them now. <a href="/stls">See your slots</a>.
        </NotificationBanner>
      ) : null}
      <PageHeading caption="STLS">Publish slots</PageHeading>
      <P>Visit slots are for schools whose pupils LIFT has allocated to you. Any school of your district can book a drop-in clinic slot without a referral.</P>
      <PortalForm {...getFormProps(form)}>
        <RadiosField
          field={fields.kind}
          legend="What is the slot for?"
          options={[
            { value: "visit", label: "Visits for allocated involvement" },
            { value: "clinic", label: "A drop-in clinic" },
          ]}
        />
        <TextField field={fields.topic} label="Clinic topic (for a drop-in clinic)" hint="For example, Autism: sensory needs" />
        <DateField field={fields.date} legend="Date" hint="For example, 12 1 2027" label="the date of the slot" />
        <TextField field={fields.startTime} label="Start time" hint="For example, 10:00 or 2:30pm" width="w-32" />
        <TextField field={fields.endTime} label="End time" width="w-32" />
        <TextField field={fields.place} label="Place" hint="For example, At the school, or Maidstone STLS base" />
        <TextField field={fields.weeks} label="Weeks in a row" hint={`The same time each week, from 1 to ${MAX_WEEKS}. Either all of them are published or none.`} width="w-20" inputMode="numeric" />
        <Button>Publish</Button>
      </PortalForm>
    </div>
  );
}
