import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate } from "~/components/format.ts";
import { Pagination } from "~/components/ui/pagination.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { type ReviewListRow, listReviews } from "~/domain/funding/funding.server.ts";
import { reviewFilterSchema } from "~/domain/funding/reviews.rules.ts";

export const handle = { title: "Funding reviews" };

/** Reviews of awards not yet recorded, of the requests the person reaches: due soon and overdue first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:view");
  const url = new URL(request.url);
  const filter = reviewFilterSchema.parse({ show: url.searchParams.get("show") ?? undefined, page: url.searchParams.get("page") ?? undefined });
  return { list: await orUnavailable(() => listReviews(context.db, actor, filter)) };
}

const SHOWS = [
  { value: "due", label: "Due in the next 4 weeks or overdue" },
  { value: "overdue", label: "Overdue" },
  { value: "all", label: "All not yet recorded" },
] as const;

export default function FundingReviews() {
  const { list } = useLoaderData<typeof loader>();
  const showsPupil = list.rows.some((r) => r.pupil !== null);
  return (
    <div>
      <PageHeading>Funding reviews</PageHeading>
      <p className="mb-4 max-w-3xl">
        Each award is reviewed by the school during its period: progress against the plan's outcomes, whether the provision continues and what changes.
      </p>
      <nav aria-label="Which reviews" className="mb-6">
        <ul className="flex flex-wrap gap-x-6 gap-y-2">
          {SHOWS.map((s) => (
            <li key={s.value}>
              <a href={`/funding/reviews?show=${s.value}`} aria-current={list.show === s.value ? "page" : undefined} className={list.show === s.value ? "font-bold" : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Table<ReviewListRow>
        caption={`${SHOWS.find((s) => s.value === list.show)!.label} (${list.total})`}
        rowKey={(r) => r.id}
        stickyFirstColumn
        empty="No reviews are waiting."
        rows={list.rows}
        columns={[
          { header: "Review", cell: (r) => <a href={`/funding/reviews/${r.id}`}>{`${r.reference}, review ${r.number} of ${r.of}`}</a> },
          { header: "School", cell: (r) => r.school },
          ...(showsPupil ? [{ header: "Pupil", cell: (r: ReviewListRow) => r.pupil ?? "Whole school" }] : []),
          { header: "Due", cell: (r) => formatDate(r.dueOn) },
          { header: "Status", status: true, cell: (r) => <Tag colour={r.timing === "overdue" ? "red" : r.timing === "due_soon" ? "yellow" : "grey"}>{r.timingLabel}</Tag> },
        ]}
      />
      <Pagination page={list.page} pageCount={list.pages} hrefFor={(page) => `/funding/reviews?show=${list.show}&page=${page}`} label="Pages of reviews" />
    </div>
  );
}
