import type { SerializeFrom } from "@remix-run/node";
import type { ReactNode } from "react";
import { formatLondonDay, formatLondonSpan } from "./format.ts";
import { Tag } from "./ui/tag.tsx";
import type { LiftOutcomeView, StlsVisitView } from "~/domain/stls/support-records.server.ts";

/**
 * A pupil's LIFT outcomes and specialist visits as the support timeline and a funding request's pages show them
 * (issue 10, ADR 46): one way to tell each, wherever it is read.
 */

type Outcome = SerializeFrom<LiftOutcomeView>;
type Visit = SerializeFrom<StlsVisitView>;

/** What a visit is called in a heading: "Specialist visit on 12 January 2027", "Drop-in clinic on ...". */
export function visitTitle(visit: Pick<Visit, "slotKind" | "startsAt">): string {
  return `${visit.slotKind === "clinic" ? "Drop-in clinic" : "Specialist visit"} on ${formatLondonDay(visit.startsAt)}`;
}

/** What an outcome is called: "Specialist involvement, LIFT meeting on 12 January 2027". */
export function outcomeTitle(outcome: Pick<Outcome, "kindLabel" | "meetingAt">): string {
  return `${outcome.kindLabel}, LIFT meeting on ${formatLondonDay(outcome.meetingAt)}`;
}

const VISIT_COLOUR = { booked: "blue", cancelled: "grey", done: "green" } as const;

export function VisitStatusTag({ status, label }: { status: Visit["status"]; label: string }) {
  return <Tag colour={VISIT_COLOUR[status]}>{label}</Tag>;
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="mb-3 grid grid-cols-1 gap-x-4 sm:grid-cols-[max-content_1fr]">
      {rows.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="font-bold">{key}</dt>
          <dd className="mb-1">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What LIFT decided: its advice, and the course, school or specialist it named. */
export function OutcomeDetails({ outcome }: { outcome: Outcome }) {
  const rows: [string, ReactNode][] = [["Recorded", formatLondonDay(outcome.recordedAt)]];
  if (outcome.course) rows.push(["Course suggested", outcome.course]);
  if (outcome.supportingSchool) rows.push(["Support from", outcome.supportingSchool]);
  if (outcome.specialist) rows.push(["Specialist teacher", outcome.specialist]);
  if (outcome.visitsAllocated !== null) rows.push(["Visits allocated", String(outcome.visitsAllocated)]);
  return (
    <>
      <p className="mb-1 font-bold">{outcome.kind === "deferred" ? "Why it was deferred" : "LIFT's advice"}</p>
      <p className="mb-3 whitespace-pre-line">{outcome.advice}</p>
      <Facts rows={rows} />
    </>
  );
}

/** When and where a visit was, who came, and how it ended: cancelled with the reason, or done with the note. */
export function VisitDetails({ visit }: { visit: Visit }) {
  const rows: [string, ReactNode][] = [
    ["When", formatLondonSpan(visit.startsAt, visit.endsAt)],
    ["Where", visit.place],
    ["Specialist teacher", visit.teacher],
  ];
  if (visit.referralReference) rows.push(["For LIFT referral", visit.referralReference]);
  if (visit.cancelled) {
    rows.push([
      "Cancelled",
      `${visit.cancelled.bySpecialist ? "By the specialist teacher" : "By the school"} on ${formatLondonDay(visit.cancelled.at)}: ${visit.cancelled.reason}`,
    ]);
  }
  return (
    <>
      <Facts rows={rows} />
      {visit.note ? (
        <>
          <p className="mb-1 font-bold">Specialist&apos;s note, written on {formatLondonDay(visit.note.at)}</p>
          <p className="mb-3 whitespace-pre-line">{visit.note.text}</p>
        </>
      ) : null}
    </>
  );
}
