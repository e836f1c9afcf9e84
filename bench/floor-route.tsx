import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Table } from "~/components/ui/table.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";

/**
 * The benchmarks' size-matched floor (QUALITY.md: "a Remix page of the same size that touches no database").
 * It exists only in the bench build (`PORTAL_BENCH_FLOOR=1 npm run build`, into `build-bench/`; see
 * app/routes.ts and bench/floor.ts), never in the portal's own build.
 *
 * `?rows=N` makes a table of N made-up rows, each shaped like a row of the funding queue (a linked reference,
 * school, district, scheme, status, date and amount), built in the loader with no database and no cookie, so
 * the loader data, the React render, the HTML and its compression grow with the page as a real list's do. The
 * bench picks N so that the floor's HTML is as large as the page it is compared with.
 */
const MAX_ROWS = 5_000;
const SCHOOLS = ["Oakfield Primary School", "Riverside Academy", "Bearsted Green Primary", "Hollingbourne Down Primary"];
const DISTRICTS = ["Maidstone", "Ashford", "Canterbury", "Dartford", "Thanet", "Swale"];
const SCHEMES = ["High Needs Funding (mainstream, no EHC plan)", "EHC plan top-up", "SEN inclusion support"];
const STATUSES = ["Submitted", "In review", "Approved", "Partly approved", "Declined"];

export function loader({ request }: LoaderFunctionArgs) {
  const asked = Number(new URL(request.url).searchParams.get("rows") ?? "50");
  const count = Number.isInteger(asked) ? Math.min(Math.max(asked, 0), MAX_ROWS) : 50;
  const rows = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    reference: `HNF-2026-${String(i + 1).padStart(5, "0")}`,
    school: SCHOOLS[i % SCHOOLS.length]!,
    district: DISTRICTS[i % DISTRICTS.length]!,
    scheme: SCHEMES[i % SCHEMES.length]!,
    status: STATUSES[i % STATUSES.length]!,
    submitted: `${1 + (i % 28)} November 2026`,
    amount: `£${(1_000 + ((i * 7_919) % 40_000)).toLocaleString("en-GB")}.00`,
  }));
  return { rows };
}

export const handle = { title: "Benchmark floor" };

export default function BenchFloor() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading>Benchmark floor</PageHeading>
      <P>A page of made-up rows that touches no database.</P>
      <Table
        caption={`${rows.length} rows`}
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { header: "Reference", cell: (r) => <a href={`/bench/floor?row=${r.id}`}>{r.reference}</a> },
          { header: "School", cell: (r) => r.school },
          { header: "District", cell: (r) => r.district },
          { header: "Scheme", cell: (r) => r.scheme },
          { header: "Status", cell: (r) => r.status },
          { header: "Sent", cell: (r) => r.submitted },
          { header: "Amount", cell: (r) => r.amount, numeric: true },
        ]}
      />
    </>
  );
}
