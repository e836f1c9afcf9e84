import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readPage } from "~/db-reading.server.ts";
import { InsightNav, InsightReadNote } from "~/components/insight-nav.tsx";
import { CHAMPION_COLUMNS, Downloads, InsightFilters, LinesTable } from "~/components/insight-table.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { championsPage } from "~/domain/insight/champions-page.server.ts";
import { yearChoiceOf } from "~/domain/insight/insight-export.server.ts";

export const handle = { title: "Council insight: Inclusion Champions" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return orUnavailable(() => readPage(context.reports, (db) => championsPage(db, actor, yearChoiceOf(new URL(request.url)))));
}

export default function ChampionsInsightPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeading caption="Council insight">Inclusion Champions&apos; visits</PageHeading>
      <InsightNav current="/council/insight/champions" />
      <InsightReadNote note={page.readNote} />
      <P>{`Published visits in ${page.yearLabel}, and the actions agreed at them as they stand today. A visit can look at several focus areas, so the focus areas add up to more than Kent.`}</P>
      <InsightFilters year={page.year} years={page.years} />
      <H2>By focus area</H2>
      <Chart chart={page.chart} />
      <LinesTable caption={`Visits and actions by focus area, ${page.yearLabel}`} first="Focus area" lines={[...page.byFocus, page.kent]} columns={CHAMPION_COLUMNS} />
      <H2>By district</H2>
      <LinesTable caption={`Visits and actions by district, ${page.yearLabel}`} first="District" lines={[...page.byDistrict, page.kent]} columns={CHAMPION_COLUMNS} />
      <P>These figures are about schools, not pupils, and are exact.</P>
      <Downloads path="/council/insight/champions" query={`year=${page.year}`} />
    </div>
  );
}
