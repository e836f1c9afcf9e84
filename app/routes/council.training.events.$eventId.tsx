import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { TrainingEventFields, eventDefaults, eventFieldIds } from "~/components/training-event-fields.tsx";
import { TrainingEventSummary } from "~/components/training-event-summary.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ConfirmStep } from "~/components/ui/confirm-step.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { idParam, notFound } from "~/domain/access/access.server.ts";
import { ownEntry } from "~/domain/lookup.ts";
import { cancelEventSchema, changeEventSchema, publishEventSchema } from "~/domain/training/catalogue.schema.ts";
import { eventFormChoices, eventTimeline, getEvent } from "~/domain/training/catalogue-events.server.ts";
import { costWords, placesWords } from "~/domain/training/catalogue.words.ts";
import { cancelEvent, changeEvent, publishEvent } from "~/domain/training/events.server.ts";
import { EVENT_STATUS_LABELS, eventCan } from "~/domain/training/events.workflow.ts";

export const handle = { title: (data: unknown) => (data as { event?: { courseTitle: string } } | undefined)?.event?.courseTitle ?? "Training event" };

export const shouldRevalidate = reloadAfterPost;

const DONE: Record<string, string> = {
  added: "The event has been saved as a draft. Publish it when schools can book it.",
  publish: "The event has been published: schools can see and book it.",
  change: "The event has been changed. Anyone booked has been told of a new time or place.",
  cancel: "The event has been cancelled. Everyone booked or waiting has been told, and their bookings are cancelled.",
};

const TIMELINE_WORDS: Record<string, string> = { created: "Added as a draft", published: "Published", changed: "Changed", cancelled: "Cancelled" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:manage");
  const id = idParam(params.eventId);
  const [event, choices, timeline] = await orUnavailable(() => Promise.all([getEvent(context.db, actor, id), eventFormChoices(context.db), eventTimeline(context.db, actor, id)]));
  const url = new URL(request.url);
  const can = eventCan(actor.role, event.status);
  const now = new Date();
  return {
    event: { ...event, placesWords: placesWords(event, now), costWords: costWords(event.costPence) },
    choices,
    can,
    cancelling: url.searchParams.get("confirm") === "cancel" && can.cancel,
    done: ownEntry(DONE, url.searchParams.get("done")) ?? null,
    timeline: timeline.map((t) => ({ id: t.id, what: TIMELINE_WORDS[t.action] ?? t.action, who: t.display_name, when: formatDateTime(t.occurred_at), comment: t.comment })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "training:manage");
  const id = idParam(params.eventId);
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const { db, requestId } = context;
  const common = { permission: "training:manage" as const, form, answers: intent, done: () => `/council/training/events/${id}?done=${intent}` };
  if (intent === "publish") return formAction({ request, context }, { ...common, schema: publishEventSchema, run: (actor, value) => publishEvent(db, actor, id, value, requestId) });
  if (intent === "cancel") return formAction({ request, context }, { ...common, schema: cancelEventSchema, run: (actor, value) => cancelEvent(db, actor, id, value, requestId) });
  if (intent === "change") return formAction({ request, context }, { ...common, schema: changeEventSchema, run: (actor, value) => changeEvent(db, actor, id, value, requestId) });
  notFound();
}

export default function CouncilEvent() {
  const { event, choices, can, cancelling, done, timeline } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const answers = (lastResult as { answers?: string } | undefined)?.answers;
  const replyTo = (intent: string) => (answers === intent ? lastResult : undefined);
  const formVersion = useFormVersion(event.version, lastResult);
  const [changeForm, fields] = useForm<z.input<typeof changeEventSchema>>({
    id: `change-event-${formVersion}`,
    lastResult: replyTo("change"),
    defaultValue: eventDefaults(event),
    shouldValidate: "onSubmit",
  });
  const [publishForm] = useForm({ id: `publish-event-${formVersion}`, lastResult: replyTo("publish") });
  const [cancelForm, cancelFields] = useForm<z.input<typeof cancelEventSchema>>({ id: `cancel-event-${formVersion}`, lastResult: replyTo("cancel"), shouldValidate: "onSubmit" });
  const errors = [
    ...errorItems(publishForm.allErrors, {}),
    ...errorItems(cancelForm.allErrors, { reason: cancelFields.reason.id }, "reason"),
    ...errorItems(changeForm.allErrors, eventFieldIds(fields), "courseId"),
  ];
  const told = event.booked + event.waiting;
  return (
    <div className="max-w-3xl">
      <BackLink href="/council/training">Back to the training catalogue</BackLink>
      <ErrorSummary errors={errors} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {done}
        </NotificationBanner>
      ) : null}
      {cancelling || replyTo("cancel") ? (
        <ConfirmStep
          heading="Cancel this event?"
          confirmLabel="Yes, cancel this event"
          cancelHref={`/council/training/events/${event.id}`}
          fields={{ intent: "cancel", version: event.version }}
          form={getFormProps(cancelForm)}
          inputs={<TextAreaField field={cancelFields.reason} label="Why it is cancelled" hint="Schools and the people booked will read this" rows={3} />}
        >
          <p>
            {told === 0
              ? "Nobody is booked on it."
              : `The ${told} ${told === 1 ? "person" : "people"} booked or waiting will be emailed and their bookings cancelled; their schools will be told.`}
          </p>
        </ConfirmStep>
      ) : null}
      <PageHeading caption={event.programmeName}>{event.courseTitle}</PageHeading>
      <p className="mb-6">
        <Tag colour={event.status === "published" ? "green" : event.status === "cancelled" ? "red" : "grey"}>{EVENT_STATUS_LABELS[event.status]}</Tag>{" "}
        {event.booked} booked, {event.waiting} waiting. <a href={`/training/events/${event.id}`}>See it as schools do</a>
        {" · "}
        <a href={`/training/events/${event.id}/attendees`}>Attendee list and register</a>
        {" · "}
        <a href={`/training/events/${event.id}/evaluations`}>Evaluation results</a>
      </p>
      {event.status === "cancelled" ? <P>Cancelled: {event.cancelledReason}</P> : null}
      <TrainingEventSummary event={event} showAccount />
      {can.publish ? (
        <PortalForm {...getFormProps(publishForm)}>
          <input type="hidden" name="intent" value="publish" />
          <input type="hidden" name="version" value={event.version} />
          <Button>Publish event</Button>
        </PortalForm>
      ) : null}
      {can.cancel && !cancelling ? (
        <p className="mb-8">
          <a href={`/council/training/events/${event.id}?confirm=cancel#confirm`}>Cancel this event</a>
        </p>
      ) : null}
      {can.change ? (
        <section aria-labelledby="change-heading" className="border-t border-border pt-4">
          <h2 id="change-heading" className="mb-4 text-2xl font-bold">
            Change this event
          </h2>
          {event.status === "published" ? <P>Everyone booked or waiting is emailed if you change the time or the place.</P> : null}
          <PortalForm {...getFormProps(changeForm)}>
            <input type="hidden" name="intent" value="change" />
            <input type="hidden" name="version" value={event.version} />
            <TrainingEventFields fields={fields} choices={choices} />
            <Button variant="secondary">Save changes</Button>
          </PortalForm>
        </section>
      ) : null}
      <H2>History</H2>
      <ol className="mb-8">
        {timeline.map((t) => (
          <li key={t.id} className="border-b border-border py-2">
            <strong>{t.what}</strong> by {t.who}, {t.when}
            {t.comment ? <span className="block">{t.comment}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
