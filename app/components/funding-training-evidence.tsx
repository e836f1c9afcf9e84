import type { SubmissionResult } from "@conform-to/react";
import type { SerializeFrom } from "@remix-run/node";
import { formatDate } from "./format.ts";
import { type CitationGroup, CitationChoices } from "./funding-evidence-citations.tsx";
import { Table } from "./ui/table.tsx";
import { Tag } from "./ui/tag.tsx";
import { CITATION_STATUS_LABELS } from "~/domain/training/funding-evidence.ts";
import type { CitedRecord, TrainingRecord, TrainingRecords } from "~/domain/training/funding-evidence.server.ts";

/** The id of the first checkbox: the error summary links there. */
export const CITATIONS_FIELD_ID = "training-citations";

type Record_ = SerializeFrom<TrainingRecord>;

function londonDay(at: string | Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(at));
}

function label(r: Record_): string {
  return `${r.course}: ${r.attendee} (${r.role}), ${formatDate(londonDay(r.endedAt))}`;
}

/**
 * The evidence section's staff training (issue 9): the school's attendance records of the last two years, those
 * about the pupil's area of need first, the others after, as checkboxes the SENCO ticks to cite. Saved with the
 * section (CitationChoices: the hidden field says the list was shown, so ticking none clears them).
 */
export function TrainingRecordsField({ records, lastResult }: { records: SerializeFrom<TrainingRecords>; lastResult: SubmissionResult<string[]> | undefined }) {
  const hint = records.needArea
    ? `Training your staff attended in the last two years. The council sees which records are about the pupil's area of need (${records.needArea}).`
    : "Training your staff attended in the last two years.";
  const choices = (list: Record_[]) => list.map((r) => ({ value: String(r.bookingId), label: label(r) }));
  const groups: CitationGroup[] = [
    { heading: records.needArea ? (records.matching.length > 0 ? `About ${records.needArea}` : `None about ${records.needArea}`) : undefined, choices: choices(records.matching) },
    ...(records.other.length > 0 ? [{ heading: "Other training", choices: choices(records.other) }] : []),
  ];
  return (
    <CitationChoices
      id={CITATIONS_FIELD_ID}
      field="trainingCitations"
      shownField="trainingCitationsShown"
      legend="Staff training to cite as evidence"
      hint={hint}
      groups={groups}
      empty="No attendance is recorded for your school in the last two years. Training booked through the portal appears here once the trainer marks who attended."
      saved={records.cited.map(String)}
      lastResult={lastResult}
    />
  );
}

const COLOUR = { confirmed: "green", not_found: "red", too_old: "yellow" } as const;
type Cited = SerializeFrom<CitedRecord>;

/**
 * The staff training a request cites, for whoever reads it (the officer deciding first): each record with whether
 * it really counts today (attended, this school, within two years) and whether it is about the pupil's need.
 * Another school's record is never shown, only that it was not found.
 */
export function CitedTraining({ cited }: { cited: SerializeFrom<{ needArea: string | null; cited: CitedRecord[] }> }) {
  return (
    <Table
      caption="Staff training cited"
      empty="The school has not cited any training records from the portal."
      rowKey={(c) => c.bookingId}
      rows={cited.cited}
      columns={[
        { header: "Course", cell: (c) => c.record?.course ?? "Not shown" },
        { header: "Attended by", cell: (c) => (c.record ? `${c.record.attendee} (${c.record.role})` : "") },
        { header: "Date", cell: (c) => (c.record ? formatDate(londonDay(c.record.endedAt)) : "") },
        ...(cited.needArea ? [{ header: `About ${cited.needArea}`, cell: (c: Cited) => (c.record ? (c.record.matchesNeed ? "Yes" : "No") : "") }] : []),
        { header: "Attendance", status: true, cell: (c) => <Tag colour={COLOUR[c.status]}>{CITATION_STATUS_LABELS[c.status]}</Tag> },
      ]}
    />
  );
}
