import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { MarkdownArticleFields, articleFieldIds } from "~/components/markdown-article-fields.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { getArticleForEdit } from "~/domain/guidance/article-view.server.ts";
import { articleFormChoices, editArticle } from "~/domain/guidance/articles.server.ts";
import { changeArticleSchema } from "~/domain/guidance/guidance.schema.ts";

export const handle = { title: (data: unknown) => `Change: ${(data as { article?: { title: string } } | undefined)?.article?.title ?? "guidance article"}` };

export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "guidance:write");
  const slug = params.slug ?? "";
  const [article, choices] = await orUnavailable(() => Promise.all([getArticleForEdit(context.db, actor, slug), articleFormChoices(context.db, actor)]));
  return { article, choices };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  return formAction(
    { request, context },
    {
      permission: "guidance:write",
      schema: changeArticleSchema,
      run: (actor, value) => editArticle(context.db, actor, slug, value, context.requestId),
      done: () => `/guidance/${slug}?done=save`,
    },
  );
}

export default function EditArticle() {
  const { article, choices } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(article.version, lastResult);
  const [form, fields] = useForm<z.input<typeof changeArticleSchema>>({
    id: `article-${formVersion}`,
    lastResult,
    defaultValue: {
      title: article.title,
      summary: article.summary,
      body: article.body,
      needCodes: article.needCodes,
      topicCodes: article.topicCodes,
      ownerUserId: String(article.ownerUserId),
    },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, articleFieldIds(fields), "title");
  return (
    <div className="max-w-3xl">
      <BackLink href={`/guidance/${article.slug}`}>Back to the article</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Change a guidance article">{article.title}</PageHeading>
      {article.status === "published" ? <p className="mb-6">This article is published: readers see your changes as soon as you save them.</p> : null}
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="version" value={article.version} />
        <MarkdownArticleFields fields={fields} choices={choices} />
        <Button>Save changes</Button>
      </PortalForm>
    </div>
  );
}
