import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect, type SerializeFrom } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { FundingStatusTag } from "~/components/funding-status.tsx";
import { formatDateTime } from "~/components/format.ts";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { DueDate } from "~/components/service-level-tag.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { type Column, Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { can } from "~/domain/access/access.server.ts";
import { assignFundingRequest } from "~/domain/funding/casework/assign.server.ts";
import { queueAssignSchema } from "~/domain/funding/casework/casework.schema.ts";
import { requestNamedBy } from "~/domain/funding/casework/casework.server.ts";
import { ASSIGNED_FILTERS, DEFAULT_QUEUE_SORT, DUE_FILTERS, type QueueSort, SEARCH_MAX } from "~/domain/funding/casework/queue-options.ts";
import { queueFilterSchema } from "~/domain/funding/funding.schema.ts";
import { listFundingRequests } from "~/domain/funding/funding.server.ts";
import { formatPence } from "~/domain/money.ts";

export const handle = {
  title: (data: unknown) => ((data as { list?: { queue: boolean } } | undefined)?.list?.queue ? "Funding queue" : "Funding requests"),
};

// A refused "Assign to me" (someone else took it, another area's) must show the queue as it is now.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:view");
  const url = new URL(request.url);
  const filter = queueFilterSchema.parse(Object.fromEntries(url.searchParams));
  const casework = can(actor, "funding:casework");
  // A reference typed exactly (the header's search box) goes straight to the request.
  if (casework && filter.q && !url.searchParams.has("page")) {
    const named = await orUnavailable(() => requestNamedBy(context.db, actor, filter.q!));
    if (named) throw redirect(`/funding/${named}`);
  }
  const found = await orUnavailable(() => listFundingRequests(context.db, actor, filter));
  // Loader data ships to the browser: the rows without what only the CSV shows, and the queue's without the
  // school list's pupil and last change (a page stays under 60 KB).
  const list = {
    ...found,
    rows: found.rows.map(({ urn: _urn, area: _area, submittedAt: _submitted, pupil, updatedAt, ...row }) =>
      found.queue ? (row as typeof row & { pupil?: string | null; updatedAt?: Date }) : { ...row, pupil, updatedAt },
    ),
  };
  return { list, casework, canStart: can(actor, "funding:draft"), withdrawn: url.searchParams.get("withdrawn"), taken: url.searchParams.get("taken") };
}

/** The queue's "Assign to me": the officer takes the request, and is back on the queue as it was. */
export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "funding:casework",
      schema: queueAssignSchema,
      run: (actor, value) =>
        assignFundingRequest(context.db, actor, value.take.reference, { version: value.take.version, assignee: actor.userId }, context.requestId),
      done: (_result, _actor, value) => `/funding${value.back ? `${value.back}&` : "?"}taken=${value.take.reference}`,
    },
  );
}

