import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { can, idParam } from "~/domain/access/access.server.ts";
import { getSrpPage } from "~/domain/provision/charts.server.ts";

type Loaded = { srp?: { heading: string } } | undefined;
export const handle = { title: (d: unknown) => (d as Loaded)?.srp?.heading ?? "Resource provision" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "provision:view");
  const id = idParam(params.srpId);
  const srp = await orUnavailable(() => getSrpPage(context.db, actor, id));
  return { srp, canReturn: can(actor, "provision:return"), council: can(actor, "provision:manage") };
}

const dash = (n: number | null) => (n === null ? "–" : n);

export default function SrpPage() {
  const { srp, canReturn, council } = useLoaderData<typeof loader>();
  const terms = [...srp.history].reverse();
  return (
    <div className="max-w-4xl">
      <BackLink href={council ? "/council/provision" : "/provision"}>{council ? "Back to the SRP overview" : "Back to your resource provision"}</BackLink>
      <PageHeading caption={srp.school.name}>{srp.heading}</PageHeading>
      <SummaryList
        rows={[
          { key: "Designation", value: `${srp.designation}` },
          { key: "Year groups", value: srp.years },
          { key: "Opened", value: srp.openedOn },
          { key: "Status", value: srp.statusLabel },
          ...(council ? [] : [{ key: "Pupils marked on your register", value: String(srp.registerCount) }]),
        ]}
      />
      {canReturn && srp.status !== "closed" ? (
        <p className="mb-8">
          <a href={`/provision/${srp.id}/return`} className="font-bold">
            This term&apos;s return
          </a>
        </p>
      ) : null}
      {council ? (
        <p className="mb-8">
          <a href={`/council/provision/srps/${srp.id}`}>Change this SRP on the register</a>
        </p>
      ) : null}
      <H2>Places over the terms</H2>
      {srp.chart ? <Chart chart={srp.chart} /> : <P>No terms yet: the chart starts with the first return window.</P>}
      <Table
        caption="Returns by term"
        rowKey={(t) => t.windowId}
        rows={terms}
        empty="No return windows have opened since this SRP opened."
        stickyFirstColumn
        columns={[
          { header: "Term", cell: (t) => t.term },
          { header: "Commissioned", numeric: true, cell: (t) => dash(t.commissioned) },
          { header: "Filled", numeric: true, cell: (t) => dash(t.figures.placesFilled) },
          { header: "EHC plans", numeric: true, cell: (t) => dash(t.figures.ehcPlanPupils) },
          { header: "From other schools", numeric: true, cell: (t) => dash(t.figures.fromOtherSchools) },
          { header: "Admitted", numeric: true, cell: (t) => dash(t.figures.admitted) },
          { header: "Left", numeric: true, cell: (t) => dash(t.figures.leftInTerm) },
          { header: "Waiting", numeric: true, cell: (t) => dash(t.figures.waiting) },
          {
            header: "Return",
            status: true,
            cell: (t) => (t.sent ? t.overCommissioned ? <Tag colour="red">Above commissioned</Tag> : <Tag colour="green">Sent</Tag> : <Tag colour="grey">None sent</Tag>),
          },
        ]}
      />
    </div>
  );
}
