import type { LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { FundingStatusTag } from "~/components/funding-status.tsx";
import { formatLondonDay } from "~/components/format.ts";
import { ReferralStatusTag } from "~/components/lift-referral-status.tsx";
import { OutcomeDetails, VisitDetails, VisitStatusTag, outcomeTitle, visitTitle } from "~/components/lift-support.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { formatPence } from "~/domain/money.ts";
import { type FundingEntry, type ReferralEntry, type SupportEntry, type VisitEntry, supportTimeline } from "~/domain/stls/support-timeline.server.ts";

// The title names no child: titles end up in browser history and tab lists.
export const handle = { title: "Support timeline" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "pupils:view");
  const id = idParam(params.pupilId);
  return orUnavailable(() => supportTimeline(context.db, actor, id, context.requestId));
}

type Entry<T extends SupportEntry> = SerializeFrom<T>;

function EntryHeading({ href, children }: { href: string; children: string }) {
  return (
    <h2 className="mb-2 text-2xl font-bold">
      <a href={href}>{children}</a>
    </h2>
  );
}

function Referral({ entry }: { entry: Entry<ReferralEntry> }) {
  const meeting = entry.meeting ? `the ${entry.meeting.group} meeting on ${formatLondonDay(entry.meeting.startsAt)}` : "no meeting chosen yet";
  return (
    <>
      <EntryHeading href={`/lift/referrals/${entry.reference}`}>{`LIFT referral ${entry.reference}`}</EntryHeading>
      <p className="mb-2">
        <ReferralStatusTag status={entry.status} label={entry.statusLabel} />
      </p>
      <p className="mb-2">
        {entry.status === "draft"
          ? `A draft, not sent to LIFT: started on ${formatLondonDay(entry.at)}, for ${meeting}. Only your school sees it.`
          : entry.sentAt
            ? `Sent on ${formatLondonDay(entry.sentAt)} to ${meeting}.`
            : `Started on ${formatLondonDay(entry.at)}, for ${meeting}.`}
        {entry.withdrawnAt ? ` Withdrawn by the school on ${formatLondonDay(entry.withdrawnAt)}.` : ""}
      </p>
      {entry.discipline ? <p className="mb-2">Discipline: {entry.discipline}</p> : null}
      {entry.question ? <p className="mb-4 whitespace-pre-line">Question for LIFT: {entry.question}</p> : null}
      {entry.outcomes.map((outcome) => (
        <section key={outcome.id} className="mb-4 border-l-4 border-border pl-4" aria-labelledby={`outcome-${outcome.id}`}>
          <h3 id={`outcome-${outcome.id}`} className="mb-2 text-xl font-bold">
            Outcome: {outcomeTitle(outcome)}
          </h3>
          <OutcomeDetails outcome={outcome} />
          {outcome.kind === "involvement" ? (
            outcome.visits.length > 0 ? (
              <>
                <p className="mb-1 font-bold">Visits booked</p>
                <ul className="mb-2 list-disc pl-6">
                  {outcome.visits.map((v) => (
                    <li key={v.id}>
                      <a href={`/stls/visits/${v.id}`}>{formatLondonDay(v.startsAt)}</a> ({v.statusLabel.toLowerCase()})
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="mb-2">No visits booked yet.</p>
            )
          ) : null}
        </section>
      ))}
    </>
  );
}

function Visit({ entry }: { entry: Entry<VisitEntry> }) {
  return (
    <>
      <EntryHeading href={`/stls/visits/${entry.id}`}>{visitTitle(entry)}</EntryHeading>
      <p className="mb-2">
        <VisitStatusTag status={entry.status} label={entry.statusLabel} />
      </p>
      <VisitDetails visit={entry} />
    </>
  );
}

function Funding({ entry }: { entry: Entry<FundingEntry> }) {
  return (
    <>
      <EntryHeading href={`/funding/${entry.reference}`}>{`Funding request ${entry.reference}`}</EntryHeading>
      <p className="mb-2">
        <FundingStatusTag status={entry.status} label={entry.statusLabel} />
      </p>
      <p className="mb-2">{entry.scheme}.</p>
      <p className="mb-2">
        {entry.submittedAt ? `Sent to the council on ${formatLondonDay(entry.submittedAt)}.` : `Started on ${formatLondonDay(entry.at)}, not yet sent to the council.`}{" "}
        Requested: {entry.requestedPence === null ? "no amount yet" : formatPence(entry.requestedPence)}.
      </p>
      {entry.decidedAt ? (
        <p className="mb-2">
          Decided on {formatLondonDay(entry.decidedAt)}: {entry.statusLabel.toLowerCase()}
          {entry.awardedPence !== null ? `, ${formatPence(entry.awardedPence)} awarded` : ""}.
        </p>
      ) : null}
    </>
  );
}

export default function SupportTimelinePage() {
  const { pupil, entries } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-3xl">
      <BackLink href={`/pupils/${pupil.id}`}>Back to the pupil&apos;s record</BackLink>
      <PageHeading caption={`${pupil.name}, ${pupil.yearGroup}`}>Support timeline</PageHeading>
      <p className="mb-6">
        The graduated approach in the order it happened, oldest first: LIFT referrals and what LIFT decided, specialist teachers&apos; visits, and
        funding requests with their decisions.
      </p>
      {entries.length === 0 ? (
        <p className="mb-6">Nothing yet: no LIFT referral, specialist visit or funding request names this pupil.</p>
      ) : (
        <ol className="mb-8 border-l-4 border-border pl-4">
          {entries.map((entry) => (
            <li key={entry.kind === "visit" ? `visit-${entry.id}` : `${entry.kind}-${entry.reference}`} className="mb-8">
              {entry.kind === "referral" ? <Referral entry={entry} /> : entry.kind === "visit" ? <Visit entry={entry} /> : <Funding entry={entry} />}
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={`/pupils/${pupil.id}`}>Back to the pupil&apos;s record</a>
      </p>
    </div>
  );
}
