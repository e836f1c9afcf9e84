import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { Button } from "~/components/ui/button.tsx";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { listDistrictOptions, listSchools } from "~/domain/schools/schools.server.ts";

export const handle = { title: "Schools" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "schools:list");
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const district = (url.searchParams.get("district") ?? "").slice(0, 40);
  const [schools, districts] = await orUnavailable(() =>
    Promise.all([listSchools(context.db, actor, { q, district }), listDistrictOptions(context.db, actor)]),
  );
  return { schools, districts, q, district };
}

export default function Schools() {
  const { schools, districts, q, district } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading>Schools</PageHeading>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4" role="search" aria-label="Schools">
        <div>
          <label htmlFor="q" className="mb-1 block font-bold">
            School name or URN
          </label>
          <input id="q" name="q" type="search" defaultValue={q} className="block border-2 border-ink px-2 py-1.5" />
        </div>
        {districts.length > 1 ? (
          <div>
            <label htmlFor="district" className="mb-1 block font-bold">
              District
            </label>
            <select id="district" name="district" defaultValue={district} className="block border-2 border-ink bg-white px-2 py-1.5">
              <option value="">All districts</option>
              {districts.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <Button variant="secondary" className="!mb-0">
          Search
        </Button>
      </Form>
      <Table
        caption={`${schools.length} ${schools.length === 1 ? "school" : "schools"}`}
        rowKey={(s) => s.urn}
        rows={schools}
        empty="No schools match your search."
        columns={[
          { header: "School", cell: (s) => <a href={`/schools/${s.urn}`}>{s.name}</a> },
          { header: "URN", cell: (s) => s.urn },
          { header: "District", cell: (s) => s.district },
          { header: "Phase", cell: (s) => s.phase },
          { header: "Pupils", cell: (s) => s.numberOnRoll ?? "", numeric: true },
          { header: "Resource provision", cell: (s) => s.resourcedProvision ?? "None" },
        ]}
      />
    </>
  );
}
