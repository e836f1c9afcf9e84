import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { InsightNav } from "~/components/insight-nav.tsx";
import { FilterSelect, figure } from "~/components/insight-table.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { championsPage } from "~/domain/insight/champions-page.server.ts";
import { yearChoiceOf } from "~/domain/insight/insight-export.server.ts";

export const handle = { title: "Council insight: Inclusion Champions" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return orUnavailable(() => championsPage(context.db, actor, yearChoiceOf(new URL(request.url))));
}

interface Line {
  name: string;
  visits: number;
  schools: number;
  actions: number;
  open: number;
  overdue: number;
  done: number;
}

function LinesTable({ caption, first, lines }: { caption: string; first: string; lines: Line[] }) {
  return (
    <Table
      caption={caption}
      rowKey={(r) => r.name}
      rows={lines}
      stickyFirstColumn
      columns={[
        { header: first, cell: (r) => (r.name === "Kent" ? <strong>Kent</strong> : r.name) },
        { header: "Visits", numeric: true, cell: (r) => figure(r.visits) },
        { header: "Schools visited", numeric: true, cell: (r) => figure(r.schools) },
        { header: "Actions agreed", numeric: true, cell: (r) => figure(r.actions) },
        { header: "Open", numeric: true, cell: (r) => figure(r.open) },
        { header: "Overdue", numeric: true, cell: (r) => figure(r.overdue) },
        { header: "Done", numeric: true, cell: (r) => figure(r.done) },
      ]}
    />
  );
}

export default function ChampionsInsightPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeading caption="Council insight">Inclusion Champions&apos; visits</PageHeading>
      <InsightNav current="/council/insight/champions" />
      <P>{`Published visits in ${page.yearLabel}, and the actions agreed at them as they stand today. A visit can look at several focus areas, so the focus areas add up to more than Kent.`}</P>
      <Form method="get" className="mb-8 flex flex-wrap items-end gap-4" role="search" aria-label="Choose the figures">
        <FilterSelect id="year" label="Financial year" value={String(page.year)} options={page.years.map((y) => ({ value: String(y.year), label: `${y.label}${y.current ? " (this year)" : ""}` }))} />
        <Button variant="secondary" className="!mb-0">
          Show figures
        </Button>
      </Form>
      <H2>By focus area</H2>
      <Chart chart={page.chart} />
      <LinesTable caption={`Visits and actions by focus area, ${page.yearLabel}`} first="Focus area" lines={[...page.byFocus, page.kent]} />
      <H2>By district</H2>
      <LinesTable caption={`Visits and actions by district, ${page.yearLabel}`} first="District" lines={[...page.byDistrict, page.kent]} />
      <P>These figures are about schools, not pupils, and are exact.</P>
      <ul className="mb-6 flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <a href={`/council/insight/champions.csv?year=${page.year}`} download>
            Download these figures as CSV
          </a>
        </li>
        <li>
          <a href={`/council/insight/champions.xlsx?year=${page.year}`} download>
            Download these figures as Excel (XLSX)
          </a>
        </li>
      </ul>
    </div>
  );
}
