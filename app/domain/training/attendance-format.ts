import { formatDateTime, formatTime } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";

/** An event's time in words (Europe/London): "3 March 2027 at 9:30 am to 12:30 pm", or both in full across days. */
export function formDateTimeRange(startsAt: string | Date, endsAt: string | Date): string {
  const sameDay = londonToday(new Date(startsAt)) === londonToday(new Date(endsAt));
  return `${formatDateTime(startsAt)} to ${sameDay ? formatTime(endsAt) : formatDateTime(endsAt)}`;
}

/** The register's two answers for each person booked (a row left unchosen changes nothing). */
export const ATTENDANCE_CHOICES = [
  { value: "yes", label: "Attended" },
  { value: "no", label: "Did not attend" },
] as const;
