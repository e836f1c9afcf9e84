import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Table } from "~/components/ui/table.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { liftLanding } from "~/domain/stls/meeting-landing.server.ts";
import { countsWords, meetingWhen, meetingWhere } from "~/domain/stls/meeting-words.ts";

export const handle = { title: "LIFT meetings" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:view");
  const asked = new URL(request.url).searchParams.get("district") ?? "";
  const districtId = /^[1-9][0-9]{0,8}$/.test(asked) ? Number(asked) : null;
  return orUnavailable(() => liftLanding(context.db, actor, districtId));
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type SchoolData = Extract<Data, { kind: "school" }>;
type KeeperData = Extract<Data, { kind: "keeper" }>;

function SchoolLanding({ data }: { data: SchoolData }) {
  return (
    <>
      <PageHeading caption="STLS through LIFT">LIFT meetings</PageHeading>
      <P>
        Your district&apos;s Local Inclusion Forum Team (LIFT) meets to advise on pupils the school refers, after applying the Mainstream Core Standards. Send a referral with the
        parents&apos; signed Agreement to Engage by the papers-due day of a meeting.
      </P>
      <ul className="mb-8 flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <a href="/lift/referrals">Your school&apos;s referrals</a>
        </li>
        {data.canRefer ? (
          <li>
            <a href="/lift/referrals/new">Refer a pupil</a>
          </li>
        ) : null}
      </ul>
      <SummaryList
        rows={[
          { key: "Your LIFT group", value: data.group ? `${data.group.name} (${data.group.districtName})` : "Your school is not in a LIFT group yet: ask your district's STLS team" },
          {
            key: "Your STLS link teacher",
            value: data.linkTeacher ? (
              <>
                {`${data.linkTeacher.name}, `}
                <a href={`mailto:${data.linkTeacher.email}`}>{data.linkTeacher.email}</a>
              </>
            ) : (
              "Not named yet: the district's STLS team will name one"
            ),
          },
        ]}
      />
      <Table
        caption="Coming meetings of your group"
        empty="No meetings of your group are arranged yet."
        rowKey={(m) => m.id}
        rows={data.meetings}
        columns={[
          { header: "Meeting", cell: (m) => <a href={`/lift/meetings/${m.id}`}>{meetingWhen(m.startsAt, m.endsAt)}</a> },
          { header: "Where", cell: (m) => (m.cancelled ? "Cancelled" : meetingWhere(m.venue, m.online)) },
          { header: "Papers due", cell: (m) => `${formatDate(m.papersDueOn)}${m.papersDue ? " (closed)" : ""}` },
          { header: "Your referrals", numeric: true, cell: (m) => `${m.ours} of ${m.cap}` },
        ]}
      />
    </>
  );
}

function KeeperLanding({ data }: { data: KeeperData }) {
  const columns = [
    { header: "Meeting", cell: (m: KeeperData["coming"][number]) => <a href={`/lift/meetings/${m.id}`}>{meetingWhen(m.startsAt, m.endsAt)}</a> },
    { header: "Group", cell: (m: KeeperData["coming"][number]) => m.groupName },
    { header: "Where", cell: (m: KeeperData["coming"][number]) => (m.status === "cancelled" ? "Cancelled" : meetingWhere(m.venue, m.onlineUrl)) },
    { header: "Papers due", cell: (m: KeeperData["coming"][number]) => formatDate(m.papersDueOn) },
    { header: "Referrals", cell: (m: KeeperData["coming"][number]) => countsWords(m.counts) },
  ];
  return (
    <>
      <PageHeading caption="STLS through LIFT">LIFT meetings</PageHeading>
      {data.canKeep ? (
        <ul className="mb-8 flex flex-wrap gap-x-6 gap-y-2">
          <li>
            <a href="/lift/meetings/new">Add a meeting</a>
          </li>
          <li>
            <a href="/lift/meetings/term">Add a term&apos;s meetings</a>
          </li>
          <li>
            <a href="/lift/groups">LIFT groups and their schools</a>
          </li>
          <li>
            <a href="/lift/link-teachers">Link teachers</a>
          </li>
        </ul>
      ) : null}
      {data.districts.length > 0 ? (
        <Form method="get" role="search" aria-label="Meetings by district" className="mb-8 flex flex-wrap items-end gap-4">
          <div>
            <label htmlFor="lift-district" className="mb-1 block font-bold">
              District
            </label>
            <select id="lift-district" name="district" defaultValue={data.districtId ?? ""} className="block max-w-full border-2 border-ink bg-white px-2 py-1.5">
              <option value="">Every district</option>
              {data.districts.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary" className="mb-0">
            Show meetings
          </Button>
        </Form>
      ) : null}
      <Table caption="Coming meetings, soonest first" empty="No meetings are arranged." rowKey={(m) => m.id} rows={data.coming} columns={columns} />
      <Table caption="Meetings held, latest first" empty="No meetings have been held yet." rowKey={(m) => m.id} rows={data.held} columns={columns} />
    </>
  );
}

export default function LiftLanding() {
  const data = useLoaderData<typeof loader>();
  return data.kind === "school" ? <SchoolLanding data={data} /> : <KeeperLanding data={data} />;
}
