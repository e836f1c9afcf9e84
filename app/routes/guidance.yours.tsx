import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatLondonDay } from "~/components/format.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { listOwnArticles } from "~/domain/guidance/article-view.server.ts";
import { ARTICLE_STATUS_LABELS } from "~/domain/guidance/guidance.workflow.ts";
import { REVIEW_AFTER_MONTHS } from "~/domain/guidance/review.ts";

export const handle = { title: "Your guidance articles" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "guidance:write");
  const articles = await orUnavailable(() => listOwnArticles(context.db, actor));
  return {
    articles: articles.map((a) => ({
      ...a,
      lastReviewedAt: a.lastReviewedAt ? formatLondonDay(a.lastReviewedAt) : null,
      reviewDueAt: a.reviewDueAt ? formatLondonDay(a.reviewDueAt) : null,
    })),
  };
}

export default function YourArticles() {
  const { articles } = useLoaderData<typeof loader>();
  const overdue = articles.filter((a) => a.overdue).length;
  return (
    <>
      <BackLink href="/guidance">Back to the guidance library</BackLink>
      <PageHeading caption="Guidance library">Your articles</PageHeading>
      <p className="mb-6 max-w-3xl">
        The articles you own. Each published article is due for review {REVIEW_AFTER_MONTHS} months after it was last reviewed.{" "}
        {overdue > 0 ? <strong>{`${overdue} ${overdue === 1 ? "is" : "are"} overdue.`}</strong> : "None is overdue."} <a href="/guidance/new">Write an article</a>
      </p>
      <Table
        caption="Articles you own"
        rowKey={(a) => a.slug}
        rows={articles}
        empty="You do not own any articles yet."
        columns={[
          { header: "Article", cell: (a) => <a href={`/guidance/${a.slug}`}>{a.title}</a> },
          { header: "Status", cell: (a) => <Tag colour={a.status === "published" ? "green" : a.status === "archived" ? "grey" : "blue"}>{ARTICLE_STATUS_LABELS[a.status]}</Tag> },
          { header: "Last reviewed", cell: (a) => a.lastReviewedAt ?? "Not yet" },
          {
            header: "Review due",
            cell: (a) => (a.overdue ? <strong className="text-error">Overdue since {a.reviewDueAt}</strong> : (a.reviewDueAt ?? "When published")),
          },
        ]}
      />
    </>
  );
}
