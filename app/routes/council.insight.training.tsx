import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readPage } from "~/db-reading.server.ts";
import { InsightNav, InsightReadNote } from "~/components/insight-nav.tsx";
import { Downloads, InsightFilters, LinesTable } from "~/components/insight-table.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { yearChoiceOf } from "~/domain/insight/insight-export.server.ts";
import { trainingPage } from "~/domain/insight/training-page.server.ts";

export const handle = { title: "Council insight: training" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return orUnavailable(() => readPage(context.reports, (db) => trainingPage(db, actor, yearChoiceOf(new URL(request.url)))));
}

const TRAINING_COLUMNS = [
  { header: "Events", value: (l: TrainingLine) => l.events },
  { header: "Places offered", value: (l: TrainingLine) => l.places },
  { header: "Booked", value: (l: TrainingLine) => l.booked },
  { header: "Attended", value: (l: TrainingLine) => l.attended },
  { header: "Waiting", value: (l: TrainingLine) => l.waiting },
  { header: "Evaluations", value: (l: TrainingLine) => l.evaluations },
  { header: "Usefulness (1 to 5)", value: (l: TrainingLine) => l.usefulness },
];
type TrainingLine = { name: string; events: number; places: number; booked: number; attended: number; waiting: number; evaluations: number; usefulness: number | string | null };

export default function TrainingInsightPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeading caption="Council insight">Training</PageHeading>
      <InsightNav current="/council/insight/training" />
      <InsightReadNote note={page.readNote} />
      <P>{`Published training events starting in ${page.yearLabel}: the places offered, booked, attended and waiting, and the average of attendees' evaluations.`}</P>
      <InsightFilters year={page.year} years={page.years} />
      <H2>By programme</H2>
      <Chart chart={page.chart} />
      <LinesTable caption={`Training by programme, ${page.yearLabel}`} first="Programme" lines={[...page.byProgramme, page.kent]} columns={TRAINING_COLUMNS} />
      <H2>By the district an event is held in</H2>
      <LinesTable caption={`Training by district held in, ${page.yearLabel}`} first="District" lines={[...page.byDistrict, page.kent]} columns={TRAINING_COLUMNS} />
      <P>
        <strong>c</strong>
        {`: these figures are about school staff, not pupils, and are exact; an average usefulness over fewer than ${page.fewest} evaluations is withheld so that no one's answer can be read from it. –: no evaluations.`}
      </P>
      <Downloads path="/council/insight/training" query={`year=${page.year}`} />
    </div>
  );
}
