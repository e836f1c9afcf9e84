import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime, formatLondonDay } from "~/components/format.ts";
import { ArticleBody } from "~/components/markdown.tsx";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { getArticle } from "~/domain/guidance/article-view.server.ts";
import { takeArticleStep } from "~/domain/guidance/articles.server.ts";
import { articleStepSchema } from "~/domain/guidance/guidance.schema.ts";
import { libraryHref } from "~/domain/guidance/library-query.ts";
import { ARTICLE_EVENT_LABELS, ARTICLE_STATUS_LABELS } from "~/domain/guidance/guidance.workflow.ts";
import { ownEntry } from "~/domain/lookup.ts";

export const handle = { title: (data: unknown) => (data as { article?: { title: string } } | undefined)?.article?.title ?? "Guidance" };

export const shouldRevalidate = reloadAfterPost;

const DONE: Record<string, string> = {
  created: "The article has been saved as a draft. Publish it when readers should see it.",
  save: "Your changes have been saved.",
  publish: "The article has been published: everyone who reads the library can see it.",
  reviewed: "The article has been marked as reviewed.",
  archive: "The article has been archived: readers no longer see it.",
  restore: "The article has been restored as a draft.",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "guidance:view");
  const article = await orUnavailable(() => getArticle(context.db, actor, params.slug ?? ""));
  const done = ownEntry(DONE, new URL(request.url).searchParams.get("done")) ?? null;
  return {
    done,
    article: {
      ...article,
      updatedAt: formatLondonDay(article.updatedAt),
      lastReviewedAt: article.lastReviewedAt ? formatLondonDay(article.lastReviewedAt) : null,
      reviewDueAt: article.reviewDueAt ? formatLondonDay(article.reviewDueAt) : null,
      timeline: article.timeline.map((t) => ({ id: t.id, what: ARTICLE_EVENT_LABELS[t.action] ?? t.action, who: t.who, when: formatDateTime(t.at) })),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  return formAction(
    { request, context },
    {
      permission: "guidance:write",
      schema: articleStepSchema,
      run: (actor, value) => takeArticleStep(context.db, actor, slug, value, context.requestId),
      done: (_result, _actor, value) => `/guidance/${slug}?done=${value.intent}`,
    },
  );
}

function StepForm({ intent, version, label, secondary }: { intent: string; version: number; label: string; secondary?: boolean }) {
  return (
    <PortalForm>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <Button variant={secondary ? "secondary" : "primary"} className="!mb-0">
        {label}
      </Button>
    </PortalForm>
  );
}

export default function ArticlePage() {
  const { article, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  // The steps' forms are buttons only: a refusal (a stale version, a state moved on) is a message for the page.
  const refused = (lastResult as { error?: Record<string, string[] | null> | null } | undefined)?.error ?? {};
  const errors = errorItems(Object.fromEntries(Object.entries(refused).map(([k, v]) => [k, v ?? []])), {});
  const can = article.can;
  return (
    <div>
      <BackLink href="/guidance">Back to the guidance library</BackLink>
      <ErrorSummary errors={errors} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {done}
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Guidance">{article.title}</PageHeading>
      {can ? (
        <p className="mb-4">
          <Tag colour={article.status === "published" ? "green" : article.status === "archived" ? "grey" : "blue"}>{ARTICLE_STATUS_LABELS[article.status]}</Tag>
        </p>
      ) : null}
      {article.overdue && (article.ownedByYou || can) ? (
        <WarningText>
          {article.ownedByYou ? "You own this article and it is overdue for review" : "This article is overdue for review"}: it was last reviewed on {article.lastReviewedAt}.
          {can?.markReviewed ? " Check it still holds, change it if needed, then mark it as reviewed." : ""}
        </WarningText>
      ) : null}
      <p className="mb-6 max-w-3xl text-xl">{article.summary}</p>
      <SummaryList
        rows={[
          { key: "Owner", value: article.ownedByYou ? `${article.owner} (you)` : article.owner },
          {
            key: "Last reviewed",
            value: article.lastReviewedAt ? `${article.lastReviewedAt}${article.lastReviewedBy ? ` by ${article.lastReviewedBy}` : ""}` : "Not yet reviewed (not published)",
          },
          ...(article.reviewDueAt ? [{ key: "Next review due", value: article.reviewDueAt }] : []),
          ...(article.tags.needs.length + article.tags.topics.length > 0
            ? [
                {
                  key: "Tags",
                  value: (
                    <ul className="flex flex-wrap gap-x-4 gap-y-1">
                      {[...article.tags.needs, ...article.tags.topics].map((t) => (
                        <li key={t.code}>
                          <a href={libraryHref({ tag: t.code })}>{t.name}</a>
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]
            : []),
        ]}
      />
      {can ? (
        <div className="mb-8 flex flex-wrap items-center gap-4">
          {can.edit ? <a href={`/guidance/${article.slug}/edit`}>Change this article</a> : null}
          {can.publish ? <StepForm intent="publish" version={article.version} label="Publish" /> : null}
          {can.markReviewed ? <StepForm intent="reviewed" version={article.version} label="Mark as reviewed" /> : null}
          {can.restore ? <StepForm intent="restore" version={article.version} label="Restore as a draft" secondary /> : null}
          {can.archive ? <StepForm intent="archive" version={article.version} label="Archive" secondary /> : null}
        </div>
      ) : null}
      <ArticleBody sanitisedHtml={article.html} />
      {can ? (
        <section aria-labelledby="history-heading" className="mt-8 max-w-3xl border-t border-border pt-4">
          <h2 id="history-heading" className="mb-4 text-2xl font-bold">
            History
          </h2>
          <p className="mb-4">
            {article.versionCount} {article.versionCount === 1 ? "version" : "versions"} kept. Last changed {article.updatedAt}.
          </p>
          <ol className="mb-8">
            {article.timeline.map((t) => (
              <li key={t.id} className="border-b border-border py-2">
                <strong>{t.what}</strong> by {t.who}, {t.when}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {can ? null : <H2>Is something here out of date?</H2>}
      {can ? null : <p className="mb-8">Tell {article.owner}, who owns this article, or your Inclusion Champion.</p>}
    </div>
  );
}
