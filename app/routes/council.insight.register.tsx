import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readPage } from "~/db-reading.server.ts";
import { InsightNav, InsightReadNote } from "~/components/insight-nav.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { registerPage, registerViewOf } from "~/domain/insight/register-page.server.ts";

export const handle = { title: "Council insight: pupils on SEN registers" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return orUnavailable(() => readPage(context.reports, (db) => registerPage(db, actor, registerViewOf(new URL(request.url)))));
}

const figure = (v: number | string | null) => (v === null ? "–" : typeof v === "number" ? v.toLocaleString("en-GB") : v);

export default function RegisterInsightPage() {
  const page = useLoaderData<typeof loader>();
  const { table, view } = page;
  const query = new URLSearchParams({ ...(view.phase ? { phase: view.phase } : {}), ...(view.provision ? { provision: view.provision } : {}) }).toString();
  const rows = [
    ...table.rows.map((name, i) => ({ key: name, name, cells: table.cells[i]!, total: table.rowTotals?.[i] ?? null, onRoll: page.onRoll[i]!, rate: page.perThousand[i] ?? null })),
    { key: "Kent", name: "Kent", cells: table.columnTotals, total: table.total, onRoll: page.kentOnRoll, rate: page.kentPerThousand },
  ];
  return (
    <div>
      <PageHeading caption="Council insight">Pupils on SEN registers</PageHeading>
      <InsightNav current="/council/insight/register" />
      <InsightReadNote note={page.readNote} />
      <P>{`By district and broad area of primary need: ${page.described}. Figures from the registers as they were at ${new Date(page.computedAt).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" })}.`}</P>
      <Form method="get" className="mb-8 flex flex-wrap items-end gap-4" role="search" aria-label="Choose the figures">
        <div>
          <label htmlFor="provision" className="mb-1 block font-bold">
            Provision
          </label>
          <select id="provision" name="provision" defaultValue={view.provision} className="block border-2 border-ink px-2 py-1.5">
            {page.provisions.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <Button variant="secondary" className="!mb-0">
          Show figures
        </Button>
      </Form>
      <H2>Per 1,000 pupils on roll</H2>
      <Chart chart={page.chart} />
      <Table
        caption={`Pupils on SEN registers: ${page.described}`}
        rowKey={(r) => r.key}
        rows={rows}
        stickyFirstColumn
        columns={[
          { header: "District", cell: (r) => (r.key === "Kent" ? <strong>Kent</strong> : r.name) },
          ...table.columns.map((c, j) => ({ header: c, numeric: true, cell: (r: (typeof rows)[number]) => figure(r.cells[j] ?? null) })),
          { header: "Total", numeric: true, cell: (r) => figure(r.total) },
          { header: "On roll", numeric: true, cell: (r) => figure(r.onRoll) },
          { header: "Per 1,000 on roll", numeric: true, cell: (r) => figure(r.rate ?? (r.total === "c" ? "c" : null)) },
        ]}
      />
      <P>
        <strong>c</strong>
        {`: withheld to protect small numbers. ${page.ruleText}`}
      </P>
      <ul className="mb-6 flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <a href={`/council/insight/register.csv${query ? `?${query}` : ""}`} download>
            Download these figures as CSV
          </a>
        </li>
        <li>
          <a href="/council/insight/register.xlsx" download>
            Download every provision as Excel (XLSX)
          </a>
        </li>
      </ul>
    </div>
  );
}
