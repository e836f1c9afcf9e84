import { type EventAttributes, createEvent } from "ics";

/**
 * A booking's calendar invitation (an .ics file, RFC 5545 and its iTIP methods, RFC 5546), made by the `ics`
 * library (ADR 39). Times are written in UTC with a Z: the instant is exact whatever the reader's time zone, and a
 * calendar shows it in the reader's own (Europe/London for Kent's schools), summer time included. Each booking has
 * one UID for its whole life, so a moved event's new invitation (SEQUENCE one higher) replaces the old entry and a
 * cancellation (METHOD:CANCEL) removes it.
 */

export interface CalendarEvent {
  bookingId: number;
  /** Higher with each invitation sent for the booking. */
  sequence: number;
  kind: "request" | "cancel";
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
  url: string | null;
  attendee: { name: string; email: string };
}

/** Who the invitations come from: the portal, whose mailbox is not read (replies are not asked for). */
export const CALENDAR_ORGANIZER = { name: "Kent SEND Inclusion Portal", email: "no-reply@send.kent.gov.uk" };

/** The UID of a booking's calendar entry: the same for every invitation about it. */
export function calendarUid(bookingId: number): string {
  return `training-booking-${bookingId}@send.kent.gov.uk`;
}

/** The .ics text for one booking, or throws when the library refuses the event (a bug: every field is ours). */
export function bookingCalendar(event: CalendarEvent): string {
  const attributes: EventAttributes = {
    uid: calendarUid(event.bookingId),
    sequence: event.sequence,
    method: event.kind === "request" ? "REQUEST" : "CANCEL",
    status: event.kind === "request" ? "CONFIRMED" : "CANCELLED",
    productId: "kent-send-inclusion-portal/training",
    title: event.title,
    description: event.description,
    start: event.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: event.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    location: event.location,
    ...(event.url ? { url: event.url } : {}),
    organizer: CALENDAR_ORGANIZER,
    attendees: [{ name: event.attendee.name, email: event.attendee.email, rsvp: false, role: "REQ-PARTICIPANT", partstat: "ACCEPTED" }],
  };
  const { error, value } = createEvent(attributes);
  if (error || !value) throw new Error(`calendar invitation for booking ${event.bookingId}: ${error?.message ?? "no value"}`);
  return value;
}
