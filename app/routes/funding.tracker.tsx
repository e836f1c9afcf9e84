import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDate } from "~/components/format.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { budgetSchema } from "~/domain/funding/tracker.schema.ts";
import { getTracker, setSchoolBudget } from "~/domain/funding/tracker.server.ts";
import { formatPence, penceToInput } from "~/domain/money.ts";

export const handle = {
  title: (data: unknown) => {
    const label = (data as { tracker?: { yearLabel: string } } | undefined)?.tracker?.yearLabel;
    return label ? `Funding tracker ${label}` : "Funding tracker";
  },
};

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:tracker");
  const url = new URL(request.url);
  const tracker = await orUnavailable(() =>
    getTracker(context.db, actor, { year: url.searchParams.get("year"), page: url.searchParams.get("page") }, context.requestId),
  );
  return { tracker, saved: url.searchParams.get("saved") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "funding:tracker",
      schema: budgetSchema,
      run: (actor, value) => setSchoolBudget(context.db, actor, value, context.requestId),
      done: (result) => `/funding/tracker?year=${result.year}&saved=1`,
    },
  );
}

function money(pence: number) {
  return formatPence(pence);
}

function Remaining({ pence }: { pence: number | null }) {
  if (pence === null) return <>Enter the budget below to see what remains</>;
  if (pence >= 0) return <>{money(pence)}</>;
  return (
<strong className="text-error">{`Over budget by ${money(-pence)}: the contributions are more than the notional SEN budget`}</strong>
  );
}

