import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Table } from "~/components/ui/table.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { FIELD_LABELS } from "~/domain/schools/gias-columns.ts";
import { type ChangeRow, giasImportDetail } from "~/domain/schools/gias-import-views.server.ts";
import { applyGiasImport } from "~/domain/schools/gias-import.server.ts";
import { IMPORT_STATUS_LABELS } from "~/domain/schools/gias-words.ts";

export const handle = { title: "GIAS import" };

/** Rows of each kind shown on the page; the report has them all. */
const SHOWN = 100;
/** While the file is read or applied, the page reloads itself this often (no JavaScript needed). */
const REFRESH_SECONDS = 3;

const applySchema = z.object({ intent: z.literal("apply") });

function importIdOf(params: { importId?: string }): number {
  if (!/^\d{1,9}$/.test(params.importId ?? "")) throw new Response("Not found", { status: 404 });
  return Number(params.importId);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "schools:import");
  const detail = await orUnavailable(() => giasImportDetail(context.db, actor, importIdOf(params), SHOWN));
  if (!detail) throw new Response("Not found", { status: 404 });
  return { ...detail, running: detail.summary.status === "reading" || detail.summary.status === "applying", applied: new URL(request.url).searchParams.get("applied") === "1" };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data?.running ? [{ httpEquiv: "refresh", content: String(REFRESH_SECONDS) }] : []);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const importId = importIdOf(params);
  return formAction(
    { request, context },
    {
      permission: "schools:import",
      schema: applySchema,
      invalidMessage: "This form is out of date. Reload the page and try again.",
      run: (actor) => applyGiasImport(context.db, actor, importId, context.requestId),
      done: () => `/admin/schools/import/${importId}?applied=1`,
    },
  );
}

const schools = (n: number) => (n === 1 ? "1 school" : `${n} schools`);

function ChangeList({ row }: { row: ChangeRow }) {
  return (
    <ul className="list-none">
      {row.changes.map((c) => (
        <li key={c.field}>
          <span className="font-bold">{`${FIELD_LABELS[c.field]}:`}</span> {`${c.old === "" ? "(none)" : c.old} → ${c.new === "" ? "(none)" : c.new}`}
        </li>
      ))}
    </ul>
  );
}

function More({ shown, total }: { shown: number; total: number }) {
  return total > shown ? <P>{`And ${total - shown} more: the report lists them all.`}</P> : null;
}

/** How much of the file the dry run has read: a progress bar with its figure in words, drawn by the server. */
function ReadProgress({ bytesRead, fileBytes }: { bytesRead: number; fileBytes: number }) {
  const percent = fileBytes > 0 ? Math.min(100, Math.floor((bytesRead / fileBytes) * 100)) : 0;
  return (
    <p className="my-2">
      <label htmlFor="gias-read-progress">{`${percent}% of the file read`}</label>
      <progress id="gias-read-progress" className="ml-4 h-4 w-64 align-middle" max={100} value={percent}>{`${percent}%`}</progress>
    </p>
  );
}

