import type { SubmissionResult } from "@conform-to/react";
import type { SerializeFrom } from "@remix-run/node";
import { formatDate } from "./format.ts";
import { HintAndError, describedBy } from "./ui/field.tsx";
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

/** The ticked records after a refused save (what was sent), else those saved. */
function tickedOf(records: SerializeFrom<TrainingRecords>, lastResult: SubmissionResult<string[]> | undefined): Set<string> {
  const sent = (lastResult?.initialValue as Record<string, unknown> | undefined)?.trainingCitations;
  if (lastResult?.initialValue && "trainingCitationsShown" in lastResult.initialValue) {
    return new Set(Array.isArray(sent) ? sent.map(String) : typeof sent === "string" ? [sent] : []);
  }
  return new Set(records.cited.map(String));
}

/**
 * The evidence section's staff training (issue 9): the school's attendance records of the last two years, those
 * about the pupil's area of need first, the others after, as checkboxes the SENCO ticks to cite. Saved with the
 * section (the hidden field says the list was shown, so ticking none clears them).
 */
export function TrainingRecordsField({ records, lastResult }: { records: SerializeFrom<TrainingRecords>; lastResult: SubmissionResult<string[]> | undefined }) {
  const errors = lastResult?.error?.trainingCitations ?? undefined;
  const ticked = tickedOf(records, lastResult);
  const hint = records.needArea
    ? `Training your staff attended in the last two years. The council sees which records are about the pupil's area of need (${records.needArea}).`
    : "Training your staff attended in the last two years.";
  const order = [...records.matching, ...records.other].map((r) => r.bookingId);
  const box = (r: Record_) => {
    const index = order.indexOf(r.bookingId);
    const id = index === 0 ? CITATIONS_FIELD_ID : `${CITATIONS_FIELD_ID}-${index}`;
    return (
      <div key={r.bookingId} className="mb-2 flex items-start gap-2">
        <input
          type="checkbox"
          id={id}
          name="trainingCitations"
          value={r.bookingId}
          defaultChecked={ticked.has(String(r.bookingId))}
          className="mt-1 size-6 shrink-0 accent-ink"
        />
        <label htmlFor={id} className="pt-0.5">
          {label(r)}
        </label>
      </div>
    );
  };
  const none = records.matching.length === 0 && records.other.length === 0;
  return (
    <div className={`mb-6 ${errors?.length ? "border-l-[5px] border-error pl-4" : ""}`}>
      <input type="hidden" name="trainingCitationsShown" value="1" />
      <fieldset aria-describedby={none ? undefined : describedBy(CITATIONS_FIELD_ID, hint, errors)}>
        <legend className="mb-1 text-xl font-bold">Staff training to cite as evidence</legend>
        {none ? (
          <p className="mb-2">
            No attendance is recorded for your school in the last two years. Training booked through the portal appears here once the trainer marks who
            attended.
          </p>
        ) : (
          <>
            <HintAndError id={CITATIONS_FIELD_ID} hint={hint} errors={errors} />
            {records.needArea ? (
              <p className="mb-2 font-bold">{records.matching.length > 0 ? `About ${records.needArea}` : `None about ${records.needArea}`}</p>
            ) : null}
            {records.matching.map(box)}
            {records.other.length > 0 ? <p className="mb-2 mt-4 font-bold">Other training</p> : null}
            {records.other.map(box)}
          </>
        )}
      </fieldset>
    </div>
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
