import { formatDateTime, formatTime } from "./format.ts";
import { SummaryList } from "./ui/summary-list.tsx";

/** An event's details as the schools' event page and the council's event page show them (ADR 38). */
export interface EventSummaryView {
  courseTitle: string;
  programmeName: string;
  provider: string;
  needAreas: string[];
  audience: string;
  startsAt: string | Date;
  endsAt: string | Date;
  venue: string | null;
  districtName: string | null;
  onlineUrl: string | null;
  placesWords: string;
  costWords: string;
  hours: number;
  presenterName: string;
  presenterAccount: string | null;
  bookingClosesAt: string | Date;
  cancellationClosesAt: string | Date;
  privateSchoolName: string | null;
}

export function TrainingEventSummary({ event, showAccount = false }: { event: EventSummaryView; showAccount?: boolean }) {
  const where = [
    event.venue ? `${event.venue}${event.districtName ? ` (${event.districtName})` : ""}` : null,
    event.onlineUrl ? "Online" : null,
  ].filter(Boolean);
  return (
    <SummaryList
      rows={[
        { key: "Course", value: event.courseTitle },
        { key: "Programme", value: `${event.programmeName} (${event.provider})` },
        { key: "Areas of need", value: event.needAreas.length ? event.needAreas.join(", ") : "Any" },
        { key: "Who it is for", value: event.audience },
        { key: "When", value: `${formatDateTime(event.startsAt)} to ${formatTime(event.endsAt)}` },
        {
          key: "Where",
          value: (
            <>
              {where.join(" and ")}
              {event.onlineUrl ? <span className="block break-all text-sm">Online link: {event.onlineUrl}</span> : null}
            </>
          ),
        },
        { key: "Places", value: event.placesWords },
        { key: "Cost", value: event.costWords === "Free" ? "Free" : `${event.costWords} a person` },
        { key: "CPD hours", value: String(event.hours) },
        { key: "Presenter", value: showAccount && event.presenterAccount ? `${event.presenterName} (account: ${event.presenterAccount})` : event.presenterName },
        { key: "Booking closes", value: formatDateTime(event.bookingClosesAt) },
        { key: "Cancellations close", value: formatDateTime(event.cancellationClosesAt) },
        ...(event.privateSchoolName ? [{ key: "Private event for", value: event.privateSchoolName }] : []),
      ]}
    />
  );
}
