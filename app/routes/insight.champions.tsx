import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readPage } from "~/db-reading.server.ts";
import { InsightReadNote } from "~/components/insight-nav.tsx";
import { CHAMPION_COLUMNS, InsightFilters, LinesTable } from "~/components/insight-table.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { championsOfSchoolsPage } from "~/domain/insight/champions-page.server.ts";
import { yearChoiceOf } from "~/domain/insight/insight-export.server.ts";

export const handle = { title: "Visit figures for your schools" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:schools");
  return orUnavailable(() => readPage(context.reports, (db) => championsOfSchoolsPage(db, actor, yearChoiceOf(new URL(request.url)))));
}

export default function ChampionsOfSchoolsPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeading caption="Inclusion Champions">Visit figures for your schools</PageHeading>
      <InsightReadNote note={page.readNote} />
      <P>{`Published visits in ${page.yearLabel} to the schools you are assigned to, by any champion, and the actions agreed at them as they stand today.`}</P>
      <InsightFilters year={page.year} years={page.years} />
      <H2>Your schools beside their districts and Kent</H2>
      <LinesTable caption={`Visits and actions: your schools, their districts and Kent, ${page.yearLabel}`} first="Where" lines={page.comparison} columns={CHAMPION_COLUMNS} />
      <H2>By school</H2>
      <LinesTable caption={`Visits and actions by school, ${page.yearLabel}`} first="School" lines={[...page.bySchool, page.yours]} columns={CHAMPION_COLUMNS} />
      <H2>By focus area</H2>
      <Chart chart={page.chart} />
      <LinesTable caption={`Visits and actions at your schools by focus area, ${page.yearLabel}`} first="Focus area" lines={[...page.byFocus, page.yours]} columns={CHAMPION_COLUMNS} />
      <P>These figures are about schools, not pupils, and are exact. A visit can look at several focus areas, so the focus areas add up to more than your schools.</P>
    </div>
  );
}
