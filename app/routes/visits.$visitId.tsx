import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDate, formatDateTime } from "~/components/format.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { publishVisitSchema } from "~/domain/champions/visit.schema.ts";
import { type AgreedActionView, getChampionVisit } from "~/domain/champions/visit-view.server.ts";
import { publishVisit } from "~/domain/champions/visits.server.ts";

type Loaded = { visit?: { school: string; visitedOn: string | null } } | undefined;
export const handle = {
  title: (d: unknown) => {
    const visit = (d as Loaded)?.visit;
    return visit ? `Visit report: ${visit.school}${visit.visitedOn ? `, ${formatDate(visit.visitedOn)}` : ""}` : "Visit report";
  },
};
export const shouldRevalidate = reloadAfterPost;

const DONE: Record<string, string> = {
  saved: "Your draft has been saved. Only you can see it until you publish it.",
  publish: "The report has been published, and the school's SENCO and headteacher have been told.",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "visits:view");
  const id = idParam(params.visitId);
  const visit = await orUnavailable(() => getChampionVisit(context.db, actor, id));
  const done = new URL(request.url).searchParams.get("done") ?? "";
  return {
    visit: { ...visit, timeline: visit.timeline.map((e) => ({ ...e, at: formatDateTime(e.at) })), publishedAt: visit.publishedAt ? formatDateTime(visit.publishedAt) : null },
    done: Object.hasOwn(DONE, done) ? DONE[done]! : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "visits:log");
  const id = idParam(params.visitId);
  return formAction(
    { request, context },
    {
      permission: "visits:log",
      schema: publishVisitSchema,
      run: (actor, value) => publishVisit(context.db, actor, id, value, context.requestId),
      done: () => `/visits/${id}?done=publish`,
    },
  );
}

function ActionStatus({ action }: { action: AgreedActionView }) {
  if (action.overdue) return <Tag colour="red">Overdue</Tag>;
  return <Tag colour={action.status === "open" ? "blue" : action.status === "done" ? "green" : "grey"}>{action.statusLabel}</Tag>;
}

export default function VisitReport() {
  const { visit, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(visit.version, lastResult);
  const [form] = useForm<z.input<typeof publishVisitSchema>>({ id: `publish-${visit.id}-${formVersion}`, lastResult, shouldValidate: "onSubmit" });
  const overdue = visit.actions.filter((a) => a.overdue).length;
  return (
    <div className="max-w-4xl">
      <BackLink href="/visits">Back to visits</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, {})} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {done}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${visit.status === "draft" ? "Draft visit report" : "Visit report"}, ${visit.school}`}>
        {visit.visitedOn ? `Visit on ${formatDate(visit.visitedOn)}` : "Visit report (date not entered)"}
      </PageHeading>
      {visit.status === "draft" ? (
        <div className="mb-8 border-l-[10px] border-border py-2 pl-4">
          <p className="mb-4">This report is a draft: only you can see it.</p>
          {visit.missing.length > 0 ? <p className="mb-4">{`Before you can publish it, add ${visit.missing.join("; ")}.`}</p> : null}
          <div className="flex flex-wrap items-baseline gap-x-6">
            {visit.can.edit ? (
              <p className="mb-4">
                <a href={`/visits/${visit.id}/edit`} className="inline-block min-h-11 py-2 text-lg">
                  Change the draft
                </a>
              </p>
            ) : null}
            {visit.can.publish ? (
              <PortalForm {...getFormProps(form)}>
                <input type="hidden" name="intent" value="publish" />
                <input type="hidden" name="version" value={visit.version} />
                <Button className="min-h-11">Publish to the school</Button>
              </PortalForm>
            ) : null}
          </div>
        </div>
      ) : null}
      <SummaryList
        rows={[
          { key: "School", value: visit.school },
          { key: "Inclusion Champion", value: visit.champion },
          { key: "Date of the visit", value: visit.visitedOn ? formatDate(visit.visitedOn) : "Not entered" },
          { key: "How it was held", value: visit.formatLabel ?? "Not entered" },
          { key: "Focus areas", value: visit.focusAreas.length ? <ul>{visit.focusAreas.map((f) => <li key={f.code}>{f.label}</li>)}</ul> : "None selected" },
          ...(visit.publishedAt ? [{ key: "Published", value: visit.publishedAt }] : []),
        ]}
      />
      <H2>What the champion saw</H2>
      <p className="mb-6 whitespace-pre-line break-words">{visit.seen ?? "Not entered yet."}</p>
      <H2>Strengths</H2>
      <p className="mb-6 whitespace-pre-line break-words">{visit.strengths ?? "Not entered yet."}</p>
      {overdue > 0 ? <WarningText>{overdue === 1 ? "1 agreed action is overdue." : `${overdue} agreed actions are overdue.`}</WarningText> : null}
      <Table
        caption="Agreed actions"
        rows={visit.actions}
        rowKey={(a) => a.id}
        stickyFirstColumn
        empty="No actions were agreed."
        columns={[
          {
            header: "Action",
            cell: (a) => (
              <>
                {visit.status === "published" ? (
                  <a href={`/visits/actions/${a.id}`} className="inline-block min-h-11 max-w-[14rem] break-words py-2 sm:max-w-none">
                    {a.description}
                  </a>
                ) : (
                  <span className="inline-block max-w-[14rem] break-words sm:max-w-none">{a.description ?? "Not entered yet"}</span>
                )}
                <ActionGuidance guidance={a.guidance} />
              </>
            ),
          },
          { header: "Who", cell: (a) => a.ownerLabel ?? "Not chosen" },
          { header: "Due", cell: (a) => (a.dueOn ? formatDate(a.dueOn) : "No date") },
          { header: "Status", status: true, cell: (a) => (visit.status === "draft" ? <Tag colour="grey">Draft</Tag> : <ActionStatus action={a} />) },
        ]}
      />
      <H2>History</H2>
      <ul className="mb-6 list-disc pl-6">
        {visit.timeline.map((e) => (
          <li key={e.id}>{`${e.label}: ${e.who}, ${e.at}`}</li>
        ))}
      </ul>
    </div>
  );
}

/** The guidance article an action points the school to: a link while the article is published, its title after. */
function ActionGuidance({ guidance }: { guidance: { title: string; href: string | null } | null }) {
  if (!guidance) return null;
  return (
    <span className="block max-w-[14rem] break-words text-base sm:max-w-none">
      {"Guidance: "}
      {guidance.href ? <a href={guidance.href}>{guidance.title}</a> : `${guidance.title} (no longer in the library)`}
    </span>
  );
}
