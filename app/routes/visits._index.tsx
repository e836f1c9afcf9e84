import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate } from "~/components/format.ts";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { can } from "~/domain/access/access.server.ts";
import { getChampionOverview, getSchoolVisits, type VisitListItem } from "~/domain/champions/overview.server.ts";

export const handle = { title: "Inclusion Champion visits" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "visits:view");
  if (can(actor, "visits:log")) return { kind: "champion" as const, ...(await orUnavailable(() => getChampionOverview(context.db, actor))) };
  return { kind: "school" as const, school: actor.actingAs.label, ...(await orUnavailable(() => getSchoolVisits(context.db, actor))) };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function VisitStatus({ visit }: { visit: VisitListItem }) {
  if (visit.status === "draft") return <Tag colour="grey">Draft</Tag>;
  if (visit.overdueActions > 0) return <Tag colour="red">{`${visit.overdueActions} overdue`}</Tag>;
  return <Tag colour="green">Published</Tag>;
}

function VisitsTable({ visits, caption, showSchool }: { visits: VisitListItem[]; caption: string; showSchool: boolean }) {
  return (
    <Table
      caption={caption}
      rows={visits}
      rowKey={(v) => v.id}
      stickyFirstColumn
      empty="No visit reports yet."
      columns={[
        {
          header: "Visit",
          cell: (v) => (
            <a href={`/visits/${v.id}`} className="inline-block min-h-11 py-2">
              {v.visitedOn ? formatDate(v.visitedOn) : "Date not entered"}
              <span className="sr-only">{showSchool ? `, ${v.school}` : ""}</span>
            </a>
          ),
        },
        ...(showSchool ? [{ header: "School", cell: (v: VisitListItem) => v.school }] : [{ header: "Inclusion Champion", cell: (v: VisitListItem) => v.champion }]),
        { header: "Open actions", numeric: true, cell: (v) => (v.status === "draft" ? "–" : v.openActions) },
        { header: "Status", status: true, cell: (v) => <VisitStatus visit={v} /> },
      ]}
    />
  );
}

export default function Visits() {
  const data = useLoaderData<typeof loader>();
  if (data.kind === "school") {
    return (
      <div className="max-w-4xl">
        <PageHeading caption={data.school}>Inclusion Champion visits</PageHeading>
        <P>The reports of your Inclusion Champion&apos;s visits, once published, with the actions agreed. Mark your school&apos;s actions done as you complete them.</P>
        {data.overdueTotal > 0 ? (
          <section aria-labelledby="overdue-heading" className="mb-8">
            <h2 id="overdue-heading" className="mb-4 text-2xl font-bold">{`Overdue actions (${data.overdueTotal})`}</h2>
            <WarningText>These actions for your school are past their due date.</WarningText>
            <ul className="mb-6 border-t border-border">
              {data.overdue.map((a) => (
                <li key={a.id} className="border-b border-border py-3">
                  <a href={`/visits/actions/${a.id}`} className="inline-block min-h-11 py-2 font-bold">
                    {a.description}
                  </a>
                  <span className="block text-secondary-ink">{`Due ${formatDate(a.dueOn)}`}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <VisitsTable visits={data.visits} caption="Visit reports" showSchool={false} />
      </div>
    );
  }
  return (
    <div className="max-w-5xl">
      <PageHeading caption="Inclusion Champion">Your school visits</PageHeading>
      <p className="mb-8">
        <a href="/visits/new" className="inline-block bg-success px-4 py-3 text-lg font-bold !text-white !no-underline shadow-[0_2px_0_#002d18]">
          Log a visit
        </a>
      </p>
      <Table
        caption="Your schools"
        rows={data.schools}
        rowKey={(s) => s.id}
        stickyFirstColumn
        empty="You are not assigned to any schools yet."
        columns={[
          {
            header: "School",
            cell: (s) => (
              <>
                <span className="block font-bold">{s.name}</span>
                <a href={`/visits/new?school=${s.id}`} className="inline-block min-h-11 py-2">
                  Log a visit<span className="sr-only">{` to ${s.name}`}</span>
                </a>
              </>
            ),
          },
          { header: "Last visit", cell: (s) => (s.lastVisitOn ? formatDate(s.lastVisitOn) : "Not visited yet") },
          { header: "Open actions", numeric: true, cell: (s) => s.openActions },
          {
            header: "Profile",
            cell: (s) => (
              <ul className="text-base">
                <li>{`${s.profile.phase}, ${s.profile.numberOnRoll === null ? "roll not known" : `${s.profile.numberOnRoll} on roll`}`}</li>
                <li>{s.profile.district}</li>
                <li>{plural(s.profile.openFundingRequests, "funding request open", "funding requests open")}</li>
                <li>{plural(s.profile.openLiftReferrals, "LIFT referral waiting", "LIFT referrals waiting")}</li>
                {s.profile.resourceProvisions.map((srp) => (
                  <li key={srp}>{srp}</li>
                ))}
              </ul>
            ),
          },
          { header: "Overdue", status: true, cell: (s) => (s.overdueActions > 0 ? <Tag colour="red">{`${s.overdueActions} overdue`}</Tag> : <Tag colour="green">None</Tag>) },
        ]}
      />
      <VisitsTable visits={data.visits} caption="Your visit reports" showSchool />
    </div>
  );
}
