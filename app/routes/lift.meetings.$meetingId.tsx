import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate } from "~/components/format.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { ownEntry } from "~/domain/lookup.ts";
import { meetingPage } from "~/domain/stls/agenda.server.ts";
import { meetingWhen, meetingWhere } from "~/domain/stls/meeting-words.ts";
import { OUTCOME_KIND_LABELS, REFERRAL_STATUS_LABELS } from "~/domain/stls/referrals.workflow.ts";

export const handle = { title: (data: unknown) => (data as { title?: string } | undefined)?.title ?? "LIFT meeting" };

const DONE: Record<string, string> = {
  added: "The meeting has been added. Schools of the group can now refer pupils to it.",
  term: "The term's meetings have been added.",
  changed: "The meeting has been changed.",
  cancelled: "The meeting has been cancelled. Referrals sent to it have moved to the group's next meeting and their schools have been told.",
  "cancelled-stayed": "The meeting has been cancelled. The group has no later meeting, so referrals sent to it stay here until one is added.",
  outcome: "The outcome has been recorded and the school told.",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:view");
  const page = await orUnavailable(() => meetingPage(context.db, actor, idParam(params.meetingId), context.requestId));
  const done = ownEntry(DONE, new URL(request.url).searchParams.get("done")) ?? null;
  return { ...page, done, title: `LIFT meeting, ${formatDate(page.meeting.date)}` };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Agenda({ data }: { data: Data }) {
  const { meeting, agenda } = data;
  return (
    <>
      <p className="mb-4">
        <a href={`/lift/meetings/${meeting.id}/agenda`}>Printable agenda</a>
      </p>
      {data.noLaterMeeting && agenda.some((a) => a.waiting) ? (
        <WarningText>The group has no later meeting: referrals not reached stay on this meeting until one is added.</WarningText>
      ) : null}
      <Table
        caption={`Agenda: ${agenda.length} ${agenda.length === 1 ? "referral" : "referrals"}`}
        empty="No referrals have been sent to this meeting."
        rowKey={(a) => a.reference}
        rows={agenda}
        stickyFirstColumn
        columns={[
          { header: "Referral", cell: (a) => <a href={`/lift/referrals/${a.reference}`}>{a.reference}</a> },
          { header: "School", cell: (a) => a.schoolName },
          { header: "Pupil", cell: (a) => `${a.pupilName}, ${a.yearGroup}` },
          { header: "Primary need", cell: (a) => a.primaryNeed },
          { header: "Discipline", cell: (a) => a.discipline ?? "" },
          { header: "Question for LIFT", cell: (a) => a.question ?? "" },
          { header: "Carried", numeric: true, cell: (a) => (a.carriedCount > 0 ? `${a.carriedCount} ${a.carriedCount === 1 ? "time" : "times"}` : "No") },
          {
            header: "Outcome",
            status: true,
            cell: (a) =>
              a.outcome ? (
                OUTCOME_KIND_LABELS[a.outcome.kind]
              ) : a.waiting && data.canRecord ? (
                <a href={`/lift/referrals/${a.reference}/outcome`}>
                  Record outcome<span className="sr-only"> for {a.reference}</span>
                </a>
              ) : (
                REFERRAL_STATUS_LABELS[a.status]
              ),
          },
        ]}
      />
    </>
  );
}

function Figures({ data }: { data: Data }) {
  return (
    <Table
      caption="Referrals by school, discipline and state"
      empty="No referrals have been sent to this meeting."
      rowKey={(f) => `${f.schoolName}|${f.discipline}|${f.status}`}
      rows={data.figures}
      columns={[
        { header: "School", cell: (f) => f.schoolName },
        { header: "Discipline", cell: (f) => f.discipline },
        { header: "State", cell: (f) => REFERRAL_STATUS_LABELS[f.status] },
        { header: "Referrals", numeric: true, cell: (f) => f.count },
      ]}
    />
  );
}

function Own({ data }: { data: Data }) {
  return (
    <Table
      caption="Your school's referrals to this meeting"
      empty="Your school has no referrals on this meeting."
      rowKey={(r) => r.reference}
      rows={data.own}
      columns={[
        { header: "Referral", cell: (r) => <a href={`/lift/referrals/${r.reference}`}>{r.reference}</a> },
        { header: "Pupil", cell: (r) => r.pupilName },
        { header: "Discipline", cell: (r) => r.discipline ?? "" },
        { header: "State", cell: (r) => REFERRAL_STATUS_LABELS[r.status] },
      ]}
    />
  );
}

export default function LiftMeeting() {
  const data = useLoaderData<typeof loader>();
  const { meeting } = data;
  return (
    <>
      <BackLink href="/lift">Back to LIFT meetings</BackLink>
      {data.done ? (
        <NotificationBanner kind="success" title="Success">
          {data.done}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${meeting.groupName}, ${meeting.districtName}`}>{`LIFT meeting, ${formatDate(meeting.date)}`}</PageHeading>
      {meeting.status === "cancelled" ? (
        <p className="mb-6">
          <Tag colour="red">Cancelled</Tag> {meeting.cancelledReason}
        </p>
      ) : null}
      <div className="max-w-3xl">
        <SummaryList
          rows={[
            { key: "When", value: meetingWhen(meeting.startsAt, meeting.endsAt) },
            { key: "Where", value: meetingWhere(meeting.venue, meeting.onlineUrl) },
            ...(meeting.onlineUrl ? [{ key: "Online link", value: <a href={meeting.onlineUrl}>{meeting.onlineUrl}</a> }] : []),
            { key: "Papers due", value: formatDate(meeting.papersDueOn) },
            { key: "Most referrals from a school", value: String(meeting.cap) },
          ]}
        />
        {data.canKeep && meeting.status === "scheduled" ? (
          <P>
            <a href={`/lift/meetings/${meeting.id}/edit`}>Change or cancel this meeting</a>
          </P>
        ) : null}
      </div>
      {data.view === "agenda" ? <Agenda data={data} /> : data.view === "figures" ? <Figures data={data} /> : <Own data={data} />}
    </>
  );
}
