import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readPage } from "~/db-reading.server.ts";
import { InsightNav, InsightReadNote } from "~/components/insight-nav.tsx";
import { InsightFilters } from "~/components/insight-table.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { insightYears, yearChoiceOf } from "~/domain/insight/insight-export.server.ts";
import { packParts } from "~/domain/insight/pack.server.ts";
import { financialYearLabel } from "~/domain/financial-year.ts";

export const handle = { title: "Council insight: monitoring report pack" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  const year = yearChoiceOf(new URL(request.url));
  const { parts, readNote } = await orUnavailable(() => readPage(context.reports, (db) => packParts(db, actor, year)));
  return {
    year,
    yearLabel: financialYearLabel(year),
    years: insightYears(),
    readNote,
    parts: parts.map((p) => ({ name: p.name, takenAt: p.takenAt.toISOString(), sheets: p.sheets.map((s) => s.name) })),
  };
}

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" });

export default function PackPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeading caption="Council insight">Monitoring report pack</PageHeading>
      <InsightNav current="/council/insight/pack" />
      <InsightReadNote note={page.readNote} />
      <P>
        The tables the Safety Valve monitoring report to the Department for Education draws on, for one financial year, in one Excel workbook. Each table is its dashboard&apos;s own,
        with small numbers withheld the same way; the first sheet says what the period is, when the pack was made, how fresh each part is, and the rule.
      </P>
      <InsightFilters year={page.year} years={page.years} button="Show the pack" />
      <H2>{`What the ${page.yearLabel} pack holds`}</H2>
      <Table
        caption={`The monitoring report pack for ${page.yearLabel}`}
        rowKey={(r) => r.name}
        rows={page.parts}
        columns={[
          { header: "Part", cell: (r) => r.name },
          { header: "Figures as they were at", cell: (r) => when(r.takenAt) },
          { header: "Sheets", cell: (r) => r.sheets.join(", ") },
        ]}
      />
      <P>
        <a href={`/council/insight/pack.xlsx?year=${page.year}`} download>
          {`Download the ${page.yearLabel} monitoring report pack (Excel, XLSX)`}
        </a>
      </P>
    </div>
  );
}
