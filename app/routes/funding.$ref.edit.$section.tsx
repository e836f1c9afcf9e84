import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { DraftForm, DraftSectionFields, SavedDespiteErrors, draftErrors, useDraftForm } from "~/components/funding-draft-form.tsx";
import { FundingRelatedRequests } from "~/components/funding-related-requests.tsx";
import { LIFT_CITATIONS_FIELD_ID, LiftRecordsField } from "~/components/funding-lift-evidence.tsx";
import { CITATIONS_FIELD_ID, TrainingRecordsField } from "~/components/funding-training-evidence.tsx";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { notFound } from "~/domain/access/access.server.ts";
import { draftAction } from "~/domain/funding/draft-action.server.ts";
import { DRAFT_SECTION_TITLES, type DraftSection, isDraftSection, sectionsFor } from "~/domain/funding/draft-sections.ts";
import { getDraft, referenceParam } from "~/domain/funding/funding.server.ts";
import { asksForLift } from "~/domain/stls/funding-evidence.ts";
import { liftRecordsFor } from "~/domain/stls/funding-evidence.server.ts";
import { TRAINING_EVIDENCE_KEY } from "~/domain/training/funding-evidence.ts";
import { trainingRecordsFor } from "~/domain/training/funding-evidence.server.ts";

export const handle = {
  title: (data: unknown) => {
    const d = data as { section?: DraftSection; request?: { reference: string } } | undefined;
    return d?.section && d.request ? `${DRAFT_SECTION_TITLES[d.section]} - ${d.request.reference}` : "Funding request";
  },
};

// A save that is refused may still have saved what it could (a 400): the page needs the saved version to carry on.
export const shouldRevalidate = reloadAfterPost;

/** The section in the address: one the request's scheme has (no pupil section for a school-level scheme), or 404. */
function sectionParam(params: { section?: string }, requiresPupil: boolean): DraftSection {
  const section = params.section;
  if (!isDraftSection(section) || !sectionsFor(requiresPupil).includes(section)) notFound();
  return section;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:draft");
  const reference = referenceParam(params);
  if (!isDraftSection(params.section)) notFound();
  const draft = await orUnavailable(() => getDraft(context.db, actor, reference, context.requestId));
  if (!draft.request.can.edit) throw redirect(`/funding/${reference}`);
  const section = sectionParam(params, draft.request.scheme.requiresPupil);
  const url = new URL(request.url);
  const blankLines = Math.min(5, Math.max(1, Number(url.searchParams.get("lines")) || 1));
  // The evidence about staff training cites the school's attendance records (issue 9), when the scheme asks it.
  const asksTraining = section === "evidence" && draft.request.scheme.checklist.some((item) => item.key === TRAINING_EVIDENCE_KEY);
  const training = asksTraining ? await orUnavailable(() => trainingRecordsFor(context.db, draft.request.id)) : null;
  // The evidence about LIFT advice and its recommendations cites the pupil's LIFT outcomes and visits (issue 10).
  const asksLift = section === "evidence" && draft.request.scheme.requiresPupil && asksForLift(draft.request.scheme.checklist);
  const lift = asksLift ? await orUnavailable(() => liftRecordsFor(context.db, draft.request.id)) : null;
  return { ...draft, section, blankLines, saved: url.searchParams.get("saved") !== null, training, lift };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const reference = referenceParam(params);
  if (!isDraftSection(params.section)) notFound();
  return draftAction({ request, context }, reference, params.section);
}

export default function FundingRequestSection() {
  const { request, pupils, section, blankLines, saved, related, training, lift } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useDraftForm(request, lastResult, section === "plan" ? blankLines : 0);
  return (
    <div className="max-w-4xl">
      <BackLink href={`/funding/${request.reference}/edit`}>Back to the request</BackLink>
      <ErrorSummary
        errors={[
          ...draftErrors(form, fields, request, [section]),
          ...(training ? (lastResult?.error?.trainingCitations ?? []).map((message) => ({ message, fieldId: CITATIONS_FIELD_ID })) : []),
          ...(lift ? (lastResult?.error?.liftCitations ?? []).map((message) => ({ message, fieldId: LIFT_CITATIONS_FIELD_ID })) : []),
        ]}
      />
      <SavedDespiteErrors lastResult={lastResult} />
      {saved && !lastResult ? (
        <NotificationBanner kind="success" title="Saved">
          The plan has been saved. Add the next line below.
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${request.reference} · ${request.scheme.name}`}>{DRAFT_SECTION_TITLES[section]}</PageHeading>
      {section === "pupil" || section === "period" ? <FundingRelatedRequests related={related} /> : null}
      <DraftForm form={form} request={request} main={{ intent: "continue", label: "Save and continue" }}>
        <DraftSectionFields section={section} fields={fields} request={request} pupils={pupils} headings={false} />
        {lift ? <LiftRecordsField key={`lift-${request.version}`} records={lift} lastResult={lastResult} /> : null}
        {training ? <TrainingRecordsField key={request.version} records={training} lastResult={lastResult} /> : null}
      </DraftForm>
    </div>
  );
}
