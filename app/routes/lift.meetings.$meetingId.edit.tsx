import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { dateDefault } from "~/components/date-field.tsx";
import { MEETING_FIELD_ORDER, MeetingDateFields, MeetingPlaceFields } from "~/components/lift-meeting-fields.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ConfirmStep } from "~/components/ui/confirm-step.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { idParam, notFound } from "~/domain/access/access.server.ts";
import { getMeeting } from "~/domain/stls/meeting-queries.server.ts";
import { cancelMeetingSchema, changeMeetingSchema } from "~/domain/stls/meeting.schema.ts";
import { meetingWhen } from "~/domain/stls/meeting-words.ts";
import { cancelMeeting, changeMeeting } from "~/domain/stls/meetings.server.ts";

export const handle = { title: "Change a LIFT meeting" };

export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:meetings");
  const meeting = await orUnavailable(() => getMeeting(context.db, actor, idParam(params.meetingId)));
  return { meeting, cancelling: new URL(request.url).searchParams.get("confirm") === "cancel" && meeting.status === "scheduled" };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "lift:meetings");
  const id = idParam(params.meetingId);
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const { db, requestId } = context;
  if (intent === "cancel") {
    return formAction(
      { request, context },
      {
        permission: "lift:meetings",
        form,
        answers: "cancel",
        schema: cancelMeetingSchema,
        run: (actor, value) => cancelMeeting(db, actor, id, value, requestId),
        done: (result) => `/lift/meetings/${id}?done=${result.stayed ? "cancelled-stayed" : "cancelled"}`,
      },
    );
  }
  if (intent === "change") {
    return formAction(
      { request, context },
      { permission: "lift:meetings", form, answers: "change", schema: changeMeetingSchema, run: (actor, value) => changeMeeting(db, actor, id, value, requestId), done: () => `/lift/meetings/${id}?done=changed` },
    );
  }
  notFound();
}

export default function EditMeeting() {
  const { meeting, cancelling } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const answers = (lastResult as { answers?: string } | undefined)?.answers;
  const replyTo = (intent: string) => (answers === intent ? lastResult : undefined);
  const formVersion = useFormVersion(meeting.version, lastResult);
  const [form, fields] = useForm<z.input<typeof changeMeetingSchema>>({
    id: `change-meeting-${formVersion}`,
    lastResult: replyTo("change"),
    defaultValue: {
      groupId: String(meeting.groupId),
      date: dateDefault(meeting.date),
      papersDueOn: dateDefault(meeting.papersDueOn),
      startTime: meeting.startTime,
      endTime: meeting.endTime,
      venue: meeting.venue ?? "",
      onlineUrl: meeting.onlineUrl ?? "",
      cap: String(meeting.cap),
    },
    shouldValidate: "onSubmit",
  });
  const [cancelForm, cancelFields] = useForm<z.input<typeof cancelMeetingSchema>>({ id: `cancel-meeting-${formVersion}`, lastResult: replyTo("cancel"), shouldValidate: "onSubmit" });
  const ids = Object.fromEntries(MEETING_FIELD_ORDER.map((name) => [name, fields[name].id]));
  const errors = [...errorItems(cancelForm.allErrors, { reason: cancelFields.reason.id }, "reason"), ...errorItems(form.allErrors, ids, "date")];
  const when = meetingWhen(meeting.startsAt, meeting.endsAt);
  return (
    <div className="max-w-3xl">
      <BackLink href={`/lift/meetings/${meeting.id}`}>Back to the meeting</BackLink>
      <ErrorSummary errors={errors} />
      {cancelling || replyTo("cancel") ? (
        <ConfirmStep
          heading="Cancel this meeting?"
          confirmLabel="Yes, cancel this meeting"
          cancelHref={`/lift/meetings/${meeting.id}/edit`}
          fields={{ intent: "cancel", version: meeting.version }}
          form={getFormProps(cancelForm)}
          inputs={<TextAreaField field={cancelFields.reason} label="Why it is cancelled" hint="The schools of the group will read this" rows={3} />}
        >
          <p>Referrals sent to it move to the group&apos;s next scheduled meeting, and their schools are told.</p>
        </ConfirmStep>
      ) : null}
      <PageHeading caption={meeting.groupName}>Change the meeting on {when}</PageHeading>
      {meeting.status === "cancelled" ? (
        <P>This meeting has been cancelled: {meeting.cancelledReason}</P>
      ) : (
        <>
          <PortalForm {...getFormProps(form)}>
            <input type="hidden" name="intent" value="change" />
            <input type="hidden" name="version" value={meeting.version} />
            <input type="hidden" name="groupId" value={meeting.groupId} />
            <MeetingDateFields fields={fields} />
            <MeetingPlaceFields fields={fields} />
            <Button>Save changes</Button>
          </PortalForm>
          {!cancelling ? (
            <p className="mb-8">
              <a href={`/lift/meetings/${meeting.id}/edit?confirm=cancel#confirm`}>Cancel this meeting</a>
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
