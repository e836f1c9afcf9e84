import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { MarkdownArticleFields, articleFieldIds } from "~/components/markdown-article-fields.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { articleSchema } from "~/domain/guidance/guidance.schema.ts";
import { articleFormChoices, createArticle } from "~/domain/guidance/articles.server.ts";

export const handle = { title: "Write a guidance article" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "guidance:write");
  return { choices: await orUnavailable(() => articleFormChoices(context.db, actor)), you: actor.userId };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "guidance:write",
      schema: articleSchema,
      run: (actor, value) => createArticle(context.db, actor, value, context.requestId),
      done: (result) => `/guidance/${result.slug}?done=created`,
    },
  );
}

export default function NewArticle() {
  const { choices, you } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof articleSchema>>({ id: "new-article", lastResult, defaultValue: { ownerUserId: String(you) }, shouldValidate: "onSubmit" });
  const errors = errorItems(form.allErrors, articleFieldIds(fields), "title");
  return (
    <div className="max-w-3xl">
      <BackLink href="/guidance">Back to the guidance library</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Guidance library">Write a guidance article</PageHeading>
      <p className="mb-6">It is saved as a draft: only champions and council officers see it until you publish it.</p>
      <PortalForm {...getFormProps(form)}>
        <MarkdownArticleFields fields={fields} choices={choices} />
        <Button>Save as draft</Button>
      </PortalForm>
    </div>
  );
}
