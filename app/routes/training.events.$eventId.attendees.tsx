import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { can } from "~/domain/access/access.server.ts";
import { ATTENDANCE_CHOICES, formDateTimeRange } from "~/domain/training/attendance-format.ts";
import { attendanceSchema } from "~/domain/training/attendance.schema.ts";
import { attendeeList, markAttendance } from "~/domain/training/attendance.server.ts";

type Loaded = { event?: { course: string } } | undefined;
export const handle = { title: (data: unknown) => `Attendees: ${(data as Loaded)?.event?.course ?? "training event"}` };

export const shouldRevalidate = reloadAfterPost;

/** An event's attendee list and waiting list, and from its first day the register (the council, or the event's presenter). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:attendance");
  const list = await orUnavailable(() => attendeeList(context.db, actor, params.eventId));
  const url = new URL(request.url);
  return {
    ...list,
    saved: url.searchParams.get("saved") === "1",
    asked: Number(url.searchParams.get("asked") ?? 0) || 0,
    officer: can(actor, "training:manage"),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "training:attendance",
      schema: attendanceSchema,
      invalidMessage: "This form was not drawn by the portal. Reload the page and try again.",
      run: (actor, value) => markAttendance(context.db, actor, params.eventId, value, context.requestId),
      done: (result) => `/training/events/${params.eventId}/attendees?saved=1${result.asked ? `&asked=${result.asked}` : ""}`,
    },
  );
}

type Booked = ReturnType<typeof useLoaderData<typeof loader>>["booked"][number];

function attendanceText(attended: boolean | null) {
  return attended === null ? <Tag>Not marked</Tag> : attended ? <Tag colour="green">Attended</Tag> : <Tag colour="red">Did not attend</Tag>;
}

/** One person's row in the register: a pair of radios in a fieldset named for them, and the booking and version it was drawn at. */
function AttendanceChoice({ booking, index, typed }: { booking: Booked; index: number; typed: Map<number, { version: string; attended: string }> }) {
  // A refused form keeps what was chosen for each row still at the version it was drawn at; a row someone else
  // changed shows what is stored now.
  const sent = typed.get(booking.id);
  const current = sent && sent.version === String(booking.version) ? sent.attended : booking.attended === null ? undefined : booking.attended ? "yes" : "no";
  return (
    // Keyed by version: after a save (or a refusal that reloads the list) the row shows what is stored now.
    <fieldset key={`${booking.id}-${booking.version}`}>
      <legend className="sr-only">{`Attendance of ${booking.name}`}</legend>
      <input type="hidden" name={`marks[${index}].bookingId`} value={booking.id} />
      <input type="hidden" name={`marks[${index}].version`} value={booking.version} />
      <div className="flex flex-wrap gap-x-4">
        {ATTENDANCE_CHOICES.map((choice) => (
          <label key={choice.value} className="flex items-center gap-2 py-1">
            <input type="radio" className="h-6 w-6" name={`marks[${index}].attended`} value={choice.value} defaultChecked={current === choice.value} />
            {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** What a refused register sent, by booking: its version and choice (Conform's reply carries the form as typed). */
function typedMarks(reply: unknown): Map<number, { version: string; attended: string }> {
  const marks = (reply as { initialValue?: { marks?: unknown } } | undefined)?.initialValue?.marks;
  const typed = new Map<number, { version: string; attended: string }>();
  if (!Array.isArray(marks)) return typed;
  for (const mark of marks as { bookingId?: unknown; version?: unknown; attended?: unknown }[]) {
    if (typeof mark?.bookingId === "string" && typeof mark.version === "string" && typeof mark.attended === "string") {
      typed.set(Number(mark.bookingId), { version: mark.version, attended: mark.attended });
    }
  }
  return typed;
}

export default function EventAttendees() {
  const { event, booked, waiting, registerClosed, ended, notYetAsked, saved, asked, officer } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const formErrors = reply && "error" in reply && reply.error ? (reply.error[""] ?? []) : [];
  const typed = typedMarks(reply);
  const where = [event.venue, event.online_url ? "Online" : null].filter(Boolean).join(" and ");
  const columns = [
    { header: "Name", cell: (b: Booked) => b.name },
    { header: "Role", cell: (b: Booked) => b.role },
    { header: "School", cell: (b: Booked) => b.school },
    { header: "Email", cell: (b: Booked) => <span className="break-all">{b.email}</span> },
  ];
  const certificate = {
    header: "Certificate",
    cell: (b: Booked) =>
      b.attended ? (
        <a href={`/training/certificates/${b.id}`}>
          Certificate<span className="sr-only"> of {b.name}</span>
        </a>
      ) : null,
  };
  return (
    <div>
      <BackLink href={officer ? "/council/training" : "/training"}>Back to training</BackLink>
      <ErrorSummary errors={formErrors.map((message) => ({ message }))} />
      {saved && formErrors.length === 0 ? (
        <NotificationBanner kind="success" title="Saved">
          The register has been saved.
          {asked > 0 ? ` ${asked} ${asked === 1 ? "person who attended has" : "people who attended have"} been sent a link to evaluate the course.` : ""}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={event.programme}>{event.course}</PageHeading>
      <SummaryList
        rows={[
          { key: "When", value: formDateTimeRange(event.starts_at, event.ends_at) },
          { key: "Where", value: where },
          { key: "Led by", value: event.presenter_name },
          { key: "Places", value: `${booked.length} of ${event.places} booked, ${waiting.length} waiting` },
          ...(event.status === "cancelled" ? [{ key: "Status", value: <Tag colour="red">Cancelled</Tag> }] : []),
        ]}
      />
      <p className="mb-6" data-print="hide">
        Download the list as <a href={`/training/events/${event.id}/attendees.csv`}>CSV</a> or{" "}
        <a href={`/training/events/${event.id}/attendees.xlsx`}>Excel (XLSX)</a>
        {officer && ended ? (
          <>
            {" "}
            · <a href={`/training/events/${event.id}/evaluations`}>Evaluation results</a>
          </>
        ) : null}
      </p>
      {registerClosed ? <p className="mb-6 font-bold">{registerClosed}</p> : null}
      {notYetAsked > 0 && !registerClosed ? (
        <p className="mb-6">
          {notYetAsked} {notYetAsked === 1 ? "person was" : "people were"} marked as attended before the course ended and{" "}
          {notYetAsked === 1 ? "has" : "have"} not been asked for an evaluation yet: save the register to send the links.
        </p>
      ) : null}
      {registerClosed || booked.length === 0 ? (
        <Table
          caption="Booked"
          columns={[...columns, certificate, { header: "Attendance", cell: (b: Booked) => attendanceText(b.attended), status: true }]}
          rows={booked}
          rowKey={(b) => b.id}
          empty="Nobody is booked on this event."
          stickyFirstColumn
        />
      ) : (
        <PortalForm id="register">
          <Table
            caption="Booked: the register"
            columns={[...columns, certificate, { header: "Attendance", cell: (b: Booked) => <AttendanceChoice booking={b} index={booked.indexOf(b)} typed={typed} /> }]}
            rows={booked}
            rowKey={(b) => b.id}
            stickyFirstColumn
          />
          <Button>Save the register</Button>
        </PortalForm>
      )}
      <Table
        caption="Waiting list"
        columns={[{ header: "Position", cell: (b: (typeof waiting)[number]) => b.position, numeric: true }, ...columns]}
        rows={waiting}
        rowKey={(b) => b.id}
        empty="Nobody is on the waiting list."
      />
    </div>
  );
}
