import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { idParam } from "~/domain/access/access.server.ts";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { schemeBudgetSchema } from "~/domain/insight/budgets.schema.ts";
import { schemeBudgetPage, setSchemeBudget } from "~/domain/insight/budgets.server.ts";
import { formatPence, penceToInput } from "~/domain/money.ts";

export const handle = {
  title: (data: unknown) => {
    const page = data as { scheme?: { name: string }; yearLabel?: string } | undefined;
    return page?.scheme ? `${page.scheme.name} budget ${page.yearLabel}` : "Scheme budget";
  },
};

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:budgets");
  return orUnavailable(() => schemeBudgetPage(context.db, actor, idParam(params.schemeId), new URL(request.url).searchParams.get("year")));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "insight:budgets");
  const schemeId = idParam(params.schemeId);
  return formAction(
    { request, context },
    {
      permission: "insight:budgets",
      schema: schemeBudgetSchema,
      // The scheme is the one in the address, whatever the form says.
      run: (actor, value) => setSchemeBudget(context.db, actor, { ...value, schemeId }, context.requestId),
      done: (result) => `/council/insight/funding?year=${result.year}&budget=saved`,
    },
  );
}

export default function SchemeBudgetPage() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(page.version, lastResult);
  const [form, fields] = useForm<z.input<typeof schemeBudgetSchema>>({
    id: `scheme-budget-${page.year}-${formVersion}`,
    lastResult,
    defaultValue: { budget: penceToInput(page.budgetPence) },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, { budget: fields.budget.id }, "budget");
  return (
    <div className="max-w-3xl">
      <BackLink href={`/council/insight/funding?year=${page.year}`}>Back to the funding figures</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption={`Funding budget ${page.yearLabel}`}>{page.scheme.name}</PageHeading>
      <P>{page.budgetPence === null ? `No budget has been set for ${page.yearLabel} yet.` : `The budget for ${page.yearLabel} is ${formatPence(page.budgetPence)}.`}</P>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="schemeId" value={page.scheme.id} />
        <input type="hidden" name="year" value={page.year} />
        <input type="hidden" name="version" value={page.version} />
        <TextField
          field={fields.budget}
          label={`${page.scheme.name} budget for ${page.yearLabel}, in pounds`}
          hint="What the council has set aside for the scheme's awards this financial year (April to March), for example 2,500,000."
          inputMode="decimal"
          prefix="£"
          width="w-full sm:w-64"
          autoComplete="off"
        />
        <Button>Save budget</Button>
      </PortalForm>
    </div>
  );
}
