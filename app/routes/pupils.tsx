import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { can } from "~/domain/access/access.server.ts";
import { SEN_PROVISIONS, SEN_PROVISION_LABELS, YEAR_GROUPS, yearGroupLabel } from "~/domain/pupils/pupil-codes.ts";
import { readPupilFilter } from "~/domain/pupils/pupils.schema.ts";
import { listNeedTypes, listPupils } from "~/domain/pupils/pupils.server.ts";

export const handle = { title: "Pupil register" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "pupils:view");
  const filter = readPupilFilter(new URL(request.url).searchParams);
  const [register, needs] = await orUnavailable(() =>
    Promise.all([listPupils(context.db, actor, filter, context.requestId), listNeedTypes(context.db, actor)]),
  );
  return {
    ...register,
    needs: needs.map((n) => ({ code: n.code, name: n.name })),
    filter,
    canManage: can(actor, "pupils:manage"),
  };
}

const STATUS_OPTIONS = [
  { value: "current", label: "Current pupils" },
  { value: "left", label: "Pupils who have left" },
  { value: "all", label: "All pupils" },
];

// At most as wide as the screen (WCAG 1.4.10 reflow): the longest need's name is wider than 320 px.
const SELECT = "block max-w-full border-2 border-ink bg-white px-2 py-1.5";

function pageLink(filter: Record<string, string | number | undefined>, page: number) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, page })) {
    const text = value === undefined ? "" : String(value);
    const isDefault = (key === "page" && text === "1") || (key === "status" && text === "current");
    if (text !== "" && !isDefault) params.set(key, text);
  }
  const query = params.toString();
  return `/pupils${query ? `?${query}` : ""}`;
}

export default function PupilRegister() {
  const { pupils, total, page, pageCount, needs, filter, canManage } = useLoaderData<typeof loader>();
  const noun = total === 1 ? "pupil" : "pupils";
  const caption =
    total > pupils.length
      ? `${total} ${noun}, showing ${(page - 1) * 50 + 1} to ${(page - 1) * 50 + pupils.length}`
      : `${total} ${noun}`;
  return (
    <>
      <PageHeading>Pupil register</PageHeading>
      <p className="mb-6">
        Pupils with special educational needs on the school&apos;s register, sorted by last name. Every time you open the register or a
        pupil&apos;s record, it is recorded in the audit log.
      </p>
      {canManage ? (
        <p className="mb-6">
          <a href="/pupils/new" className="font-bold">
            Add a pupil
          </a>
        </p>
      ) : null}
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4" role="search" aria-label="Pupil register">
        <div className="max-w-full">
          <label htmlFor="q" className="mb-1 block font-bold">
            Name or UPN
          </label>
          <input id="q" name="q" type="search" defaultValue={filter.q} autoComplete="off" className="block border-2 border-ink px-2 py-1.5" />
        </div>
        <div className="max-w-full">
          <label htmlFor="need" className="mb-1 block font-bold">
            Primary need
          </label>
          <select id="need" name="need" defaultValue={filter.need ?? ""} className={SELECT}>
            <option value="">Any need</option>
            {needs.map((n) => (
              <option key={n.code} value={n.code}>
                {n.name} ({n.code})
              </option>
            ))}
          </select>
        </div>
        <div className="max-w-full">
          <label htmlFor="provision" className="mb-1 block font-bold">
            SEN provision
          </label>
          <select id="provision" name="provision" defaultValue={filter.provision ?? ""} className={SELECT}>
            <option value="">Any provision</option>
            {SEN_PROVISIONS.map((p) => (
              <option key={p} value={p}>
                {SEN_PROVISION_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="max-w-full">
          <label htmlFor="year" className="mb-1 block font-bold">
            Year group
          </label>
          <select id="year" name="year" defaultValue={filter.year ?? ""} className={SELECT}>
            <option value="">Any year</option>
            {YEAR_GROUPS.map((y) => (
              <option key={y} value={y}>
                {yearGroupLabel(y)}
              </option>
            ))}
          </select>
        </div>
        <div className="max-w-full">
          <label htmlFor="status" className="mb-1 block font-bold">
            Show
          </label>
          <select id="status" name="status" defaultValue={filter.status} className={SELECT}>
            {STATUS_OPTIONS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <Button variant="secondary" className="!mb-0">
          Search
        </Button>
      </Form>
      <Table
        caption={caption}
        rowKey={(p) => p.id}
        rows={pupils}
        empty="No pupils match your search."
        stickyFirstColumn
        columns={[
          {
            header: "Name",
            cell: (p) => (
              <a href={`/pupils/${p.id}`}>
                {`${p.lastName}, ${p.firstName}`}
              </a>
            ),
          },
          { header: "UPN", cell: (p) => p.upn ?? "None" },
          { header: "Date of birth", cell: (p) => formatDate(p.dateOfBirth) },
          { header: "Year group", cell: (p) => p.yearGroupLabel },
          { header: "SEN provision", cell: (p) => p.provisionLabel },
          { header: "Primary need", cell: (p) => p.primaryNeedName },
          {
            header: "Status",
            status: true,
            cell: (p) => (p.dateLeft ? <Tag colour="grey">{`Left ${formatDate(p.dateLeft)}`}</Tag> : <Tag colour="green">On roll</Tag>),
          },
        ]}
      />
      {pageCount > 1 ? (
        <nav aria-label="Pages" className="flex flex-wrap gap-6">
          {page > 1 ? <a href={pageLink(filter, page - 1)}>Previous page</a> : null}
          <span>
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? <a href={pageLink(filter, page + 1)}>Next page</a> : null}
        </nav>
      ) : null}
    </>
  );
}
