import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { formatDateTime } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { markReadSchema } from "~/domain/notifications/notifications.schema.ts";
import { listNotifications, markNotificationsRead, openNotification } from "~/domain/notifications/notifications.server.ts";

export const handle = { title: "Notifications" };

function pageNumber(request: Request) {
  return Math.min(10_000, Math.max(1, Number(new URL(request.url).searchParams.get("page")) || 1));
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "notifications:view");
  const page = pageNumber(request);
  const { rows, hasMore, newestUnreadId } = await orUnavailable(() => listNotifications(context.db, actor, page));
  return { rows, hasMore, newestUnreadId, page };
}

// Reading the list changes nothing (GET never does): a notification is marked read by opening it (a POST that
// marks it and goes to what it is about), by "Mark as read" or by "Mark all as read".
export async function action({ request, context }: ActionFunctionArgs) {
  const page = pageNumber(request);
  return formAction(
    { request, context },
    {
      permission: "notifications:view",
      schema: markReadSchema,
      // Hidden fields only: nothing the person could correct, so say what to do instead.
      invalidMessage: "The notification could not be marked as read. Reload the page and try again.",
      run: async (actor, value) => {
        // Opened: marked read on the way to what it is about. Otherwise back to the page the form was on.
        if (value.intent === "open") return { ok: true as const, to: await openNotification(context.db, actor, value.id) };
        await markNotificationsRead(context.db, actor, value);
        return { ok: true as const, to: page > 1 ? `/notifications?page=${page}` : "/notifications" };
      },
      done: (result) => result.to,
    },
  );
}

export default function Notifications() {
  const { rows, hasMore, newestUnreadId, page } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const errors = (lastResult?.error?.[""] ?? []).map((message) => ({ message }));
  // The forms come back to the page they were on.
  const here = page > 1 ? `/notifications?page=${page}` : "/notifications";
  return (
    <>
      <ErrorSummary errors={errors} />
      <PageHeading>Notifications</PageHeading>
      {newestUnreadId !== null ? (
        <PortalForm action={here}>
          <input type="hidden" name="intent" value="read-all" />
          <input type="hidden" name="upTo" value={newestUnreadId} />
          <Button variant="secondary">Mark all as read</Button>
        </PortalForm>
      ) : null}
      <Table
        caption={`Newest first, page ${page}`}
        rowKey={(n) => n.id}
        rows={rows}
        empty={page > 1 ? "There are no notifications on this page." : "You have no notifications."}
        columns={[
          {
            header: "Notification",
            // An unread one opens through a small form that marks it read on the way; a read one is a plain link.
            cell: (n) =>
              n.unread ? (
                <PortalForm action={here}>
                  <input type="hidden" name="intent" value="open" />
                  <input type="hidden" name="id" value={n.id} />
                  <Button variant="link" className="text-left font-bold text-link">
                    {n.message}
                  </Button>
                </PortalForm>
              ) : (
                <a href={n.link}>{n.message}</a>
              ),
          },
          { header: "Received", cell: (n) => formatDateTime(n.createdAt) },
          {
            header: "Status",
            cell: (n) =>
              n.unread ? (
                <>
                  <strong className="mb-1 inline-block bg-link px-2 py-0.5 text-sm font-bold uppercase tracking-wide text-white">Unread</strong>
                  <PortalForm action={here}>
                    <input type="hidden" name="intent" value="read-one" />
                    <input type="hidden" name="id" value={n.id} />
                    <Button variant="link">
                      Mark as read<span className="sr-only">: {n.message}</span>
                    </Button>
                  </PortalForm>
                </>
              ) : (
                "Read"
              ),
          },
        ]}
      />
      {page > 1 || hasMore ? (
        <nav aria-label="Pages" className="flex gap-6">
          {page > 1 ? <a href={`/notifications?page=${page - 1}`}>Newer notifications</a> : null}
          {hasMore ? <a href={`/notifications?page=${page + 1}`}>Older notifications</a> : null}
        </nav>
      ) : null}
    </>
  );
}
