import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { GroupField, MEETING_FIELD_ORDER, MeetingDateFields, MeetingPlaceFields } from "~/components/lift-meeting-fields.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { groupChoices } from "~/domain/stls/meeting-queries.server.ts";
import { meetingSchema } from "~/domain/stls/meeting.schema.ts";
import { createMeeting } from "~/domain/stls/meetings.server.ts";

export const handle = { title: "Add a LIFT meeting" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:meetings");
  return { groups: await orUnavailable(() => groupChoices(context.db, actor)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "lift:meetings",
      schema: meetingSchema,
      run: (actor, value) => createMeeting(context.db, actor, value, context.requestId),
      done: (result) => `/lift/meetings/${result.meetingId}?done=added`,
    },
  );
}

export default function NewMeeting() {
  const { groups } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof meetingSchema>>({
    id: "new-meeting",
    lastResult,
    defaultValue: { groupId: groups.length === 1 ? groups[0]!.value : "", startTime: "09:30", endTime: "12:00", cap: "3" },
    shouldValidate: "onSubmit",
  });
  const ids = Object.fromEntries(MEETING_FIELD_ORDER.map((name) => [name, fields[name].id]));
  return (
    <div className="max-w-3xl">
      <BackLink href="/lift">Back to LIFT meetings</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, ids, "groupId")} />
      <PageHeading caption="LIFT meetings">Add a meeting</PageHeading>
      <P>
        Schools of the group see it at once and can refer pupils to it until its papers-due day. To add several at once, <a href="/lift/meetings/term">add a term&apos;s meetings</a>.
      </P>
      <PortalForm {...getFormProps(form)}>
        <GroupField field={fields.groupId} groups={groups} />
        <MeetingDateFields fields={fields} />
        <MeetingPlaceFields fields={fields} />
        <Button>Add meeting</Button>
      </PortalForm>
    </div>
  );
}
