import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate } from "~/components/format.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { meetingPage } from "~/domain/stls/agenda.server.ts";
import { meetingWhen, meetingWhere } from "~/domain/stls/meeting-words.ts";
import { OUTCOME_KIND_LABELS } from "~/domain/stls/referrals.workflow.ts";

export const handle = { title: (data: unknown) => (data as { title?: string } | undefined)?.title ?? "LIFT agenda" };

/** The agenda to print (the district's STLS teachers only): one block a referral, kept whole on a page. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:outcome");
  const page = await orUnavailable(() => meetingPage(context.db, actor, idParam(params.meetingId), context.requestId));
  return { meeting: page.meeting, agenda: page.agenda, noLaterMeeting: page.noLaterMeeting, title: `LIFT agenda, ${formatDate(page.meeting.date)}` };
}

export default function PrintableAgenda() {
  const { meeting, agenda, noLaterMeeting } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-3xl">
      <div className="print:hidden">
        <BackLink href={`/lift/meetings/${meeting.id}`}>Back to the meeting</BackLink>
        <p className="mb-4">Print this page from your browser to take the agenda to the meeting.</p>
      </div>
      <h1 className="mb-2 text-3xl font-bold">
        {`${meeting.groupName}: agenda for ${formatDate(meeting.date)}`}
      </h1>
      <p className="mb-6">
        {`${meetingWhen(meeting.startsAt, meeting.endsAt)}, ${meetingWhere(meeting.venue, meeting.onlineUrl)}${meeting.status === "cancelled" ? ". This meeting has been cancelled." : "."}`}
      </p>
      {noLaterMeeting && agenda.some((a) => a.waiting) ? <p className="mb-6 font-bold">The group has no later meeting: referrals not reached stay on this meeting until one is added.</p> : null}
      {agenda.length === 0 ? <p>No referrals have been sent to this meeting.</p> : null}
      <ol className="list-none p-0">
        {agenda.map((a, i) => (
          <li key={a.reference} className="mb-6 break-inside-avoid border-t-2 border-ink pt-3">
            <h2 className="mb-2 text-xl font-bold">
              {`${i + 1}. ${a.pupilName}, ${a.yearGroup} (${a.schoolName})`}
            </h2>
            <dl className="grid grid-cols-[12em_1fr] gap-x-4 gap-y-1">
              <dt className="font-bold">Referral</dt>
              <dd>{a.reference}</dd>
              <dt className="font-bold">Primary need</dt>
              <dd>{a.primaryNeed}</dd>
              <dt className="font-bold">Discipline</dt>
              <dd>{a.discipline}</dd>
              <dt className="font-bold">Question for LIFT</dt>
              <dd className="whitespace-pre-line">{a.question}</dd>
              <dt className="font-bold">Carried from earlier meetings</dt>
              <dd>{a.carriedCount === 0 ? "No" : `${a.carriedCount} ${a.carriedCount === 1 ? "time" : "times"}`}</dd>
              <dt className="font-bold">Outcome</dt>
              <dd className="whitespace-pre-line">{a.outcome ? `${OUTCOME_KIND_LABELS[a.outcome.kind]}: ${a.outcome.advice}` : "Not recorded yet"}</dd>
            </dl>
          </li>
        ))}
      </ol>
    </div>
  );
}
