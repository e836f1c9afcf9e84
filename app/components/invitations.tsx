import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { errorItems } from "./conform.ts";
import { formatDateTime } from "./format.ts";
import { Button } from "./ui/button.tsx";
import { ErrorSummary } from "./ui/error-summary.tsx";
import { FileField, RadiosField } from "./ui/field.tsx";
import { NotificationBanner } from "./ui/notification-banner.tsx";
import { PortalForm } from "./ui/portal-form.tsx";
import { Table } from "./ui/table.tsx";
import { Tag } from "./ui/tag.tsx";
import { H2, PageHeading } from "./ui/typography.tsx";
import { BackLink } from "./ui/back-link.tsx";
import { INVITATION_STATE_LABELS, type InvitationState, type InvitationSummary, MAX_CSV_LABEL, MAX_CSV_ROWS, type StaffCsvReport } from "~/domain/users/invitations.ts";

// The pages of staff invitations (ADR 59), shared by the admin's (/admin/invitations) and a headteacher's
// (/school/invitations): the list with its resend and revoke buttons, and the CSV upload with its report.

const STATE_COLOURS: Record<InvitationState, "blue" | "green" | "grey" | "red"> = { pending: "blue", accepted: "green", expired: "grey", revoked: "red" };

/** An invitation as the list's loader sends it (its dates as text). */
export type InvitationRow = InvitationSummary<string | Date>;

const DONE: Record<string, string> = {
  invited: "The invitation has been made. Its email, with a link that works for 7 days, is on its way.",
  resent: "The invitation will be sent again shortly, with a new link. The old link no longer works.",
  revoked: "The invitation has been revoked. Its link no longer works.",
};

function stateText(row: InvitationRow) {
  if (row.state === "accepted") return row.acceptedAt ? `Accepted ${formatDateTime(row.acceptedAt)}` : "Accepted";
  if (row.state === "pending") return row.sentAt && row.expiresAt ? `Sent ${formatDateTime(row.sentAt)}; the link works until ${formatDateTime(row.expiresAt)}` : "Waiting to be sent";
  if (row.state === "expired" && row.expiresAt) return `The link stopped working ${formatDateTime(row.expiresAt)}`;
  return null;
}

/** "Resend" or "Revoke" on one invitation of the list: a form of its own, named for screen readers by the address. */
function InvitationButton({ invitation, intent }: { invitation: InvitationRow; intent: "resend" | "revoke" }) {
  return (
    <PortalForm>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="invitationId" value={invitation.id} />
      <Button variant={intent === "resend" ? "secondary" : "warning"} className="!mb-0">
        {intent === "resend" ? "Resend" : "Revoke"}
        <span className="sr-only"> the invitation to {invitation.email}</span>
      </Button>
    </PortalForm>
  );
}

