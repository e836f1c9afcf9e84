import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDateTime } from "~/components/format.ts";
import { Pagination } from "~/components/ui/pagination.tsx";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { listFeedback } from "~/domain/feedback/feedback.server.ts";

export const handle = { title: "Feedback" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "feedback:read");
  const requested = Number(new URL(request.url).searchParams.get("page"));
  const page = Number.isSafeInteger(requested) && requested >= 1 && requested <= 10_000 ? requested : 1;
  return orUnavailable(() => listFeedback(context.db, actor, page));
}

const hrefFor = (page: number) => (page > 1 ? `/admin/feedback?page=${page}` : "/admin/feedback");

export default function FeedbackList() {
  const { rows, total, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading>Feedback</PageHeading>
      <p className="mb-6">
        What people told the SEND team about the portal, from the link in the banner at the top of every page. It is what they typed:
        it may hold personal details despite the warning on the form, so treat it as you would an email.
      </p>
      <Table
        caption={`${total} ${total === 1 ? "message" : "messages"}, newest first${pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}`}
        rowKey={(f) => f.id}
        rows={rows}
        empty={total > 0 ? "There is no feedback on this page." : "No feedback has been sent yet."}
        columns={[
          { header: "Sent", cell: (f) => formatDateTime(f.sentAt) },
          { header: "By", cell: (f) => f.sentBy },
          { header: "Page", cell: (f) => (f.fromPath ? <span className="break-all">{f.fromPath}</span> : "Not known") },
          {
            header: "Feedback",
            cell: (f) => (
              // dir="auto" keeps right-to-left text, and any direction marks typed in it, inside this cell.
              <div dir="auto" className="min-w-60 max-w-prose break-words">
                {f.tryingToDo ? (
                  <p className="mb-2 whitespace-pre-line">
                    <span className="font-bold">Trying to do: </span>
                    {f.tryingToDo}
                  </p>
                ) : null}
                <p className="whitespace-pre-line">{f.whatHappened}</p>
              </div>
            ),
          },
          { header: "Reply to", cell: (f) => (f.replyEmail ? <span className="break-all">{f.replyEmail}</span> : "No reply asked for") },
        ]}
      />
      <Pagination page={page} pageCount={pageCount} hrefFor={hrefFor} label="Pages of feedback" />
    </>
  );
}
