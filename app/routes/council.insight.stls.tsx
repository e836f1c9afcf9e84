import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readPage } from "~/db-reading.server.ts";
import { InsightNav, InsightReadNote } from "~/components/insight-nav.tsx";
import { CountTable, Downloads, FilterSelect, InsightFilters, figure } from "~/components/insight-table.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { stlsChoiceOf, stlsPage } from "~/domain/insight/stls-page.server.ts";

export const handle = { title: "Council insight: STLS and LIFT" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return orUnavailable(() => readPage(context.reports, (db) => stlsPage(db, actor, stlsChoiceOf(new URL(request.url)))));
}

export default function StlsInsightPage() {
  const page = useLoaderData<typeof loader>();
  const query = new URLSearchParams({ year: String(page.year), ...(page.place ? { place: page.place } : {}) }).toString();
  return (
    <div>
      <PageHeading caption="Council insight">STLS referrals through LIFT</PageHeading>
      <InsightNav current="/council/insight/stls" />
      <InsightReadNote note={page.readNote} />
      <P>{`Referrals sent to the district LIFT meetings in the financial year: ${page.described}. Figures from the referrals as they were at ${new Date(page.computedAt).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" })}.`}</P>
      <InsightFilters year={page.year} years={page.years}>
        <FilterSelect id="place" label="Districts" value={page.place} options={page.places} />
      </InsightFilters>

      <H2>Referrals by discipline</H2>
      <Chart chart={page.chart} />
      <CountTable caption={`Referrals by district and discipline: ${page.described}`} first="District" table={page.byDiscipline} />

      <H2>What LIFT decided</H2>
      <P>Each referral counts once, under LIFT&apos;s latest outcome for it (a deferred referral waits for the next meeting&apos;s).</P>
      <CountTable caption={`Referrals by district and outcome: ${page.described}`} first="District" table={page.byOutcome} />
      <CountTable caption={`Referrals by discipline and outcome: Kent, ${page.yearLabel}`} first="Discipline" table={page.disciplineOutcome} />

      <H2>Waiting for a first visit</H2>
      <Table
        caption={`Days from a referral being sent to the specialist teacher's first visit, Kent, ${page.yearLabel}`}
        rowKey={(r) => r.discipline}
        rows={page.waiting}
        columns={[
          { header: "Discipline", cell: (r) => r.discipline },
          { header: "Median", numeric: true, cell: (r) => figure(r.median) },
          { header: "90th percentile", numeric: true, cell: (r) => figure(r.p90) },
        ]}
      />

      <P>
        <strong>c</strong>
        {`: withheld to protect small numbers. ${page.ruleText} A waiting time is withheld wherever the pupils behind it are too few. –: nothing to show.`}
      </P>
      <Downloads path="/council/insight/stls" query={query} />
    </div>
  );
}