export default function GiasImport() {
  const { summary, creates, updates, closures, refused, running, applied } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm<z.input<typeof applySchema>>({ id: "gias-apply", lastResult });
  const errors = errorItems(form.allErrors, {});
  const s = summary;
  return (
    <div className="max-w-5xl">
      <BackLink href="/admin/schools/import">Back to the imports</BackLink>
      <ErrorSummary errors={errors} />
      {applied && s.status === "applied" ? (
        <NotificationBanner kind="success" title="Import applied">
          {`${schools(s.creates)} created, ${schools(s.updates)} updated and ${schools(s.closures)} closed.`}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={s.fileName}>{s.status === "applied" ? "GIAS import: applied" : s.status === "ready" ? "GIAS import: dry run" : "GIAS import"}</PageHeading>
      {running ? (
        <div role="status" className="mb-8 border-l-8 border-ink bg-panel p-4">
          <p className="font-bold">{s.status === "applying" ? "The changes are being applied." : "The file is being read."}</p>
          {s.status === "reading" ? <ReadProgress bytesRead={s.bytesRead} fileBytes={s.fileBytes} /> : null}
          <p>{`${s.rowsRead.toLocaleString("en-GB")} rows read so far. This page reloads itself every ${REFRESH_SECONDS} seconds until it is done.`}</p>
        </div>
      ) : null}
      {s.problem && s.status !== "ready" ? <WarningText>{s.problem}</WarningText> : null}
      <SummaryList
        rows={[
          { key: "Status", value: IMPORT_STATUS_LABELS[s.status] ?? s.status },
          { key: "Uploaded", value: `${formatDateTime(s.uploadedAt)} by ${s.uploadedBy}` },
          ...(s.appliedAt ? [{ key: "Applied", value: `${formatDateTime(s.appliedAt)} by ${s.appliedBy ?? ""}` }] : []),
          { key: "File", value: <span className="break-all">{`${s.fileName} (${s.fileBytes.toLocaleString("en-GB")} bytes, read as ${s.encoding === "utf-8" ? "UTF-8" : "Windows-1252"})`}</span> },
          { key: "SHA-256", value: <span className="break-all font-mono text-sm">{s.sha256 ?? "Not read"}</span> },
          { key: "Rows read", value: s.rowsRead.toLocaleString("en-GB") },
          { key: `Schools of other LAs (not ${s.laCode})`, value: `${s.otherLa.toLocaleString("en-GB")}, skipped` },
          { key: "To create", value: s.creates },
          { key: "To update", value: s.updates },
          { key: "To mark closed", value: s.closures },
          { key: "Unchanged", value: s.unchanged },
          { key: "Rows refused", value: s.refused },
        ]}
      />
      {s.status !== "refused" && !running ? (
        <p className="mb-8">
          <a href={`/admin/schools/import/${s.id}/report.csv`} download>
            Download the report (CSV)
          </a>
        </p>
      ) : null}
      {s.status === "ready" ? (
        <PortalForm {...getFormProps(form)}>
          <input type="hidden" name="intent" value="apply" />
          <P>
            {`Applying makes every change listed here in one go, or none of them. Refused rows change nothing. If a school listed here has been changed since this dry run was made, nothing is applied and you will be asked to upload the file again.`}
          </P>
          <Button>Apply these changes</Button>
        </PortalForm>
      ) : null}
      {running || s.status === "refused" ? null : (
        <>
          <Table
            caption={`Schools to create (${s.creates})`}
            rowKey={(r) => r.line}
            rows={creates}
            empty="No school to create."
            columns={[
              { header: "Line", cell: (r) => r.line, numeric: true },
              { header: "URN", cell: (r) => r.urn },
              { header: "School", cell: (r) => r.name },
              { header: "Details", cell: (r) => <ChangeList row={r} /> },
            ]}
          />
          <More shown={creates.length} total={s.creates} />
          <Table
            caption={`Schools to update (${s.updates})`}
            rowKey={(r) => r.line}
            rows={updates}
            empty="No school to update."
            columns={[
              { header: "Line", cell: (r) => r.line, numeric: true },
              { header: "URN", cell: (r) => r.urn },
              { header: "School", cell: (r) => r.name },
              { header: "Changes (old → new)", cell: (r) => <ChangeList row={r} /> },
            ]}
          />
          <More shown={updates.length} total={s.updates} />
          <Table
            caption={`Schools to mark closed (${s.closures})`}
            rowKey={(r) => r.line}
            rows={closures}
            empty="No school to mark closed."
            columns={[
              { header: "Line", cell: (r) => r.line, numeric: true },
              { header: "URN", cell: (r) => r.urn },
              { header: "School", cell: (r) => r.name },
              { header: "Changes (old → new)", cell: (r) => <ChangeList row={r} /> },
            ]}
          />
          <More shown={closures.length} total={s.closures} />
          <Table
            caption={`Rows refused (${s.refused})`}
            rowKey={(r) => r.line}
            rows={refused}
            empty="No row was refused."
            columns={[
              { header: "Line", cell: (r) => r.line, numeric: true },
              { header: "URN", cell: (r) => r.urn ?? "" },
              { header: "School", cell: (r) => r.name ?? "" },
              { header: "Why", cell: (r) => r.reason },
            ]}
          />
          <More shown={refused.length} total={s.refused} />
        </>
      )}
    </div>
  );
}