/** A filter's select. `placeholder`: a first choice meaning "all", sent as an empty value (the default for that filter). */
function Filter({ name, label, value, options, placeholder }: { name: string; label: string; value: string; options: readonly { value: string; label: string }[]; placeholder?: string }) {
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

type Row = SerializeFrom<typeof loader>["list"]["rows"][number];

export default function FundingRequests() {
  const { list, casework, canStart, withdrawn, taken } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  // Every filter as chosen, then the page. Only empty ones (a filter's default, "all") are left out: the status
  // is never empty (list.filter.status is "any" when any status was chosen).
  const query = (change: Record<string, string> = {}) => {
    const params = new URLSearchParams({ ...list.filter, ...change });
    for (const [k, v] of [...params]) if (!v) params.delete(k);
    // The default order needs no parameters.
    if (params.get("sort") === DEFAULT_QUEUE_SORT.sort && params.get("dir") === DEFAULT_QUEUE_SORT.dir) {
      params.delete("sort");
      params.delete("dir");
    }
    return `?${params.toString()}`;
  };
  const here = query({ page: String(list.page) });
  const sortable = (header: string, sort: QueueSort, cell: (r: Row) => React.ReactNode, extra: Partial<Column<Row>> = {}): Column<Row> => {
    const current = list.filter.sort === sort;
    const dir = current && list.filter.dir === "asc" ? "desc" : "asc";
    return {
      header,
      cell,
      ...extra,
      sort: { href: query({ sort, dir, page: "1" }), direction: current ? (list.filter.dir === "asc" ? "ascending" : "descending") : "none" },
    };
  };
  const formErrors = refused?.error ? Object.values(refused.error).flat().filter((m): m is string => typeof m === "string") : [];
  const columns: Column<Row>[] = list.queue
    ? [
        sortable("Reference", "reference", (r) => <a href={`/funding/${r.reference}`}>{r.reference}</a>),
        sortable("School", "school", (r) => r.school),
        sortable("District", "district", (r) => r.district),
        sortable("Scheme", "scheme", (r) => r.scheme),
        sortable("Requested", "requested", (r) => (r.amountRequestedPence === null ? "Not yet entered" : formatPence(r.amountRequestedPence)), { numeric: true }),
        sortable("Status", "status", (r) => <FundingStatusTag status={r.status} label={r.statusLabel} />),
        sortable("Due", "due", (r) => <DueDate dueOn={r.dueOn} level={r.serviceLevel} />),
        sortable("Assigned to", "assigned", (r) => (
          <>
            {r.assignedToMe ? "You" : (r.assignedTo ?? "Nobody")}
            {r.mayAssignToMe ? (
              <button type="submit" name="take" value={`${r.reference}:${r.version}`} className="link-button">
                Assign to me<span className="sr-only"> {r.reference}</span>
              </button>
            ) : null}
          </>
        )),
        sortable(
          "Waiting or decided",
          "waiting",
          (r) => (r.waitingDays !== null ? `${r.waitingDays} ${r.waitingDays === 1 ? "day" : "days"}` : r.decidedAt ? `Decided ${formatDateTime(r.decidedAt)}` : ""),
          { numeric: true },
        ),
      ]
    : [
        { header: "Reference", cell: (r) => <a href={`/funding/${r.reference}`}>{r.reference}</a> },
        { header: "Pupil", cell: (r) => r.pupil ?? "No named pupil" },
        { header: "Scheme", cell: (r) => r.scheme },
        { header: "Requested", numeric: true, cell: (r) => (r.amountRequestedPence === null ? "Not yet entered" : formatPence(r.amountRequestedPence)) },
        { header: "Status", cell: (r) => <FundingStatusTag status={r.status} label={r.statusLabel} /> },
        { header: "Last changed", cell: (r) => (r.updatedAt ? formatDateTime(r.updatedAt) : "") },
      ];
  const table = (
    <Table
      caption={`${list.total} ${list.total === 1 ? "request" : "requests"}${list.queue && list.filter.sort === "waiting" && list.filter.dir === "asc" ? ", oldest first" : ""}`}
      rowKey={(r) => r.reference}
      rows={list.rows}
      empty="No funding requests match."
      columns={columns}
    />
  );
  return (
    <>
      <ErrorSummary errors={formErrors.map((message) => ({ message }))} />
      <PageHeading>{list.queue ? "Funding queue" : "Funding requests"}</PageHeading>
      {withdrawn ? <p className="mb-6 font-bold">Request {withdrawn} has been withdrawn.</p> : null}
      {taken && !refused ? (
        <NotificationBanner kind="success" title="Success">
          {taken} is now assigned to you.
        </NotificationBanner>
      ) : null}
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
          <>
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
            <Filter name="assigned" label="Assigned" value={list.filter.assigned} options={ASSIGNED_FILTERS} placeholder="Anyone or nobody" />
            <Filter name="due" label="Due" value={list.filter.due} options={DUE_FILTERS} placeholder="Any due date" />
            <div className="max-w-full">
              <label htmlFor="filter-q" className="mb-1 block font-bold">
                Reference, school or URN
              </label>
              <input id="filter-q" name="q" type="search" defaultValue={list.filter.q} maxLength={SEARCH_MAX} className="block max-w-full border-2 border-ink bg-white px-2 py-1.5" />
            </div>
            {/* The order chosen by a column's header stays when filtering (the default order needs no field). */}
            {list.filter.sort !== DEFAULT_QUEUE_SORT.sort || list.filter.dir !== DEFAULT_QUEUE_SORT.dir ? (
              <>
                <input type="hidden" name="sort" value={list.filter.sort} />
                <input type="hidden" name="dir" value={list.filter.dir} />
              </>
            ) : null}
          </>
        ) : null}
        <Button variant="secondary" className="!mb-0">
          Filter
        </Button>
      </Form>
      {casework ? (
        <p className="mb-6">
          <a href={`/funding/queue.csv${query({ page: "" })}`} download>
            Download these {list.total} requests as a spreadsheet (CSV)
          </a>
        </p>
      ) : null}
      {casework ? (
        // One form around the queue: each "Assign to me" button names its request (and the version shown).
        <PortalForm method="post">
          <input type="hidden" name="back" value={here} />
          {table}
        </PortalForm>
      ) : (
        table
      )}
      {list.pages > 1 ? (
        <nav aria-label="Pages" className="mb-8 flex gap-6">
          {list.page > 1 ? <a href={query({ page: String(list.page - 1) })}>Previous page</a> : null}
          <span>
            Page {list.page} of {list.pages}
          </span>
          {list.page < list.pages ? <a href={query({ page: String(list.page + 1) })}>Next page</a> : null}
        </nav>
      ) : null}
    </>
  );
}
