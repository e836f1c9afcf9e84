import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { ConfirmStep } from "~/components/ui/confirm-step.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { cancelSchema } from "~/domain/training/booking.schema.ts";
import { cancelBooking } from "~/domain/training/booking-cancel.server.ts";
import { getBooking } from "~/domain/training/booking-views.server.ts";
import { BOOKING_STATUS_LABELS } from "~/domain/training/bookings.workflow.ts";

type Loaded = { booking?: { attendee_name: string; title: string } } | undefined;
export const handle = { title: (d: unknown) => ((d as Loaded)?.booking ? `${(d as Loaded)!.booking!.attendee_name}: ${(d as Loaded)!.booking!.title}` : "Training booking") };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:book");
  const id = idParam(params.bookingId);
  const booking = await orUnavailable(() => getBooking(context.db, actor, id));
  const url = new URL(request.url);
  return { booking, confirming: url.searchParams.get("confirm") === "cancel" && booking.can.cancel, done: url.searchParams.get("done") === "cancelled" };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = idParam(params.bookingId);
  return formAction(
    { request, context },
    {
      permission: "training:book",
      schema: cancelSchema,
      run: (actor, value) => cancelBooking(context.db, actor, String(id), value, context.requestId),
      done: () => `/training/bookings/${id}?done=cancelled`,
      invalidMessage: "This booking could not be cancelled: reload the page and try again.",
    },
  );
}

export default function TrainingBooking() {
  const { booking, confirming, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(booking.version, lastResult);
  const [form] = useForm({ id: `cancel-${booking.id}-${formVersion}`, lastResult });
  const status =
    booking.status === "waiting"
      ? `On the waiting list: number ${booking.position}`
      : booking.status === "cancelled" && booking.cancelled_why === "event_cancelled"
        ? "Cancelled: the council cancelled the event"
        : BOOKING_STATUS_LABELS[booking.status];
  return (
    <div className="max-w-3xl">
      <BackLink href="/training/bookings">Back to your school's bookings</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, {})} />
      {done && booking.status === "cancelled" ? (
        <NotificationBanner kind="success" title="Done">
          {`${booking.attendee_name}'s booking has been cancelled. They have been emailed.`}
        </NotificationBanner>
      ) : null}
      {confirming && !(lastResult && form.allErrors[""]) ? (
        <ConfirmStep
          heading={`Are you sure you want to cancel ${booking.attendee_name}'s ${booking.status === "waiting" ? "place on the waiting list" : "place"}?`}
          confirmLabel="Yes, cancel this booking"
          cancelHref={`/training/bookings/${booking.id}`}
          fields={{ intent: "cancel", version: booking.version }}
          form={getFormProps(form)}
        >
          <p>
            {booking.status === "booked"
              ? "The place goes to the first person on the waiting list, if there is one. This cannot be undone: to go after all, book again."
              : "They leave the waiting list. This cannot be undone."}
          </p>
        </ConfirmStep>
      ) : null}
      <PageHeading caption={booking.school}>{booking.attendee_name}</PageHeading>
      <SummaryList
        rows={[
          { key: "Training", value: booking.title },
          { key: "When", value: `${formatDateTime(booking.starts_at)} to ${formatDateTime(booking.ends_at)}` },
          { key: "Where", value: [booking.venue, booking.online_url ? "Online" : null].filter(Boolean).join(" and ") },
          { key: "Role", value: booking.attendee_role },
          { key: "Email", value: booking.attendee_email },
          { key: "Status", value: status },
          ...(booking.promoted_at ? [{ key: "Given a place", value: `${formatDateTime(booking.promoted_at)}, from the waiting list` }] : []),
        ]}
      />
      {booking.status !== "cancelled" ? (
        booking.can.cancel ? (
          confirming ? null : (
            <p className="mb-6">
              <a href={`/training/bookings/${booking.id}?confirm=cancel#confirm`}>Cancel this booking</a> (until {formatDateTime(booking.cancellation_closes_at)})
            </p>
          )
        ) : (
          <p className="mb-6">{`This booking can no longer be cancelled: cancelling closed on ${formatDateTime(booking.cancellation_closes_at)}.`}</p>
        )
      ) : null}
      <H2>History</H2>
      <ul className="mb-6 list-disc pl-6">
        {booking.timeline.map((e) => (
          <li key={e.id}>{`${e.label}: ${e.who}, ${formatDateTime(e.at)}`}</li>
        ))}
      </ul>
    </div>
  );
}
