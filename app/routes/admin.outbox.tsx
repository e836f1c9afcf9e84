import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { formAction } from "~/auth/form-action.server.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { resendEmail, resendSchema } from "~/domain/notifications/resend.server.ts";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDateTime } from "~/components/format.ts";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { OUTBOX_STATUSES, OUTBOX_STATUS_LABELS as STATUS_LABELS, type OutboxStatus, isOutboxStatus } from "~/domain/notifications/outbox.schema.ts";
import { MAX_ATTEMPTS, type OutboxEmail, listOutboxEmails } from "~/domain/notifications/outbox.server.ts";

export const handle = { title: "Email outbox" };

/** "Send again" on a failed email (admins with outbox:resend). */
export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "outbox:resend",
      schema: resendSchema,
      invalidMessage: "This form is out of date. Reload the page and try again.",
      run: (actor, value) => resendEmail(context.db, actor, value, context.requestId),
      done: (_result, _actor, value) => `/admin/outbox?resent=${value.emailId}`,
    },
  );
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "outbox:view");
  const url = new URL(request.url);
  const page = Math.min(10_000, Math.max(1, Number(url.searchParams.get("page")) || 1));
  const requested = url.searchParams.get("status");
  const status = isOutboxStatus(requested) ? requested : undefined;
  const { rows, hasMore } = await orUnavailable(() => listOutboxEmails(context.db, actor, { page, status }));
  const resent = /^\d{1,10}$/.test(url.searchParams.get("resent") ?? "") ? Number(url.searchParams.get("resent")) : null;
  return { rows, hasMore, page, status: status ?? null, sending: context.emailSending === true, maxAttempts: MAX_ATTEMPTS, resent };
}

function statusText(email: OutboxEmail, sending: boolean) {
  if (email.status === "sent") return `Sent ${email.sentAt ? formatDateTime(email.sentAt) : ""}`;
  if (email.status === "failed") return `Failed after ${email.attempts} attempts`;
  if (!sending) return "Not sent: kept here";
  if (email.attempts === 0) return "Waiting to send";
  return `Tried ${email.attempts} of ${email.maxAttempts} times; next try ${email.nextAttemptAt ? formatDateTime(email.nextAttemptAt) : "soon"}`;
}

function href(page: number, status: OutboxStatus | null) {
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/admin/outbox${query ? `?${query}` : ""}`;
}

export default function Outbox() {
  const { rows, hasMore, page, status, sending, maxAttempts, resent } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  return (
    <>
      {refused?.error?.[""] ? <ErrorSummary errors={refused.error[""].map((message) => ({ message }))} /> : null}
      {resent ? (
        <NotificationBanner kind="success" title="Done">
          The email will be sent again shortly.
        </NotificationBanner>
      ) : null}
      <PageHeading>Email outbox</PageHeading>
      {sending ? (
        <p className="mb-6">
          Emails are sent through the mail server soon after the change that queued them. A failed attempt is tried again later,
          up to {maxAttempts} times over about two days.
        </p>
      ) : (
        <NotificationBanner title="Emails are not being sent">
          No mail server is set for this installation (SMTP_URL), so emails stay here. Users still see their notifications in the
          portal.
        </NotificationBanner>
      )}
      <nav aria-label="Filter by status" className="mb-6">
        <ul className="flex flex-wrap gap-x-6 gap-y-1">
          {[null, ...OUTBOX_STATUSES].map((s) => (
            <li key={s ?? "all"}>
              <a href={href(1, s)} aria-current={s === status ? "page" : undefined} className={s === status ? "font-bold" : undefined}>
                {s ? STATUS_LABELS[s] : "All emails"}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Table
        caption={`${status ? STATUS_LABELS[status] : "All emails"}, newest first, page ${page}`}
        rowKey={(e) => e.id}
        rows={rows}
        empty="There are no emails on this page."
        columns={[
          { header: "Created", cell: (e) => formatDateTime(e.createdAt) },
          { header: "To", cell: (e) => <span className="break-all">{e.to}</span> },
          {
            header: "Email",
            cell: (e) => (
              <details>
                <summary className="cursor-pointer text-link underline">{e.subject}</summary>
                <div className="mt-2 border-l-4 border-border pl-3">
                  <p className="mb-2 whitespace-pre-line">{e.body}</p>
                  <p className="mb-2 break-all">Link: {e.link}</p>
                </div>
              </details>
            ),
          },
          {
            header: "Status",
            cell: (e) => (
              <>
                <span className={e.status === "failed" ? "font-bold text-error" : undefined}>{statusText(e, sending)}</span>
                {e.lastError && e.status !== "sent" ? <span className="block text-sm break-all">Last error: {e.lastError}</span> : null}
                {e.status === "failed" ? (
                  <PortalForm className="mt-2">
                    <input type="hidden" name="intent" value="resend" />
                    <input type="hidden" name="emailId" value={e.id} />
                    <Button variant="secondary">
                      Send again<span className="sr-only"> to {e.to}</span>
                    </Button>
                  </PortalForm>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {page > 1 || hasMore ? (
        <nav aria-label="Pages" className="flex gap-6">
          {page > 1 ? <a href={href(page - 1, status)}>Newer emails</a> : null}
          {hasMore ? <a href={href(page + 1, status)}>Older emails</a> : null}
        </nav>
      ) : null}
    </>
  );
}
