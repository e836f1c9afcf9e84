import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDateTime } from "~/components/format.ts";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { listAuditEvents } from "~/domain/audit/audit-log.server.ts";

export const handle = { title: "Audit log" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "audit:view");
  const page = Math.min(10_000, Math.max(1, Number(new URL(request.url).searchParams.get("page")) || 1));
  const { rows, hasMore } = await orUnavailable(() => listAuditEvents(context.db, actor, page));
  return { rows, hasMore, page };
}

export default function AuditLog() {
  const { rows, hasMore, page } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading>Audit log</PageHeading>
      <Table
        caption={`Newest first, page ${page}`}
        rowKey={(r) => r.id}
        rows={rows}
        empty="There are no events on this page."
        columns={[
          { header: "When", cell: (r) => formatDateTime(r.occurredAt) },
          { header: "Who", cell: (r) => (r.actorName ? `${r.actorName}${r.actorRole ? ` (${r.actorRole})` : ""}` : "Not signed in") },
          { header: "Action", cell: (r) => r.action },
          { header: "Subject", cell: (r) => r.subject ?? "" },
          { header: "Request", cell: (r) => <span className="break-all text-sm">{r.requestId}</span> },
        ]}
      />
      <nav aria-label="Pages" className="flex gap-6">
        {page > 1 ? <a href={`/admin/audit?page=${page - 1}`}>Newer events</a> : null}
        {hasMore ? <a href={`/admin/audit?page=${page + 1}`}>Older events</a> : null}
      </nav>
    </>
  );
}
