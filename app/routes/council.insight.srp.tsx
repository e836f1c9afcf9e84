import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readPage } from "~/db-reading.server.ts";
import { InsightNav, InsightReadNote } from "~/components/insight-nav.tsx";
import { CountTable, Downloads, LinesTable, figure } from "~/components/insight-table.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { srpPage } from "~/domain/insight/srp-page.server.ts";

export const handle = { title: "Council insight: SRP places" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return orUnavailable(() => readPage(context.reports, (db) => srpPage(db, actor)));
}

type SrpLine = { name: string; srps: number; returnsIn: number; missing: number; commissioned: number; filled: number | string; vacancies: number | string };
const SRP_COLUMNS = [
  { header: "SRPs", value: (l: SrpLine) => l.srps },
  { header: "Returns in", value: (l: SrpLine) => l.returnsIn },
  { header: "Returns missing", value: (l: SrpLine) => l.missing },
  { header: "Places commissioned", value: (l: SrpLine) => l.commissioned },
  { header: "Places filled", value: (l: SrpLine) => l.filled },
  { header: "Vacancies", value: (l: SrpLine) => l.vacancies },
];

export default function SrpInsightPage() {
  const page = useLoaderData<typeof loader>();
  const term = page.term ?? "No return window has opened yet";
  return (
    <div>
      <PageHeading caption="Council insight">SRP places</PageHeading>
      <InsightNav current="/council/insight/srp" />
      <InsightReadNote note={page.readNote} />
      <P>{`Specialist Resource Provision places for ${term}: commissioned against filled, from the returns sent. Figures from the returns as they were at ${new Date(page.computedAt).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" })}.`}</P>
      <H2>By district</H2>
      <LinesTable caption={`SRP places by district, ${term}`} first="District" lines={[...page.byDistrict, page.kent]} columns={SRP_COLUMNS} />
      <H2>By designation</H2>
      <LinesTable caption={`SRP places by designation, ${term}`} first="Designation" lines={[...page.byDesignation, page.kent]} columns={SRP_COLUMNS} />
      <H2>Places filled and commissioned by district and designation</H2>
      <CountTable caption={`Places filled by district and designation, ${term}`} first="District" table={page.filled} />
      <CountTable caption={`Places commissioned by district and designation, ${term}`} first="District" table={page.commissionedTable} />
      <H2>Term by term</H2>
      <Chart chart={page.chart} />
      <Table
        caption="SRP places in Kent, term by term"
        rowKey={(r) => String(r.windowId)}
        rows={page.trend}
        columns={[
          { header: "Term", cell: (r) => r.term },
          { header: "Returns in", numeric: true, cell: (r) => figure(r.returnsIn) },
          { header: "Places commissioned", numeric: true, cell: (r) => figure(r.commissioned) },
          { header: "Places filled", numeric: true, cell: (r) => figure(r.filled) },
        ]}
      />
      <P>
        <strong>c</strong>
        {`: withheld to protect small numbers. ${page.ruleText} A vacancy figure is withheld wherever the places filled beside it are. Places commissioned and returns are not about pupils and are exact.`}
      </P>
      <Downloads path="/council/insight/srp" query="" />
    </div>
  );
}
