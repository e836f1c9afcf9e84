import { type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { FundingStatusTag } from "~/components/funding-status.tsx";
import { formatDateTime } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { can } from "~/domain/access/access.server.ts";
import { queueFilterSchema } from "~/domain/funding/funding.schema.ts";
import { listFundingRequests } from "~/domain/funding/funding.server.ts";
import { formatPence } from "~/domain/money.ts";

export const handle = {
  title: (data: unknown) => ((data as { list?: { queue: boolean } } | undefined)?.list?.queue ? "Funding queue" : "Funding requests"),
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:view");
  const url = new URL(request.url);
  const filter = queueFilterSchema.parse(Object.fromEntries(url.searchParams));
  const list = await orUnavailable(() => listFundingRequests(context.db, actor, filter));
  return { list, canStart: can(actor, "funding:draft"), withdrawn: url.searchParams.get("withdrawn") };
}

/** A filter's select. `placeholder`: a first choice meaning "all", sent as an empty value (the default for that filter). */
function Filter({ name, label, value, options, placeholder }: { name: string; label: string; value: string; options: { value: string; label: string }[]; placeholder?: string }) {
  return (
    // At most as wide as the screen (WCAG 1.4.10 reflow): some schemes' names are wider than 320 px.
    <div className="max-w-full">
      <label htmlFor={`filter-${name}`} className="mb-1 block font-bold">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value} className="block max-w-full border-2 border-ink bg-white px-2 py-1.5">
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function FundingRequests() {
  const { list, canStart, withdrawn } = useLoaderData<typeof loader>();
  // Every filter as chosen, then the page. Only empty ones (a filter's default, "all") are left out: the status
  // is never empty (list.filter.status is "any" when any status was chosen).
  const query = (page: number) => {
    const params = new URLSearchParams({ ...list.filter, page: String(page) });
    for (const [k, v] of [...params]) if (!v) params.delete(k);
    return `?${params.toString()}`;
  };
  return (
    <>
      <PageHeading>{list.queue ? "Funding queue" : "Funding requests"}</PageHeading>
      {withdrawn ? <p className="mb-6 font-bold">Request {withdrawn} has been withdrawn.</p> : null}
      {canStart ? (
        <p className="mb-6">
          <a href="/funding/new" className="font-bold">
            Start a new funding request
          </a>
        </p>
      ) : null}
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4" role="search" aria-label="Funding requests">
        {/* "Any status" is one of the statuses' own options: the council's queue defaults to those waiting. */}
        <Filter name="status" label="Status" value={list.filter.status} options={list.options.statuses} />
        {list.queue ? <Filter name="district" label="District" value={list.filter.district} options={list.options.districts} placeholder="All districts" /> : null}
        <Filter name="scheme" label="Scheme" value={list.filter.scheme} options={list.options.schemes} placeholder="All schemes" />
        {list.queue ? (
          <Filter
            name="age"
            label="Waiting"
            value={list.filter.age}
            options={[
              { value: "7", label: "More than 7 days" },
              { value: "14", label: "More than 14 days" },
              { value: "28", label: "More than 28 days" },
            ]}
            placeholder="Any time"
          />
        ) : null}
        <Button variant="secondary" className="!mb-0">
          Filter
        </Button>
      </Form>
      <Table
        caption={`${list.total} ${list.total === 1 ? "request" : "requests"}${list.queue ? ", oldest first" : ""}`}
        rowKey={(r) => r.reference}
        rows={list.rows}
        empty="No funding requests match."
        columns={[
          { header: "Reference", cell: (r) => <a href={`/funding/${r.reference}`}>{r.reference}</a> },
          ...(list.queue
            ? [
                { header: "School", cell: (r: (typeof list.rows)[number]) => r.school },
                { header: "District", cell: (r: (typeof list.rows)[number]) => r.district },
              ]
            : [{ header: "Pupil", cell: (r: (typeof list.rows)[number]) => r.pupil ?? "No named pupil" }]),
          { header: "Scheme", cell: (r) => r.scheme },
          { header: "Requested", numeric: true, cell: (r) => (r.amountRequestedPence === null ? "Not yet entered" : formatPence(r.amountRequestedPence)) },
          { header: "Status", cell: (r) => <FundingStatusTag status={r.status} label={r.statusLabel} /> },
          list.queue
            ? {
                header: "Waiting or decided",
                numeric: true,
                cell: (r) =>
                  r.waitingDays !== null ? `${r.waitingDays} ${r.waitingDays === 1 ? "day" : "days"}` : r.decidedAt ? `Decided ${formatDateTime(r.decidedAt)}` : "",
              }
            : { header: "Last changed", cell: (r) => formatDateTime(r.updatedAt) },
        ]}
      />
      {list.pages > 1 ? (
        <nav aria-label="Pages" className="mb-8 flex gap-6">
          {list.page > 1 ? <a href={query(list.page - 1)}>Previous page</a> : null}
          <span>
            Page {list.page} of {list.pages}
          </span>
          {list.page < list.pages ? <a href={query(list.page + 1)}>Next page</a> : null}
        </nav>
      ) : null}
    </>
  );
}
