import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDateTime } from "~/components/format.ts";
import { BespokeStatusTag } from "~/components/training-bespoke-status.tsx";
import { Button } from "~/components/ui/button.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { Pagination } from "~/components/ui/pagination.tsx";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { can } from "~/domain/access/access.server.ts";
import { BESPOKE_STATUSES, BESPOKE_STATUS_LABELS, isBespokeStatus } from "~/domain/training/bespoke.rules.ts";
import { type BespokeListRow, listBespoke } from "~/domain/training/bespoke-queries.server.ts";

export const handle = { title: "Bespoke training" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:view");
  const url = new URL(request.url);
  const status = url.searchParams.get("status");
  const page = Math.min(10_000, Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const filter = { status: isBespokeStatus(status) ? status : null, page };
  const list = await orUnavailable(() => listBespoke(context.db, actor, filter));
  return { ...list, filter, council: can(actor, "training:manage"), withdrawn: url.searchParams.get("withdrawn") };
}

export default function BespokeTrainingList() {
  const { rows, pageCount, mayAsk, filter, council, withdrawn } = useLoaderData<typeof loader>();
  const hrefFor = (page: number) => `?${new URLSearchParams({ ...(filter.status ? { status: filter.status } : {}), page: String(page) }).toString()}`;
  return (
    <div className="max-w-5xl">
      {withdrawn ? (
        <NotificationBanner kind="success" title="Success">
          {withdrawn} has been withdrawn.
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Training">Bespoke training</PageHeading>
      <p className="mb-6">
        {council
          ? "Whole-school training schools have asked for. Accept a request with a date to arrange a private event for the school, or decline it with a reason."
          : "Whole-school training on a topic, arranged by the council for your school's staff."}
      </p>
      {mayAsk ? (
        <p className="mb-6">
          <a href="/training/bespoke/new" className="font-bold">
            Ask for bespoke training
          </a>
        </p>
      ) : null}
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="filter-status" className="mb-1 block font-bold">
            Status
          </label>
          <select id="filter-status" name="status" defaultValue={filter.status ?? ""} className="block max-w-full border-2 border-ink bg-white px-2 py-1.5">
            <option value="">Any status</option>
            {BESPOKE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {BESPOKE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="-mb-8">
          <Button variant="secondary">Filter</Button>
        </div>
      </Form>
      <Table<BespokeListRow & { createdAt: string | Date }>
        caption="Requests"
        stickyFirstColumn
        rowKey={(r) => r.reference}
        rows={rows}
        empty={filter.status ? "There are no requests with this status." : "There are no requests yet."}
        columns={[
          { header: "Reference", cell: (r) => <a href={`/training/bespoke/${r.reference}`}>{r.reference}</a> },
          ...(council ? [{ header: "School", cell: (r: BespokeListRow) => r.school }] : []),
          { header: "Topic", cell: (r) => r.topic },
          { header: "Area of need", cell: (r) => r.needArea },
          { header: "Asked", cell: (r) => formatDateTime(r.createdAt) },
          { header: "Status", status: true, cell: (r) => <BespokeStatusTag status={r.status} label={r.statusLabel} /> },
        ]}
      />
      <Pagination page={filter.page} pageCount={pageCount} hrefFor={hrefFor} label="Pages of requests" />
    </div>
  );
}
