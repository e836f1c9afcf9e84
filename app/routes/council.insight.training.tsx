import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { InsightNav } from "~/components/insight-nav.tsx";
import { FilterSelect, figure } from "~/components/insight-table.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { yearChoiceOf } from "~/domain/insight/insight-export.server.ts";
import { trainingPage } from "~/domain/insight/training-page.server.ts";

export const handle = { title: "Council insight: training" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return orUnavailable(() => trainingPage(context.db, actor, yearChoiceOf(new URL(request.url))));
}

interface Line {
  name: string;
  events: number;
  places: number;
  booked: number;
  attended: number;
  waiting: number;
  evaluations: number;
  usefulness: number | string | null;
}

function LinesTable({ caption, first, lines, kent }: { caption: string; first: string; lines: Line[]; kent: Line }) {
  return (
    <Table
      caption={caption}
      rowKey={(r) => r.name}
      rows={[...lines, kent]}
      stickyFirstColumn
      columns={[
        { header: first, cell: (r) => (r === kent ? <strong>Kent</strong> : r.name) },
        { header: "Events", numeric: true, cell: (r) => figure(r.events) },
        { header: "Places offered", numeric: true, cell: (r) => figure(r.places) },
        { header: "Booked", numeric: true, cell: (r) => figure(r.booked) },
        { header: "Attended", numeric: true, cell: (r) => figure(r.attended) },
        { header: "Waiting", numeric: true, cell: (r) => figure(r.waiting) },
        { header: "Evaluations", numeric: true, cell: (r) => figure(r.evaluations) },
        { header: "Usefulness (1 to 5)", numeric: true, cell: (r) => figure(r.usefulness) },
      ]}
    />
  );
}

export default function TrainingInsightPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeading caption="Council insight">Training</PageHeading>
      <InsightNav current="/council/insight/training" />
      <P>{`Published training events starting in ${page.yearLabel}: the places offered, booked, attended and waiting, and the average of attendees' evaluations.`}</P>
      <Form method="get" className="mb-8 flex flex-wrap items-end gap-4" role="search" aria-label="Choose the figures">
        <FilterSelect id="year" label="Financial year" value={String(page.year)} options={page.years.map((y) => ({ value: String(y.year), label: `${y.label}${y.current ? " (this year)" : ""}` }))} />
        <Button variant="secondary" className="!mb-0">
          Show figures
        </Button>
      </Form>
      <H2>By programme</H2>
      <Chart chart={page.chart} />
      <LinesTable caption={`Training by programme, ${page.yearLabel}`} first="Programme" lines={page.byProgramme} kent={page.kent} />
      <H2>By the district an event is held in</H2>
      <LinesTable caption={`Training by district held in, ${page.yearLabel}`} first="District" lines={page.byDistrict} kent={page.kent} />
      <P>
        <strong>c</strong>
        {": these figures are about school staff, not pupils, and are exact; an average usefulness over fewer than 5 evaluations is withheld so that no one's answer can be read from it. –: no evaluations."}
      </P>
      <ul className="mb-6 flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <a href={`/council/insight/training.csv?year=${page.year}`} download>
            Download these figures as CSV
          </a>
        </li>
        <li>
          <a href={`/council/insight/training.xlsx?year=${page.year}`} download>
            Download these figures as Excel (XLSX)
          </a>
        </li>
      </ul>
    </div>
  );
}
