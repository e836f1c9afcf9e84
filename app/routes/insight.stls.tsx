import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readPage } from "~/db-reading.server.ts";
import { InsightReadNote } from "~/components/insight-nav.tsx";
import { CellLinesTable, CountTable, InsightFilters, figure } from "~/components/insight-table.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { yearChoiceOf } from "~/domain/insight/insight-export.server.ts";
import { stlsDistrictPage } from "~/domain/insight/stls-district.server.ts";

export const handle = { title: "Your district's LIFT figures" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:district");
  return orUnavailable(() => readPage(context.reports, (db) => stlsDistrictPage(db, actor, yearChoiceOf(new URL(request.url)))));
}

export default function StlsDistrictInsightPage() {
  const page = useLoaderData<typeof loader>();
  const when = new Date(page.computedAt).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" });
  return (
    <div>
      <PageHeading caption="STLS">{`LIFT referrals in ${page.district}`}</PageHeading>
      <InsightReadNote note={page.readNote} />
      <P>{`Referrals sent to LIFT from ${page.district}'s schools in the financial year ${page.yearLabel}, beside the rest of Kent's. Figures from the referrals as they were at ${when}.`}</P>
      <InsightFilters year={page.year} years={page.years} />

      <H2>Referrals by discipline</H2>
      <Chart chart={page.chart} />
      <CellLinesTable caption={`Referrals by discipline: ${page.district} and the rest of Kent, ${page.yearLabel}`} first="Where" columns={page.byDiscipline.columns} lines={page.byDiscipline.lines} />

      <H2>What LIFT decided</H2>
      <P>Each referral counts once, under LIFT&apos;s latest outcome for it (a deferred referral waits for the next meeting&apos;s).</P>
      <CellLinesTable caption={`Referrals by outcome: ${page.district} and the rest of Kent, ${page.yearLabel}`} first="Where" columns={page.byOutcome.columns} lines={page.byOutcome.lines} />
      <CountTable caption={`Referrals by discipline and outcome: the rest of Kent, ${page.yearLabel}`} first="Discipline" table={page.restByDisciplineOutcome} totalLabel={page.restLabel} />

      <H2>Waiting for a first visit</H2>
      <Table
        caption={`Days from a referral being sent to the specialist teacher's first visit: ${page.district} and the rest of Kent, ${page.yearLabel}`}
        rowKey={(r) => r.discipline}
        rows={page.waiting}
        columns={[
          { header: "Discipline", cell: (r) => r.discipline },
          { header: `${page.district}: median`, numeric: true, cell: (r) => figure(r.district.median) },
          { header: `${page.district}: 90th percentile`, numeric: true, cell: (r) => figure(r.district.p90) },
          { header: "Rest of Kent: median", numeric: true, cell: (r) => figure(r.rest.median) },
          { header: "Rest of Kent: 90th percentile", numeric: true, cell: (r) => figure(r.rest.p90) },
        ]}
      />

      <P>
        <strong>c</strong>
        {`: withheld to protect small numbers. ${page.ruleText} Your district's figures are the council's own; Kent's totals are not shown, because with your district's referrals they would give away the rest of Kent's: the rest of Kent is protected as a group of its own instead. A waiting time is withheld wherever the pupils behind it are too few. –: nothing to show.`}
      </P>
    </div>
  );
}
