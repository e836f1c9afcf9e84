import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readPage } from "~/db-reading.server.ts";
import { InsightNav, InsightReadNote } from "~/components/insight-nav.tsx";
import { CountTable, Downloads, FilterSelect, InsightFilters, figure, money, percent } from "~/components/insight-table.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { fundingChoiceOf, fundingPage } from "~/domain/insight/funding-page.server.ts";

export const handle = { title: "Council insight: funding" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  const url = new URL(request.url);
  const page = await orUnavailable(() => readPage(context.reports, (db) => fundingPage(db, actor, fundingChoiceOf(url))));
  return { ...page, budgetSaved: url.searchParams.get("budget") === "saved" };
}

export default function FundingInsightPage() {
  const page = useLoaderData<typeof loader>();
  const query = new URLSearchParams({ year: String(page.year), ...(page.place ? { place: page.place } : {}) }).toString();
  const months = [
    { key: "this", name: page.yearLabel, table: page.months.thisYear, upTo: page.months.shownTo },
    { key: "last", name: page.months.lastYear.rows[0]!, table: page.months.lastYear, upTo: 11 },
  ];
  return (
    <div>
      {page.budgetSaved ? (
        <NotificationBanner kind="success" title="Success">
          The budget has been saved.
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Council insight">Funding requests and awards</PageHeading>
      <InsightNav current="/council/insight/funding" />
      <InsightReadNote note={page.readNote} />
      <P>{`Requests for the financial year that reached the council: ${page.described}. Figures from the requests as they were at ${new Date(page.computedAt).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" })}.`}</P>
      <InsightFilters year={page.year} years={page.years}>
        <FilterSelect id="place" label="Districts" value={page.place} options={page.places} />
      </InsightFilters>

      <H2>Requests by where they stand</H2>
      <CountTable caption={`Requests by district and status: every scheme, ${page.described}`} first="District" table={page.statusTable} />
      <CountTable caption={`Requests by scheme and status: Kent, ${page.yearLabel}`} first="Scheme" table={page.schemeTable} />

      <H2>Requests by the pupil&apos;s broad area of need</H2>
      <CountTable caption={`Requests by district and primary need: every scheme, ${page.described}`} first="District" table={page.needTable} />
      <CountTable caption={`Requests by scheme and primary need: Kent, ${page.yearLabel}`} first="Scheme" table={page.schemeNeedTable} />

      <H2>Money requested and awarded</H2>
      <Chart chart={page.moneyChart} />
      <Table
        caption={`Money requested and awarded by scheme: Kent, ${page.yearLabel}`}
        rowKey={(r) => r.key}
        rows={page.schemeMoney}
        columns={[
          { header: "Scheme", cell: (r) => (r.key === "Kent" ? <strong>Kent</strong> : r.name) },
          { header: "Requested", numeric: true, cell: (r) => money(r.requested) },
          { header: "Awarded", numeric: true, cell: (r) => money(r.awarded) },
        ]}
      />
      <Table
        caption={`Money requested and awarded by district: every scheme, ${page.described}`}
        rowKey={(r) => r.district}
        rows={[...page.money.rows, { district: "Kent", ...page.money.kent }]}
        stickyFirstColumn
        columns={[
          { header: "District", cell: (r) => (r.district === "Kent" ? <strong>Kent</strong> : r.district) },
          { header: "Requested", numeric: true, cell: (r) => money(r.requested) },
          { header: "Awarded", numeric: true, cell: (r) => money(r.awarded) },
        ]}
      />

      <H2>Time from sending to decision</H2>
      <Table
        caption={`Working days from a request reaching the council to its decision, Kent, ${page.yearLabel}`}
        rowKey={(r) => r.scheme}
        rows={page.timeliness}
        columns={[
          { header: "Scheme", cell: (r) => r.scheme },
          { header: "Target", numeric: true, cell: (r) => (r.targetWorkingDays === null ? "–" : `${r.targetWorkingDays} working days`) },
          { header: "Median", numeric: true, cell: (r) => figure(r.median) },
          { header: "90th percentile", numeric: true, cell: (r) => figure(r.p90) },
          { header: "Decided on time", numeric: true, cell: (r) => percent(r.onTimePercent) },
        ]}
      />

      <H2>Awards against each scheme&apos;s budget</H2>
      <P>Each award is paid in monthly instalments over its period, so what is awarded for the year is its projected spend. Paid is what fell due by the end of last month.</P>
      <Table
        caption={`Awards for ${page.yearLabel} against budget, Kent`}
        rowKey={(r) => r.key}
        rows={page.budgets}
        columns={[
          { header: "Scheme", cell: (r) => (r.schemeId === null ? <strong>{r.scheme}</strong> : r.scheme) },
          { header: "Budget", numeric: true, cell: (r) => money(r.budget) },
          { header: "Awards", numeric: true, cell: (r) => figure(r.awards) },
          { header: "Awarded (projected spend)", numeric: true, cell: (r) => money(r.awarded) },
          { header: "Paid to date", numeric: true, cell: (r) => money(r.paid) },
          { header: "Budget left", numeric: true, cell: (r) => money(r.remaining) },
          { header: "Share of budget", numeric: true, cell: (r) => percent(r.share) },
          {
            header: "Set the budget",
            cell: (r) =>
              r.schemeId === null ? null : (
                <a href={`/council/insight/budgets/${r.schemeId}?year=${page.year}`}>
                  {r.budget === null ? "Set" : "Change"} budget<span className="sr-only">{` for ${r.scheme}`}</span>
                </a>
              ),
          },
        ]}
      />

      <H2>Requests sent each month</H2>
      <Chart chart={page.monthsChart} />
      <Table
        caption={`Requests sent to the council each month, every scheme, Kent: ${page.yearLabel} and the year before`}
        rowKey={(r) => r.key}
        rows={months}
        stickyFirstColumn
        columns={[
          { header: "Financial year", cell: (r) => r.name },
          ...page.months.labels.map((m, i) => ({ header: m, numeric: true, cell: (r: (typeof months)[number]) => (i > r.upTo ? "–" : figure(r.table.cells[0]![i])) })),
          { header: "Total", numeric: true, cell: (r) => figure(r.table.total) },
        ]}
      />

      <P>
        <strong>c</strong>
        {`: withheld to protect small numbers. ${page.ruleText} A sum of money, and a time to decide, is withheld wherever the requests behind it are. –: nothing to show.`}
      </P>
      <Downloads path="/council/insight/funding" query={query} />
    </div>
  );
}
