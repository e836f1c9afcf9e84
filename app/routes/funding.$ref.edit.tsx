import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { DraftForm, DraftSectionFields, SavedDespiteErrors, draftErrors, useDraftForm } from "~/components/funding-draft-form.tsx";
import { FundingStatusTag } from "~/components/funding-status.tsx";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { FundingRelatedRequests } from "~/components/funding-related-requests.tsx";
import { type Task, TaskList, type TaskSection, taskListProgress } from "~/components/ui/task-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { draftAction } from "~/domain/funding/draft-action.server.ts";
import { DRAFT_SECTION_TITLES, type DraftSection, problemsIn, sectionStatus, sectionsFor } from "~/domain/funding/draft-sections.ts";
import { getDraft, referenceParam } from "~/domain/funding/funding.server.ts";

export const handle = { title: (data: unknown) => `Edit ${(data as { request?: { reference: string } } | undefined)?.request?.reference ?? "funding request"}` };

// A save that is refused may still have saved what it could (a 400): the page needs the saved version to carry on.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:draft");
  const reference = referenceParam(params);
  const draft = await orUnavailable(() => getDraft(context.db, actor, reference, context.requestId));
  // Only a draft, or a request the council sent back, can be edited: otherwise show the request itself.
  if (!draft.request.can.edit) throw redirect(`/funding/${reference}`);
  const url = new URL(request.url);
  return { ...draft, notice: url.searchParams.get("started") ? "started" : url.searchParams.get("saved") ? "saved" : null };
}

/** A whole draft in one POST (a form drawn before the task list, still open in a tab): saved like a section's. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  return draftAction({ request, context }, referenceParam(params));
}

const TASK_GROUPS: { heading: string; sections: DraftSection[] }[] = [
  { heading: "About the request", sections: ["pupil", "consent", "period"] },
  { heading: "Provision and cost", sections: ["plan", "amount"] },
  { heading: "Evidence", sections: ["evidence"] },
];

export default function FundingRequestTaskList() {
  const { request, pupils, notice, related } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const sections = sectionsFor(request.scheme.requiresPupil);
  const saved = {
    pupilId: request.pupil?.id ?? null,
    periodStart: request.periodStart,
    periodEnd: request.periodEnd,
    lineCount: request.lines.length,
    amountRequestedPence: request.amountRequestedPence,
    evidence: request.evidence,
    consent: request.consent,
  };
  const task = (section: DraftSection): Task => {
    const status = sectionStatus(section, saved, request.problems);
    const needed = Object.values(problemsIn(section, request.problems)).flat();
    return {
      key: section,
      name: DRAFT_SECTION_TITLES[section],
      href: `/funding/${request.reference}/edit/${section}`,
      status,
      // What is still needed, in the words the send will use, once something is saved in the section.
      hint: status === "in_progress" && needed.length > 0 ? `Still needed: ${needed.slice(0, 2).join("; ")}${needed.length > 2 ? ` (and ${needed.length - 2} more)` : ""}` : undefined,
    };
  };
  const groups: TaskSection[] = TASK_GROUPS.map((g) => ({ heading: g.heading, tasks: g.sections.filter((s) => sections.includes(s)).map(task) })).filter((g) => g.tasks.length > 0);
  const complete = Object.keys(request.problems).length === 0;

  return (
    <div className="max-w-4xl">
      {notice && !lastResult ? (
        <NotificationBanner kind="success" title="Saved">
          {notice === "started"
            ? `Your draft request ${request.reference} has been started. Each section is saved when you press a button on its page.`
            : `Your draft ${request.reference} has been saved. You can come back to it from Funding requests.`}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${request.reference} · ${request.scheme.name}`}>
        {request.status === "more_information_needed" ? "Update the request" : "Your funding request"}
      </PageHeading>
      <p className="mb-6">
        Status: <FundingStatusTag status={request.status} label={request.statusLabel} />
      </p>
      {request.status === "more_information_needed" ? (
        <p className="mb-6">
          The council asked for more information: see the comment on the <a href={`/funding/${request.reference}`}>request&apos;s timeline</a>.
        </p>
      ) : null}
      <FundingRelatedRequests related={related} />
      {lastResult ? (
        <WholeDraft request={request} pupils={pupils} sections={sections} />
      ) : (
        <>
          <p className="mb-6 font-bold">{taskListProgress(groups)}</p>
          <TaskList sections={groups} idPrefix="draft" />
          <H2>Check and send</H2>
          {complete ? (
            <p className="mb-6">
              Every section is complete. <a href={`/funding/${request.reference}/check`}>Check your answers and send the request to your headteacher</a>.
            </p>
          ) : (
            <p className="mb-6">
              You can send the request to your headteacher once every section is complete. You can also{" "}
              <a href={`/funding/${request.reference}/check`}>check your answers so far</a>.
            </p>
          )}
        </>
      )}
    </div>
  );
}

/** A refused whole-draft POST: every section on one page, with what was typed and its errors. */
function WholeDraft({ request, pupils, sections }: { request: ReturnType<typeof useLoaderData<typeof loader>>["request"]; pupils: ReturnType<typeof useLoaderData<typeof loader>>["pupils"]; sections: DraftSection[] }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useDraftForm(request, lastResult, 1);
  return (
    <>
      <ErrorSummary errors={draftErrors(form, fields, request, sections)} />
      <SavedDespiteErrors lastResult={lastResult} />
      <DraftForm form={form} request={request} main={{ intent: "check", label: "Save and continue" }}>
        {sections.map((section) => (
          <DraftSectionFields key={section} section={section} fields={fields} request={request} pupils={pupils} headings />
        ))}
      </DraftForm>
    </>
  );
}