export default function FundingTracker() {
  const { tracker, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { budget } = tracker;
  const formVersion = useFormVersion(budget.version, lastResult);
  const [form, fields] = useForm<z.input<typeof budgetSchema>>({
    id: `budget-${tracker.year}-${formVersion}`,
    lastResult,
    defaultValue: { budget: penceToInput(budget.notionalPence) },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, { budget: fields.budget.id }, "budget");
  const schemeRows = [
    ...tracker.schemes.map((s) => ({ key: String(s.schemeId), total: false, ...s })),
    { key: "total", scheme: "All schemes", total: true, ...tracker.totals },
  ];
  return (
    <>
      <ErrorSummary errors={errors} />
      {saved && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          The notional SEN budget for {tracker.yearLabel} has been saved.
        </NotificationBanner>
      ) : null}
      <PageHeading caption={tracker.school.name}>Funding tracker {tracker.yearLabel}</PageHeading>

      <nav aria-label="Financial year" className="mb-8">
        <p className="mb-2 font-bold">Financial year (April to March)</p>
        <ul className="flex flex-wrap gap-x-6 gap-y-2">
          {tracker.years.map((y) => (
            <li key={y.year}>
              {y.year === tracker.year ? (
                <span aria-current="page" className="border-b-4 border-link font-bold">
                  {y.label}
                  {y.current ? " (this year)" : ""}
                </span>
              ) : (
                <a href={`/funding/tracker?year=${y.year}`}>
                  {y.label}
                  {y.current ? " (this year)" : ""}
                </a>
              )}
            </li>
          ))}
        </ul>
      </nav>

      <dl className="mb-8 grid gap-4 sm:grid-cols-3">
        {[
          { label: "Awarded", pence: tracker.totals.awardedPence, hint: "Approved and partly approved" },
          { label: "Requested", pence: tracker.totals.requestedPence, hint: "Sent to the council" },
          { label: "Pending", pence: tracker.totals.pendingPence, hint: "Waiting for a decision or your sign-off" },
        ].map((card) => (
          <div key={card.label} className="border-t-4 border-brand bg-panel p-4">
            <dt className="font-bold">{card.label}</dt>
            <dd className="text-3xl font-bold tabular-nums">{money(card.pence)}</dd>
            <dd className="text-secondary-ink">{card.hint}</dd>
          </div>
        ))}
      </dl>

      <Table
        caption={`Funding by scheme, ${tracker.yearLabel}`}
        rowKey={(r) => r.key}
        rows={schemeRows}
        columns={[
          { header: "Scheme", cell: (r) => (r.total ? <strong>{r.scheme}</strong> : r.scheme) },
          { header: "Requested", numeric: true, cell: (r) => (r.total ? <strong>{money(r.requestedPence)}</strong> : money(r.requestedPence)) },
          { header: "Awarded", numeric: true, cell: (r) => (r.total ? <strong>{money(r.awardedPence)}</strong> : money(r.awardedPence)) },
          { header: "Pending", numeric: true, cell: (r) => (r.total ? <strong>{money(r.pendingPence)}</strong> : money(r.pendingPence)) },
        ]}
      />
      <P>
        Requested counts every request sent to the council this year, whatever its outcome. Pending counts requests waiting for your
        sign-off or for the council&apos;s decision.
      </P>

      <Table
        caption={
          tracker.awardsPage.pages > 1
            ? `Awards by pupil, ${tracker.yearLabel} (${tracker.awardsPage.total}; page ${tracker.awardsPage.page} of ${tracker.awardsPage.pages})`
            : `Awards by pupil, ${tracker.yearLabel}`
        }
        rowKey={(a) => a.reference}
        rows={tracker.awards}
        empty={`There are no awards for ${tracker.yearLabel} yet.`}
        columns={[
          { header: "Reference", cell: (a) => <a href={`/funding/${a.reference}`}>{a.reference}</a> },
          { header: "Pupil", cell: (a) => a.pupil ?? "School-level (no named pupil)" },
          { header: "Scheme", cell: (a) => a.scheme },
          {
            header: "Award period",
            cell: (a) => (
              <>
                {formatDate(a.start)} to {formatDate(a.end)}
                <span className="block text-secondary-ink">
                  {a.months} {a.months === 1 ? "month" : "months"}
                </span>
              </>
            ),
          },
          { header: "Amount", numeric: true, cell: (a) => money(a.amountPence) },
          {
            header: "Paid monthly",
            numeric: true,
            cell: (a) => (
              <>
                {money(a.monthlyPence)} a month
                {a.lastMonthPence !== a.monthlyPence ? (
                  <span className="block text-secondary-ink">{money(a.lastMonthPence)} in the last month</span>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {tracker.awardsPage.pages > 1 ? (
        <nav aria-label="Pages of awards" className="mb-8 flex gap-6">
          {tracker.awardsPage.page > 1 ? <a href={`?year=${tracker.year}&page=${tracker.awardsPage.page - 1}`}>Previous awards</a> : null}
          {tracker.awardsPage.page < tracker.awardsPage.pages ? <a href={`?year=${tracker.year}&page=${tracker.awardsPage.page + 1}`}>More awards</a> : null}
        </nav>
      ) : null}

      <H2>Notional SEN budget and contributions</H2>
      <SummaryList
        rows={[
          {
            key: `Notional SEN budget ${tracker.yearLabel}`,
            value: budget.notionalPence === null ? "Not entered yet" : money(budget.notionalPence),
          },
          {
            key: "Contributions the school is carrying",
            value:
              budget.contributionPupils === 0
                ? money(0)
                : `${money(budget.contributionsPence)} for ${budget.contributionPupils} ${budget.contributionPupils === 1 ? "pupil" : "pupils"}`,
          },
          { key: "Remaining", value: <Remaining pence={budget.remainingPence} /> },
        ]}
      />
      <P>
        The school meets the first part of each funded pupil&apos;s support (for High Needs Funding, £6,000) from its notional SEN budget,
        once per pupil a year, before the council&apos;s award.
      </P>

      <H2>{budget.notionalPence === null ? "Enter" : "Change"} the notional SEN budget</H2>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="year" value={tracker.year} />
        <input type="hidden" name="version" value={budget.version} />
        <TextField
          field={fields.budget}
          label={`Notional SEN budget for ${tracker.yearLabel}, in pounds`}
          hint="The SEN part of your school's budget (element 2), as your budget share sets it, for example 85,000."
          inputMode="decimal"
          prefix="£"
          width="w-full sm:w-64"
          autoComplete="off"
        />
        <Button variant="secondary">Save budget</Button>
      </PortalForm>

      <H2>Download</H2>
      <P>
        <a href={`/funding/tracker.csv?year=${tracker.year}`} download>
          Download the {tracker.yearLabel} figures as a spreadsheet (CSV)
        </a>
      </P>
    </>
  );
}
