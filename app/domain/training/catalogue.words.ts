import { formatPence } from "../money.ts";

/** How the catalogue says an event's places and cost in plain words (ADR 38). Client-safe. */

export interface PlacesState {
  status: string;
  places: number;
  booked: number;
  bookingClosesAt: Date | string;
  startsAt: Date | string;
}

export type Availability = "open" | "full" | "closed" | "cancelled" | "draft";

/** Whether a school can book now: open with places, full (the waiting list), closed (or past), cancelled, draft. */
export function availability(event: PlacesState, now: Date): Availability {
  if (event.status === "cancelled") return "cancelled";
  if (event.status === "draft") return "draft";
  if (new Date(event.bookingClosesAt) <= now || new Date(event.startsAt) <= now) return "closed";
  return event.booked >= event.places ? "full" : "open";
}

/** "3 places left", "1 place left", "Full: join the waiting list", "Booking closed", "Cancelled". */
export function placesWords(event: PlacesState, now: Date): string {
  const left = Math.max(0, event.places - event.booked);
  switch (availability(event, now)) {
    case "cancelled":
      return "Cancelled";
    case "draft":
      return `Draft: ${event.places} ${event.places === 1 ? "place" : "places"}`;
    case "closed":
      return "Booking closed";
    case "full":
      return "Full: join the waiting list";
    default:
      return `${left} ${left === 1 ? "place" : "places"} left`;
  }
}

/** "Free" or "£45.00" (a place, for each person booked). */
export function costWords(costPence: number): string {
  return costPence === 0 ? "Free" : formatPence(costPence);
}

/** The council's lists of events: upcoming (published), drafts, past, cancelled. */
export const COUNCIL_SHOWS = ["upcoming", "draft", "past", "cancelled"] as const;
export type CouncilShow = (typeof COUNCIL_SHOWS)[number];
