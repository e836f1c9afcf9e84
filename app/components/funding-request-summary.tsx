import type { DraftSection } from "~/domain/funding/draft-sections.ts";
import type { FundingRequestDetail } from "~/domain/funding/funding.server.ts";
import { formatPence } from "~/domain/money.ts";
import { formatDate } from "./format.ts";
import { FundingDocumentsTable } from "./funding-documents.tsx";
import { SummaryList } from "./ui/summary-list.tsx";
import { Table } from "./ui/table.tsx";
import { H2 } from "./ui/typography.tsx";

type Detail = Pick<
  FundingRequestDetail,
  "scheme" | "pupil" | "school" | "amountRequestedPence" | "periodStart" | "periodEnd" | "lines" | "totalPence" | "totalHours" | "largestRequestPence" | "evidence" | "reference" | "documents" | "consent"
>;

const NOT_ENTERED = "Not entered";

function period(start: string | null, end: string | null) {
  if (!start && !end) return "Not entered";
  return `${start ? formatDate(start) : "?"} to ${end ? formatDate(end) : "?"}`;
}

/**
 * A request's content, read-only: who it is for, the costed plan and the evidence. Shared by the request
 * page, check-your-answers and the decision page. `change` adds "Change" links to the draft form (SENCO);
 * the evidence documents follow the evidence.
 */
export function FundingRequestSummary({
  request,
  change,
  showSchool,
  documentsLink,
}: {
  request: Detail;
  change?: string;
  showSchool?: boolean;
  /** The words of a link to the request's documents page, for those who may add or withdraw documents. */
  documentsLink?: string;
}) {
  // "Change" goes to the section's own page (draft-sections.ts), at the answer.
  const changeLink = (section: DraftSection, anchor: string, what: string) =>
    change ? (
      <a href={`${change}/${section}#section-${anchor}`}>
        Change<span className="sr-only"> {what}</span>
      </a>
    ) : undefined;
  const pupil = request.pupil;
  return (
    <>
      <H2>The request</H2>
      <SummaryList
        rows={[
          ...(showSchool ? [{ key: "School", value: `${request.school.name} (URN ${request.school.urn}), ${request.school.district}` }] : []),
          { key: "Scheme", value: request.scheme.name },
          ...(request.scheme.requiresPupil
            ? [{ key: "Pupil", value: pupil ? pupil.name : "Not selected", action: changeLink("pupil", "pupilId", "pupil") }]
            : []),
          { key: "Period", value: period(request.periodStart, request.periodEnd), action: changeLink("period", "periodStart", "period") },
          {
            key: "Amount requested",
            value: request.amountRequestedPence === null ? "Not entered" : formatPence(request.amountRequestedPence),
            action: changeLink("amount", "amountRequested", "amount requested"),
          },
        ]}
      />
      {pupil ? (
        <>
          <H2>About the pupil</H2>
          <SummaryList
            rows={[
              { key: "Name", value: pupil.name },
              { key: "UPN", value: pupil.upn ?? "None yet" },
              { key: "Date of birth", value: formatDate(pupil.dateOfBirth) },
              { key: "Year group", value: pupil.yearGroup },
              { key: "SEN provision", value: pupil.provision },
              { key: "Primary need", value: pupil.primaryNeed },
              { key: "Secondary need", value: pupil.secondaryNeed ?? "None" },
            ]}
          />
        </>
      ) : null}
      <Table
        caption="Provision plan"
        rowKey={(l) => `${l.description}-${l.deliveredBy}-${l.costPence}`}
        rows={request.lines}
        empty="No costed lines yet."
        columns={[
          // A draft's line may still be partly filled in.
          { header: "Provision", cell: (l) => l.description ?? NOT_ENTERED },
          { header: "Delivered by", cell: (l) => l.deliveredBy ?? NOT_ENTERED },
          { header: "Hours a week", numeric: true, cell: (l) => l.hoursPerWeek ?? NOT_ENTERED },
          { header: "Weeks", numeric: true, cell: (l) => l.weeks ?? NOT_ENTERED },
          { header: "Cost", numeric: true, cell: (l) => (l.costPence === null ? NOT_ENTERED : formatPence(l.costPence)) },
        ]}
      />
      {request.lines.length > 0 ? (
        <SummaryList
          rows={[
            { key: "Total cost of the plan", value: formatPence(request.totalPence), action: changeLink("plan", "lines", "provision plan") },
            { key: "Total hours", value: String(request.totalHours) },
            ...(request.scheme.contributionApplies
              ? [
                  { key: "School's contribution", value: `${formatPence(request.scheme.contributionPence, { whole: true })}, met from the notional SEN budget` },
                  { key: "Most that can be requested", value: formatPence(request.largestRequestPence) },
                ]
              : []),
          ]}
        />
      ) : null}
      {request.scheme.requiresPupil ? (
        <>
          <H2>Parental consent</H2>
          <SummaryList
            rows={[
              { key: "Who gave consent", value: request.consent.givenBy ?? NOT_ENTERED, action: changeLink("consent", "consentGivenBy", "who gave consent") },
              { key: "Date consent was given", value: request.consent.date ? formatDate(request.consent.date) : NOT_ENTERED, action: changeLink("consent", "consentGivenBy", "date consent was given") },
              { key: "How consent was given", value: request.consent.methodLabel ?? NOT_ENTERED, action: changeLink("consent", "consentGivenBy", "how consent was given") },
            ]}
          />
        </>
      ) : null}
      <H2>Evidence</H2>
      <SummaryList
        rows={request.scheme.checklist.map((item) => ({
          key: item.label,
          value: request.evidence[item.key] ? <span className="whitespace-pre-line">{request.evidence[item.key]}</span> : "Not answered",
          action: changeLink("evidence", `evidence-${item.key}`, item.label),
        }))}
      />
      <FundingDocumentsTable reference={request.reference} documents={request.documents} />
      {documentsLink ? (
        <p className="mb-8">
          <a href={`/funding/${request.reference}/documents`} className="font-bold">
            {documentsLink}
          </a>
        </p>
      ) : null}
    </>
  );
}
