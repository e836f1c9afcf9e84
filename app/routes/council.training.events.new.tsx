import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { TrainingEventFields, eventFieldIds } from "~/components/training-event-fields.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { eventSchema } from "~/domain/training/catalogue.schema.ts";
import { eventFormChoices } from "~/domain/training/catalogue-events.server.ts";
import { createEvent } from "~/domain/training/events.server.ts";

export const handle = { title: "Add an event" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context, "training:manage");
  const choices = await orUnavailable(() => eventFormChoices(context.db));
  return { choices, course: new URL(request.url).searchParams.get("course") ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "training:manage",
      schema: eventSchema,
      run: (actor, value) => createEvent(context.db, actor, value, context.requestId),
      done: (result) => `/council/training/events/${result.eventId}?done=added`,
    },
  );
}

export default function NewEvent() {
  const { choices, course } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof eventSchema>>({
    id: "new-event",
    lastResult,
    defaultValue: { courseId: course, startTime: "09:30", endTime: "12:30", bookingClosesTime: "17:00", cancellationClosesTime: "17:00" },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, eventFieldIds(fields), "courseId");
  return (
    <div className="max-w-3xl">
      <BackLink href="/council/training">Back to the training catalogue</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Training catalogue">Add an event</PageHeading>
      <P>The event is saved as a draft: schools see it once you publish it.</P>
      <PortalForm {...getFormProps(form)}>
        <TrainingEventFields fields={fields} choices={choices} />
        <Button>Save as draft</Button>
      </PortalForm>
    </div>
  );
}
