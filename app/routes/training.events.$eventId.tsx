import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { TrainingEventSummary } from "~/components/training-event-summary.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { can, idParam } from "~/domain/access/access.server.ts";
import { runsTrainingEvent } from "~/domain/access/scopes.server.ts";
import { getEvent } from "~/domain/training/catalogue-events.server.ts";
import { availability, costWords, placesWords } from "~/domain/training/catalogue.words.ts";

export const handle = { title: (data: unknown) => (data as { event?: { courseTitle: string } } | undefined)?.event?.courseTitle ?? "Training event" };

/** One event, as the person reaches it: another school's private event, or a draft (for anyone but the council), is 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:view");
  const event = await orUnavailable(() => getEvent(context.db, actor, idParam(params.eventId)));
  const now = new Date();
  const open = availability(event, now);
  return {
    event: {
      ...event,
      placesWords: placesWords(event, now),
      costWords: costWords(event.costPence),
    },
    // Booking itself is its own page (bookings): offered while the event is published, ahead, and open to booking.
    book: event.canBook && (open === "open" || open === "full") ? (open === "full" ? "Join the waiting list" : "Book places") : null,
    canManage: can(actor, "training:manage"),
    // The attendee list and register: the council's, and the presenter's for an event they run.
    canRunAttendance: can(actor, "training:attendance") && runsTrainingEvent(actor, { presenter_user_id: event.presenterUserId }),
  };
}

export default function TrainingEvent() {
  const { event, book, canManage, canRunAttendance } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-3xl">
      <BackLink href="/training">Back to training</BackLink>
      {event.status === "cancelled" ? (
        <NotificationBanner title="Cancelled">This event has been cancelled: {event.cancelledReason}</NotificationBanner>
      ) : null}
      {event.status === "draft" ? <NotificationBanner title="Draft">This event is a draft: schools cannot see it until it is published.</NotificationBanner> : null}
      <PageHeading caption={event.programmeName}>{event.courseTitle}</PageHeading>
      {event.description ? <P>{event.description}</P> : null}
      <TrainingEventSummary event={event} />
      {book ? (
        <p className="mb-8">
          <a href={`/training/events/${event.id}/book`} className="text-lg font-bold">
            {book}
          </a>
        </p>
      ) : null}
      {canManage || canRunAttendance ? (
        <ul className="flex flex-wrap gap-x-6 gap-y-2">
          {canManage ? (
            <li>
              <a href={`/council/training/events/${event.id}`}>Manage this event</a>
            </li>
          ) : null}
          {canRunAttendance ? (
            <li>
              <a href={`/training/events/${event.id}/attendees`}>Attendee list and register</a>
            </li>
          ) : null}
          {canManage ? (
            <li>
              <a href={`/training/events/${event.id}/evaluations`}>Evaluation results</a>
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
