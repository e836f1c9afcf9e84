import { useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDate } from "~/components/format.ts";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { Chart } from "~/components/ui/chart.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { Pagination } from "~/components/ui/pagination.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { academicYearLabel } from "~/domain/provision/provision-codes.ts";
import { getOverviewPage } from "~/domain/provision/charts.server.ts";
import { reminderSchema } from "~/domain/provision/return.schema.ts";
import { remindMissingReturns } from "~/domain/provision/reminders.server.ts";

export const handle = { title: "Resource provision: SRP places" };
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "provision:manage");
  const url = new URL(request.url);
  const page = /^[1-9]\d{0,3}$/.test(url.searchParams.get("page") ?? "") ? Number(url.searchParams.get("page")) : 1;
  const overview = await orUnavailable(() => getOverviewPage(context.db, actor, { page }));
  const reminded = url.searchParams.get("reminded");
  const already = url.searchParams.get("already");
  const count = (v: string | null) => (v !== null && /^\d{1,4}$/.test(v) ? Number(v) : null);
  return {
    overview: { ...overview, window: overview.window ? { ...overview.window, opens: formatDate(overview.window.opensOn), closes: formatDate(overview.window.closesOn) } : null },
    done: count(reminded) === null ? null : { reminded: count(reminded)!, already: count(already) ?? 0 },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "provision:manage",
      schema: reminderSchema,
      run: (actor, value) => remindMissingReturns(context.db, actor, value, context.requestId),
      done: (result) => `/council/provision?reminded=${result.reminded}&already=${result.already}#missing`,
    },
  );
}

