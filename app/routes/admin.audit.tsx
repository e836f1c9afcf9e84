import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDateTime } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { DateInput } from "~/components/ui/date-input.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { Pagination } from "~/components/ui/pagination.tsx";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { auditLogHref, readAuditFilter } from "~/domain/audit/audit-filter.ts";
import { listAuditEvents } from "~/domain/audit/audit-log.server.ts";
import { AUDIT_ACTION_WORDS, AUDIT_SUBJECT_WORDS } from "~/domain/audit/audit-words.ts";

export const handle = {
  title: (data: unknown) => `${(data as { errors?: unknown[] } | undefined)?.errors?.length ? "Error: " : ""}Audit log`,
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "audit:view");
  const reading = readAuditFilter(new URL(request.url).searchParams);
  // A filter with a date that does not exist lists nothing until it is put right.
  const log = reading.errors.length ? null : await orUnavailable(() => listAuditEvents(context.db, actor, reading));
  return { log, filter: reading.filter, errors: reading.errors };
}

const SELECT = "block max-w-full border-2 border-ink bg-white px-2 py-1.5";
const TEXT = "block max-w-full border-2 border-ink px-2 py-1.5";

/** A filter's select: "any" first, then the table's choices by their words. */
function ChoiceFilter(props: { id: string; name: string; label: string; any: string; value: string; choices: Record<string, string> }) {
  return (
    <div className="max-w-full">
      <label htmlFor={props.id} className="mb-1 block font-bold">
        {props.label}
      </label>
      <select id={props.id} name={props.name} defaultValue={props.value} className={SELECT}>
        <option value="">{props.any}</option>
        {Object.entries(props.choices).map(([code, words]) => (
          <option key={code} value={code}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function AuditLog() {
  const { log, filter, errors } = useLoaderData<typeof loader>();
  const errorOf = (field: "from" | "to") => errors.find((e) => e.field === field);
  const caption = log
    ? `${log.capped ? "More than " : ""}${log.total} ${log.total === 1 ? "event" : "events"}, newest first${log.pageCount > 1 ? `, page ${filter.page} of ${log.pageCount}` : ""}`
    : "Events";
  return (
    <>
      <ErrorSummary errors={errors.map((e) => ({ fieldId: `audit-${e.field}`, message: e.message }))} />
      <PageHeading>Audit log</PageHeading>
      <p className="mb-6">Everything people do in the portal, and every view of a child&apos;s record. Rows name records by number, never a child.</p>
      <Form method="get" role="search" aria-label="Audit log" className="mb-8">
        <div className="flex flex-wrap items-end gap-4">
          <div className="max-w-full">
            <label htmlFor="audit-person" className="mb-1 block font-bold">
              Person (name or email)
            </label>
            <input id="audit-person" name="person" type="search" defaultValue={filter.person} autoComplete="off" className={TEXT} />
          </div>
          <ChoiceFilter id="audit-action" name="action" label="What they did" any="Anything" value={filter.action} choices={AUDIT_ACTION_WORDS} />
          <ChoiceFilter id="audit-subject-type" name="subjectType" label="Kind of record" any="Any record" value={filter.subjectType} choices={AUDIT_SUBJECT_WORDS} />
          <div className="max-w-full">
            <label htmlFor="audit-subject" className="mb-1 block font-bold">
              Record number or reference
            </label>
            <input id="audit-subject" name="subject" type="search" defaultValue={filter.subject} autoComplete="off" className={`${TEXT} w-[12em]`} />
          </div>
        </div>
        <div className="mt-4 flex flex-wrap gap-x-8">
          <DateInput id="audit-from" name="from" legend="From" hint="For example, 1 9 2026" value={filter.from} error={errorOf("from")?.message} errorParts={errorOf("from")?.parts} />
          <DateInput id="audit-to" name="to" legend="To" value={filter.to} error={errorOf("to")?.message} errorParts={errorOf("to")?.parts} />
        </div>
        <Button variant="secondary" className="!mb-0">
          Filter the log
        </Button>
        <a href="/admin/audit" className="ml-4">
          Clear filters
        </a>
      </Form>
      {log ? (
        <>
          <Table
            caption={caption}
            rowKey={(r) => r.id}
            rows={log.rows}
            empty="No events match the filter."
            columns={[
              { header: "When", cell: (r) => formatDateTime(r.occurredAt) },
              { header: "Who", cell: (r) => r.who },
              {
                header: "What",
                cell: (r) => (
                  <>
                    {r.what}
                    {r.what !== r.action ? <span className="block text-sm text-secondary-ink">{r.action}</span> : null}
                  </>
                ),
              },
              { header: "Record", cell: (r) => r.record ?? "" },
              { header: "Request", cell: (r) => <span className="break-all text-sm">{r.requestId}</span> },
            ]}
          />
          <Pagination page={filter.page} pageCount={log.pageCount} hrefFor={(p) => auditLogHref(filter, p)} label="Pages of the audit log" />
        </>
      ) : null}
    </>
  );
}
