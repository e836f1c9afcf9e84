import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate, formatDateTime } from "~/components/format.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { getDecisionLetter, referenceParam } from "~/domain/funding/funding.server.ts";
import { londonToday } from "~/domain/financial-year.ts";
import { formatPence } from "~/domain/money.ts";

export const handle = { title: (data: unknown) => `Decision letter ${(data as { letter?: { reference: string } } | undefined)?.letter?.reference ?? ""}`.trim() };

/** A decision's letter (the latest, or `?decision=` an earlier one): to read, print (the print stylesheet) or download. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:view");
  const reference = referenceParam(params);
  const decision = new URL(request.url).searchParams.get("decision");
  return { letter: await orUnavailable(() => getDecisionLetter(context.db, actor, reference, decision, "view", context.requestId)) };
}

export default function DecisionLetterPage() {
  const { letter } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-3xl">
      <BackLink href={`/funding/${letter.reference}`}>{`Back to ${letter.reference}`}</BackLink>
      {letter.superseded ? (
        <NotificationBanner>
          A later decision has replaced this one. <a href={`/funding/${letter.reference}/letter`}>Read the current decision letter</a>
        </NotificationBanner>
      ) : null}
      <p className="mb-2 text-right">Kent County Council · {formatDate(londonToday(new Date(letter.decidedAt)))}</p>
      <PageHeading caption={letter.school.name}>Decision on funding request {letter.reference}</PageHeading>
      {letter.correction ? <p className="mb-4">This letter corrects an earlier decision on the same request.</p> : null}
      <SummaryList
        rows={[
          { key: "School", value: `${letter.school.name} (URN ${letter.school.urn})` },
          { key: "Reference", value: letter.reference },
          { key: "Funding", value: letter.scheme },
          ...(letter.pupil ? [{ key: "Pupil", value: letter.pupil }] : []),
          { key: "Requested", value: letter.requestedPence === null ? "No amount" : formatPence(letter.requestedPence) },
        ]}
      />
      <H2>The decision</H2>
      <SummaryList
        rows={[
          { key: "Outcome", value: letter.outcomeLabel },
          { key: "Amount awarded", value: formatPence(letter.awardedPence) },
          { key: "Award period", value: letter.periodText },
          { key: "Monthly payments", value: letter.paymentsText },
        ]}
      />
      <H2>Why</H2>
      {letter.reasons.map((line, i) => (
        <p key={i} className="mb-3 whitespace-pre-line">
          {line}
        </p>
      ))}
      <H2>How to ask for a review of this decision</H2>
      {letter.howToAskForReview.map((line, i) => (
        <p key={i} className="mb-3">
          {line}
        </p>
      ))}
      <p className="mt-6 mb-8">
        Decided by {letter.decidedBy} for Kent County Council on {formatDateTime(letter.decidedAt)}.
      </p>
      <p data-print="hide" className="mb-8">
        <a href={`/funding/${letter.reference}/letter.pdf?decision=${letter.decisionId}`} download>
          Download this letter as a PDF
        </a>{" "}
        or print this page from your browser.
      </p>
    </div>
  );
}
