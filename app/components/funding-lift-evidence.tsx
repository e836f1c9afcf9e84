import type { SubmissionResult } from "@conform-to/react";
import type { SerializeFrom } from "@remix-run/node";
import { CitationChoices } from "./funding-evidence-citations.tsx";
import { OutcomeDetails, VisitDetails, outcomeTitle, visitTitle } from "./lift-support.tsx";
import { Table } from "./ui/table.tsx";
import { Tag } from "./ui/tag.tsx";
import { LIFT_CITATION_STATUS_LABELS, liftCitationKey } from "~/domain/stls/funding-evidence.ts";
import type { CitedLiftRecord, LiftRecordsForm, LiftSupportOfRequest } from "~/domain/stls/funding-evidence.server.ts";

/** The id of the first LIFT checkbox: the error summary links there. */
export const LIFT_CITATIONS_FIELD_ID = "lift-citations";

/**
 * The evidence section's LIFT records (issue 10, ADR 46): the pupil's LIFT outcomes and the specialist visits done,
 * as checkboxes the SENCO ticks to cite for the evidence about LIFT advice and its recommendations.
 */
export function LiftRecordsField({ records, lastResult }: { records: SerializeFrom<LiftRecordsForm>; lastResult: SubmissionResult<string[]> | undefined }) {
  return (
    <CitationChoices
      id={LIFT_CITATIONS_FIELD_ID}
      field="liftCitations"
      shownField="liftCitationsShown"
      legend="LIFT advice and specialist visits to cite as evidence"
      hint="What LIFT decided about this pupil, and the visits specialist teachers have done with their notes. The council reads each one you cite."
      groups={[
        {
          heading: "LIFT outcomes",
          choices: records.outcomes.map((o) => ({ value: liftCitationKey("outcome", o.id), label: `${outcomeTitle(o)} (${o.referralReference})` })),
        },
        {
          heading: "Specialist visits done",
          choices: records.visits.map((v) => ({ value: liftCitationKey("visit", v.id), label: `${visitTitle(v)}, ${v.teacher}` })),
        },
      ]}
      empty={
        records.pupilChosen
          ? "No LIFT outcome or specialist visit is recorded for this pupil yet. Outcomes appear here once LIFT records them, and visits once the specialist teacher writes their note."
          : "Choose the pupil first (in the pupil section): their LIFT outcomes and specialist visits then appear here to cite."
      }
      saved={records.cited}
      lastResult={lastResult}
    />
  );
}

type Cited = SerializeFrom<CitedLiftRecord>;

function citedName(c: Cited): string {
  if (c.outcome) return `LIFT outcome: ${outcomeTitle(c.outcome)} (${c.outcome.referralReference})`;
  if (c.visit) return `${visitTitle(c.visit)}, ${c.visit.teacher}`;
  return c.kind === "outcome" ? "A LIFT outcome" : "A specialist visit";
}

/**
 * The LIFT outcomes and visits a request cites, for whoever reads it: each with whether it is still the pupil's
 * (an outcome of their referral, a visit done). A record that is not is never shown, only that it was not found.
 */
export function CitedLift({ cited }: { cited: Cited[] }) {
  return (
    <Table
      caption="LIFT outcomes and specialist visits cited"
      empty="The school has not cited any LIFT outcomes or specialist visits from the portal."
      rowKey={(c) => c.key}
      rows={cited}
      columns={[
        { header: "Cited", cell: citedName },
        { header: "Record", status: true, cell: (c) => <Tag colour={c.status === "confirmed" ? "green" : "red"}>{LIFT_CITATION_STATUS_LABELS[c.status]}</Tag> },
      ]}
    />
  );
}

/**
 * What LIFT and the specialist teachers did for the request's pupil (issue 10): the outcomes with LIFT's advice and
 * the visits done with their notes, for the officer deciding (and the school reading its request), read through the
 * request. The records the request cites say so.
 */
export function LiftSupportSection({ support, timelineHref }: { support: SerializeFrom<LiftSupportOfRequest>; timelineHref?: string }) {
  const cited = new Set((support.cited ?? []).filter((c) => c.status === "confirmed").map((c) => c.key));
  const citedTag = (key: string) =>
    cited.has(key) ? (
      <p className="mb-2">
        <Tag colour="blue">Cited by the school</Tag>
      </p>
    ) : null;
  return (
    <section className="mb-8" aria-labelledby="lift-support-heading">
      <h2 id="lift-support-heading" className="mb-4 mt-2 text-2xl font-bold">
        The pupil&apos;s LIFT outcomes and specialist visits
      </h2>
      {support.outcomes.length === 0 && support.visits.length === 0 ? (
        <p className="mb-4">No LIFT outcome or specialist visit done is recorded for this pupil.</p>
      ) : null}
      {support.outcomes.map((o) => (
        <article key={o.id} className="mb-6 border-l-4 border-border pl-4">
          <h3 className="mb-2 text-xl font-bold">
            LIFT outcome: {outcomeTitle(o)} ({o.referralReference})
          </h3>
          {citedTag(liftCitationKey("outcome", o.id))}
          <OutcomeDetails outcome={o} />
        </article>
      ))}
      {support.visits.map((v) => (
        <article key={v.id} className="mb-6 border-l-4 border-border pl-4">
          <h3 className="mb-2 text-xl font-bold">{visitTitle(v)}</h3>
          {citedTag(liftCitationKey("visit", v.id))}
          <VisitDetails visit={v} />
        </article>
      ))}
      {timelineHref ? (
        <p className="mb-4">
          <a href={timelineHref}>The pupil&apos;s whole support timeline</a>
        </p>
      ) : null}
    </section>
  );
}