const dash = (n: number | null) => (n === null ? "–" : n);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function ProvisionOverviewPage() {
  const { overview, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm({ id: "remind", lastResult });
  const errors = errorItems(form.allErrors, {});
  const { window, totals } = overview;
  const groupColumns = (first: string) => [
    { header: first, cell: (g: (typeof overview.byDesignation)[number]) => g.label },
    { header: "SRPs", numeric: true, cell: (g: (typeof overview.byDesignation)[number]) => g.srps },
    { header: "Commissioned", numeric: true, cell: (g: (typeof overview.byDesignation)[number]) => g.commissioned },
    { header: "Returns in", numeric: true, cell: (g: (typeof overview.byDesignation)[number]) => g.returnsIn },
    { header: "Commissioned (returns in)", numeric: true, cell: (g: (typeof overview.byDesignation)[number]) => g.commissionedReported },
    { header: "Filled", numeric: true, cell: (g: (typeof overview.byDesignation)[number]) => g.filled },
    { header: "Vacancies", numeric: true, cell: (g: (typeof overview.byDesignation)[number]) => g.vacancies },
  ];
  return (
    <div>
      <ErrorSummary errors={errors} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {done.reminded > 0
            ? `Reminders sent to ${plural(done.reminded, "school", "schools")}.${done.already ? ` ${plural(done.already, "school was", "schools were")} already reminded today, and not sent another.` : ""}`
            : "Every school missing a return was already reminded today: nothing more was sent."}
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Resource provision">SRP places across Kent</PageHeading>
      <P>
        {window
          ? `${window.label} return window: ${window.opens} to ${window.closes}. Places commissioned for ${academicYearLabel(overview.academicYear)}.`
          : "No return window has opened yet. Set one for the term."}
      </P>
      <ul className="mb-8 flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <a href="/council/provision/windows">Return windows</a>
        </li>
        <li>
          <a href="/council/provision/srps/new">Add an SRP to the register</a>
        </li>
        <li>
          <a href="/council/provision.csv" download>
            Download as CSV
          </a>
        </li>
        <li>
          <a href="/council/provision.xlsx" download>
            Download as Excel (XLSX)
          </a>
        </li>
      </ul>
      <dl className="mb-8 grid grid-cols-2 gap-4 sm:grid-cols-4">
        {[
          ["SRPs open", totals.srps],
          ["Places commissioned", totals.commissioned],
          ["Returns in", `${totals.returnsIn} of ${totals.srps}`],
          ["Vacancies (returns in)", totals.vacancies],
        ].map(([label, value]) => (
          <div key={String(label)} className="border-l-4 border-brand bg-panel p-3">
            <dt className="text-secondary-ink">{label}</dt>
            <dd className="text-3xl font-bold">{value}</dd>
          </div>
        ))}
      </dl>
      <Table caption="Places by designation" rowKey={(g) => g.key} rows={overview.byDesignation} columns={groupColumns("Designation")} stickyFirstColumn />
      <Table caption="Places by district" rowKey={(g) => g.key} rows={overview.byDistrict} columns={groupColumns("District")} stickyFirstColumn />
      <section id="missing" aria-labelledby="missing-heading">
        <h2 id="missing-heading" className="mb-4 text-2xl font-bold">
          {window ? `Returns missing for ${window.label}` : "Returns missing"}
        </h2>
        {overview.missing.length === 0 ? (
          <P>{window ? "Every SRP has sent its return for this term." : "No window has opened."}</P>
        ) : (
          <>
            <ul className="mb-4 list-disc pl-6">
              {overview.missing.map((m) => (
                <li key={m.schoolId}>
                  {`${m.school} (${m.urn}): ${m.srps.join(", ")}`}
                  {m.remindedToday ? <span className="text-secondary-ink"> – reminded today</span> : null}
                </li>
              ))}
            </ul>
            {overview.missingSchools > overview.missing.length ? (
              <P>{`And ${plural(overview.missingSchools - overview.missing.length, "more school", "more schools")}: the CSV download lists every SRP with its return.`}</P>
            ) : null}
            {window ? (
              <PortalForm>
                <input type="hidden" name="intent" value="remind" />
                <input type="hidden" name="windowId" value={window.id} />
                <Button variant="secondary">{`Send a reminder to ${plural(overview.missingSchools, "school", "schools")} missing a return`}</Button>
                <p className="mb-6 text-secondary-ink">Each school is reminded at most once a day, in the portal and by email to its SENCOs and headteachers.</p>
              </PortalForm>
            ) : null}
          </>
        )}
        {overview.reminders.length > 0 ? (
          <Table
            caption="Reminders sent this term"
            rowKey={(r) => `${r.school}-${r.sentAt}`}
            rows={overview.reminders}
            columns={[
              { header: "School", cell: (r) => r.school },
              { header: "Sent", cell: (r) => r.sentAt },
              { header: "By", cell: (r) => r.by },
              { header: "People told", numeric: true, cell: (r) => r.recipients },
            ]}
          />
        ) : null}
      </section>
      <Table
        caption="Filled above the places commissioned"
        rowKey={(s) => s.id}
        rows={overview.flagged}
        empty="No return this term has more places filled than commissioned."
        columns={[
          { header: "SRP", cell: (s) => <a href={`/provision/${s.id}`}>{`${s.school}: ${s.designation}`}</a> },
          { header: "Commissioned", numeric: true, cell: (s) => dash(s.commissioned) },
          { header: "Filled", numeric: true, cell: (s) => dash(s.filled) },
          { header: "School's comment", cell: (s) => <span className="whitespace-pre-line">{s.comment}</span> },
        ]}
      />
      <H2>Trend over terms</H2>
      {overview.chart ? <Chart chart={overview.chart} /> : <P>No terms yet.</P>}
      <Table
        caption="Places by term (SRPs that sent a return)"
        rowKey={(t) => t.windowId}
        rows={[...overview.trend].reverse()}
        columns={[
          { header: "Term", cell: (t) => t.term },
          { header: "Returns in", numeric: true, cell: (t) => t.returnsIn },
          { header: "Commissioned", numeric: true, cell: (t) => t.commissioned },
          { header: "Filled", numeric: true, cell: (t) => t.filled },
          { header: "Waiting", numeric: true, cell: (t) => t.waiting },
        ]}
      />
      <Table
        caption={`Every SRP (${overview.srpCount})${overview.pageCount > 1 ? `, page ${overview.page} of ${overview.pageCount}` : ""}`}
        rowKey={(s) => s.id}
        rows={overview.srps}
        stickyFirstColumn
        columns={[
          { header: "School", cell: (s) => <a href={`/council/provision/srps/${s.id}`}>{s.school}</a> },
          { header: "District", cell: (s) => s.district },
          { header: "Designation", cell: (s) => s.designation },
          { header: "Commissioned", numeric: true, cell: (s) => dash(s.commissioned) },
          { header: "Filled", numeric: true, cell: (s) => dash(s.filled) },
          { header: "Waiting", numeric: true, cell: (s) => dash(s.waiting) },
          {
            header: "Return",
            status: true,
            cell: (s) =>
              s.returnState === "sent" ? (
                s.overCommissioned ? <Tag colour="red">Above</Tag> : <Tag colour="green">Sent</Tag>
              ) : s.returnState === "draft" ? (
                <Tag colour="yellow">Draft</Tag>
              ) : (
                <Tag colour="grey">Missing</Tag>
              ),
          },
        ]}
      />
      <Pagination page={overview.page} pageCount={overview.pageCount} hrefFor={(p) => `/council/provision${p > 1 ? `?page=${p}` : ""}`} label="Pages of SRPs" />
    </div>
  );
}
