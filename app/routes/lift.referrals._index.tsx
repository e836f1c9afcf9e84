import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate } from "~/components/format.ts";
import { ReferralStatusTag } from "~/components/lift-referral-status.tsx";
import { Button } from "~/components/ui/button.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { listReferrals } from "~/domain/stls/referral-queries.server.ts";
import { REFERRAL_LIST_LIMIT } from "~/domain/stls/referral.rules.ts";

export const handle = { title: "LIFT referrals" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:referrals");
  const url = new URL(request.url);
  const status = url.searchParams.get("status") ?? "";
  const meeting = url.searchParams.get("meeting") ?? "";
  const filter = { status, meetingId: /^\d{1,9}$/.test(meeting) ? Number(meeting) : undefined };
  const list = await orUnavailable(() => listReferrals(context.db, actor, filter));
  return { ...list, filter: { status, meeting }, withdrawn: url.searchParams.get("withdrawn") };
}

export default function LiftReferrals() {
  const { referrals, statuses, meetings, filter, fromSchool, canRefer, more, withdrawn } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-5xl">
      {withdrawn ? (
        <NotificationBanner kind="success" title="Success">
          {withdrawn} has been withdrawn.
        </NotificationBanner>
      ) : null}
      <PageHeading caption="LIFT">LIFT referrals</PageHeading>
      <p className="mb-6">
        {fromSchool
          ? "Your school's referrals of pupils to the local LIFT meeting, drafts included."
          : "Referrals schools in your district have sent to LIFT."}
      </p>
      {canRefer ? (
        <p className="mb-6">
          <a href="/lift/referrals/new" className="font-bold">
            Refer a pupil to LIFT
          </a>
        </p>
      ) : null}
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="filter-status" className="mb-1 block font-bold">
            Status
          </label>
          <select id="filter-status" name="status" defaultValue={filter.status} className="block max-w-full border-2 border-ink bg-white px-2 py-1.5">
            <option value="">Any status</option>
            {statuses.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-meeting" className="mb-1 block font-bold">
            Meeting
          </label>
          <select id="filter-meeting" name="meeting" defaultValue={filter.meeting} className="block max-w-full border-2 border-ink bg-white px-2 py-1.5">
            <option value="">Any meeting</option>
            {meetings.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {formatDate(m.date)}, {m.groupName}
              </option>
            ))}
          </select>
        </div>
        <div className="-mb-8">
          <Button variant="secondary">Filter</Button>
        </div>
      </Form>
      <Table
        caption="Referrals"
        stickyFirstColumn
        rowKey={(r) => r.reference}
        rows={referrals}
        empty={filter.status || filter.meeting ? "There are no referrals matching these filters." : "There are no referrals yet."}
        columns={[
          { header: "Reference", cell: (r) => <a href={`/lift/referrals/${r.reference}`}>{r.reference}</a> },
          ...(fromSchool ? [] : [{ header: "School", cell: (r: (typeof referrals)[number]) => r.school }]),
          { header: "Pupil", cell: (r) => `${r.pupil}, ${r.yearGroup}` },
          { header: "Meeting", cell: (r) => (r.meetingDate ? formatDate(r.meetingDate) : "Not chosen yet") },
          { header: "Discipline", cell: (r) => r.discipline ?? "Not chosen yet" },
          { header: "Status", status: true, cell: (r) => <ReferralStatusTag status={r.status} label={r.statusLabel} /> },
        ]}
      />
      {more ? <p className="mb-6">Showing the newest {REFERRAL_LIST_LIMIT}. Filter by status or meeting to find others.</p> : null}
    </div>
  );
}