export function InvitationsList({
  base,
  heading,
  intro,
  data: { rows, page, hasMore, done },
  refusal,
}: {
  base: string;
  heading: string;
  intro: string;
  data: { rows: InvitationRow[]; page: number; hasMore: boolean; done: string | null };
  refusal: SubmissionResult<string[]> | undefined;
}) {
  const message = done ? DONE[done] : undefined;
  return (
    <>
      {refusal?.error?.[""] ? <ErrorSummary errors={refusal.error[""].map((m) => ({ message: m }))} /> : null}
      {message ? (
        <NotificationBanner kind="success" title="Done">
          {message}
        </NotificationBanner>
      ) : null}
      <PageHeading>{heading}</PageHeading>
      <p className="mb-4">{intro}</p>
      <ul className="mb-8 flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <a href={`${base}/new`} className="font-bold">
            Invite someone
          </a>
        </li>
        <li>
          <a href={`${base}/upload`} className="font-bold">
            Invite staff from a CSV file
          </a>
        </li>
      </ul>
      <Table
        caption={`Invitations, newest first, page ${page}`}
        rowKey={(r) => r.id}
        rows={rows}
        empty="No one has been invited yet."
        columns={[
          {
            header: "Invited",
            cell: (r) => (
              <>
                <span className="block break-all">{r.email}</span>
                {r.name ? <span className="block">{r.name}</span> : null}
              </>
            ),
          },
          { header: "Role", cell: (r) => `${r.roleLabel}, ${r.place}` },
          { header: "Invited by", cell: (r) => `${r.invitedBy}, ${formatDateTime(r.invitedAt)}` },
          {
            header: "State",
            status: true,
            cell: (r) => (
              <>
                <Tag colour={STATE_COLOURS[r.state]}>{INVITATION_STATE_LABELS[r.state]}</Tag>
                {stateText(r) ? <span className="mt-1 block text-sm">{stateText(r)}</span> : null}
                {r.open && (r.state === "pending" || r.state === "expired") ? (
                  <div className="mt-2 flex flex-wrap gap-2">
                    <InvitationButton invitation={r} intent="resend" />
                    <InvitationButton invitation={r} intent="revoke" />
                  </div>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {page > 1 || hasMore ? (
        <nav aria-label="Pages" className="flex gap-6">
          {page > 1 ? <a href={`${base}?page=${page - 1}`}>Newer invitations</a> : null}
          {hasMore ? <a href={`${base}?page=${page + 1}`}>Older invitations</a> : null}
        </nav>
      ) : null}
    </>
  );
}

const OUTCOME: Record<StaffCsvReport["rows"][number]["outcome"], { label: string; colour: "green" | "blue" | "red" }> = {
  invited: { label: "Invited", colour: "green" },
  to_invite: { label: "Will be invited", colour: "blue" },
  refused: { label: "Refused", colour: "red" },
};

/** The per-row report of a staff CSV: what was (or would be) done with each row, and why a row was refused. */
function CsvReport({ report, base }: { report: StaffCsvReport; base: string }) {
  return (
    <section aria-labelledby="csv-report" className="mb-8">
      {report.sent ? (
        <NotificationBanner kind="success" title="Done">
          {report.invited} {report.invited === 1 ? "person has" : "people have"} been invited; {report.refused} {report.refused === 1 ? "row was" : "rows were"} refused.{" "}
          <a href={base}>See the invitations</a>
        </NotificationBanner>
      ) : null}
      <h2 id="csv-report" className="mb-2 text-2xl font-bold">
        {report.sent ? "What was done" : "What sending would do"}
      </h2>
      <p className="mb-4">
        {report.fileName ? `${report.fileName}: ` : ""}
        {report.sent
          ? `${report.invited} invited, ${report.refused} refused.`
          : `${report.invited} would be invited, ${report.refused} refused. Nothing has been sent yet.`}
      </p>
      <Table
        caption={report.sent ? "Each row of the file" : "Each row of the file, checked"}
        rowKey={(r) => r.row}
        rows={report.rows}
        columns={[
          { header: "Row", numeric: true, cell: (r) => r.row },
          { header: "Email address", cell: (r) => <span className="break-all">{r.email || "(none)"}</span> },
          { header: "Outcome", cell: (r) => <Tag colour={OUTCOME[r.outcome].colour}>{OUTCOME[r.outcome].label}</Tag> },
          { header: "Role, or why it was refused", cell: (r) => r.detail },
        ]}
      />
    </section>
  );
}

/** The CSV upload: check the file first (nothing sent), or send; then the report. */
export function StaffCsvPage({
  base,
  columnsHint,
  lastResult,
}: {
  base: string;
  columnsHint: string;
  lastResult: (SubmissionResult<string[]> & { shown?: { report?: StaffCsvReport } }) | undefined;
}) {
  const report = lastResult?.shown?.report;
  const [form, fields] = useForm<{ intent: string; file: unknown }>({
    // A new id after a report: the form starts again, offering to send the checked file next.
    id: report ? `staff-csv-${report.sent ? "sent" : "checked"}` : "staff-csv",
    // After a check, the form offers to send the same file next.
    lastResult: report ? undefined : lastResult,
    defaultValue: { intent: report && !report.sent ? "send" : "check" },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, { intent: fields.intent.id, file: fields.file.id }, "file");
  return (
    <div className="max-w-3xl">
      <BackLink href={base}>Back to the invitations</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Invitations">Invite staff from a CSV file</PageHeading>
      {report ? <CsvReport report={report} base={base} /> : null}
      <p className="mb-4">{columnsHint}</p>
      <p className="mb-6">
        Save the spreadsheet as CSV. Each person gets an email with a link that works for 7 days. Check the file first: the
        report says, row by row, who would be invited and why anyone would not; nothing is sent until you choose to send.
      </p>
      <H2>{report && !report.sent ? "Send the invitations" : "Choose the file"}</H2>
      <PortalForm {...getFormProps(form)} encType="multipart/form-data">
        <RadiosField
          field={fields.intent}
          legend="What to do"
          options={[
            { value: "check", label: "Check the file (nothing is sent)" },
            { value: "send", label: "Send the invitations" },
          ]}
        />
        {/* The file comes last: the fields before it are read before the file streams in. */}
        <FileField
          field={fields.file}
          label="CSV file of staff"
          hint={`A .csv file smaller than ${MAX_CSV_LABEL}, of at most ${MAX_CSV_ROWS.toLocaleString("en-GB")} people.${lastResult ? " Choose the file again: browsers do not keep it after sending." : ""}`}
          accept=".csv,text/csv"
        />
        <Button>Continue</Button>
      </PortalForm>
    </div>
  );
}
