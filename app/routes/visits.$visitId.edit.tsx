import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { DateField, dateDefault } from "~/components/date-field.tsx";
import { reloadAfterPost, useFormVersion, useSentVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, type ErrorItem } from "~/components/ui/error-summary.tsx";
import { CheckboxesField, RadiosField, SelectField, TextAreaField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { focusAreaOptions } from "~/domain/champions/focus-areas.server.ts";
import { visitDraftSchema } from "~/domain/champions/visit.schema.ts";
import { getChampionVisit } from "~/domain/champions/visit-view.server.ts";
import { saveVisitDraft } from "~/domain/champions/visits.server.ts";
import { guidanceArticleChoices } from "~/domain/guidance/choices.server.ts";
import { ACTION_OWNER_LABELS, ACTION_OWNERS, MAX_AGREED_ACTIONS, VISIT_FORMAT_LABELS, VISIT_FORMATS } from "~/domain/champions/visits.workflow.ts";

type Loaded = { visit?: { school: string } } | undefined;
export const handle = { title: (d: unknown) => `Visit report: ${(d as Loaded)?.visit?.school ?? "draft"}` };
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "visits:log");
  const id = idParam(params.visitId);
  const [visit, focusAreas, articles] = await orUnavailable(() =>
    Promise.all([getChampionVisit(context.db, actor, id), focusAreaOptions(context.db), guidanceArticleChoices(context.db, actor)]),
  );
  // A published report, or another champion's, is read on its own page: only its writer changes a draft. Said
  // here rather than by a redirect, so that a form sent from an old tab shows why it was refused.
  if (!visit.can.edit) return { locked: { id: visit.id, school: visit.school, published: visit.status === "published" } } as const;
  const url = new URL(request.url);
  const blanks = url.searchParams.get("blank") === "1" || visit.actions.length === 0 ? 1 : 0;
  return {
    locked: null,
    visit: { id: visit.id, version: visit.version, school: visit.school, visitedOn: visit.visitedOn, format: visit.format, focusAreas: visit.focusAreas.map((f) => f.code), seen: visit.seen, strengths: visit.strengths, actions: visit.actions },
    focusAreas,
    articles: articles.map((a) => ({ value: String(a.id), label: a.title })),
    blanks,
    removed: url.searchParams.get("removed") === "1",
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = idParam(params.visitId);
  return formAction(
    { request, context },
    {
      permission: "visits:log",
      schema: visitDraftSchema,
      run: (actor, value) => saveVisitDraft(context.db, actor, id, value, context.requestId),
      done: ({ actions }, _actor, value) => {
        if (value.intent === "add-action") return `/visits/${id}/edit?blank=1#action-${actions + 1}`;
        if (value.intent.startsWith("remove-action-")) return `/visits/${id}/edit?removed=1#actions`;
        return `/visits/${id}?done=saved`;
      },
    },
  );
}

const blankAction = { id: "", description: "", owner: "", dueOn: {}, guidance: "" };

export default function EditVisitPage() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  if (data.locked) {
    const formErrors = (lastResult as { error?: Record<string, string[] | null> } | undefined)?.error?.[""] ?? [];
    return (
      <div className="max-w-3xl">
        <BackLink href={`/visits/${data.locked.id}`}>Back to the report</BackLink>
        <ErrorSummary errors={formErrors.map((message) => ({ message }))} />
        <PageHeading caption={`Visit report, ${data.locked.school}`}>This report can no longer be changed</PageHeading>
        <p className="mb-6">{data.locked.published ? "It has been published to the school, which reads it as it was published." : "Only the Inclusion Champion who wrote it can change it."}</p>
        <p className="mb-6">
          <a href={`/visits/${data.locked.id}`}>Read the report</a>
        </p>
      </div>
    );
  }
  return <EditVisit data={data} lastResult={lastResult} />;
}

function EditVisit({ data, lastResult }: { data: Exclude<ReturnType<typeof useLoaderData<typeof loader>>, { locked: object }>; lastResult: ReturnType<typeof useActionData<typeof action>> }) {
  const { visit, focusAreas, articles, blanks, removed } = data;
  const formVersion = useFormVersion(visit.version, lastResult);
  const version = useSentVersion(visit.version, lastResult);
  const [form, fields] = useForm<z.input<typeof visitDraftSchema>>({
    id: `visit-draft-${visit.id}-${formVersion}`,
    lastResult,
    shouldValidate: "onSubmit",
    defaultValue: {
      visitedOn: dateDefault(visit.visitedOn),
      format: visit.format ?? "",
      focusAreas: visit.focusAreas,
      seen: visit.seen ?? "",
      strengths: visit.strengths ?? "",
      actions: [
        ...visit.actions.map((a) => ({ id: String(a.id), description: a.description ?? "", owner: a.owner ?? "", dueOn: dateDefault(a.dueOn), guidance: a.guidance ? String(a.guidance.id) : "" })),
        ...Array.from({ length: blanks }, () => blankAction),
      ],
    },
  });
  const actions = fields.actions.getFieldList();
  const errors: ErrorItem[] = [];
  for (const message of form.errors ?? []) errors.push({ message, fieldId: fields.visitedOn.id });
  const push = (field: { id: string; errors?: string[] }) => field.errors?.forEach((message) => errors.push({ message, fieldId: field.id }));
  [fields.visitedOn, fields.format, fields.focusAreas, fields.seen, fields.strengths, fields.actions].forEach(push);
  for (const action of actions) {
    const a = action.getFieldset();
    [a.description, a.owner, a.dueOn, a.guidance].forEach(push);
  }
  return (
    <div className="max-w-3xl">
      <BackLink href={`/visits/${visit.id}`}>Back to the report</BackLink>
      <ErrorSummary errors={errors} />
      {removed && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          The action has been removed and the draft saved.
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`Draft visit report, ${visit.school}`}>Your visit report</PageHeading>
      <p className="mb-6">Save as often as you like: only you see the draft. The school sees the report once you publish it.</p>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={version} />
        {/* Pressing Enter in a field saves the draft. */}
        <button type="submit" name="intent" value="save" hidden tabIndex={-1} aria-hidden="true" />
        <DateField field={fields.visitedOn} legend="Date of the visit" hint={`For example, 27 11 2026`} label="the date of the visit" />
        <RadiosField field={fields.format} legend="How was the visit held?" options={VISIT_FORMATS.map((f) => ({ value: f, label: VISIT_FORMAT_LABELS[f] }))} />
        <CheckboxesField field={fields.focusAreas} legend="Focus areas" hint="Select all that the visit looked at." options={focusAreas} />
        <TextAreaField field={fields.seen} label="What you saw" hint="Do not name any pupil." rows={6} />
        <TextAreaField field={fields.strengths} label="Strengths" rows={4} />
        <section id="actions" aria-labelledby="actions-heading">
          <h2 id="actions-heading" className="mb-2 text-2xl font-bold">
            Agreed actions
          </h2>
          <p className="mb-4 text-secondary-ink">What was agreed, who will do it and by when. The school marks its own actions done; you close them or carry them forward.</p>
          {fields.actions.errors?.length ? (
            <p id={fields.actions.id} className="mb-4 font-bold text-error">
              <span className="sr-only">Error:</span> {fields.actions.errors.join(". ")}
            </p>
          ) : null}
          {actions.map((action, index) => {
            const a = action.getFieldset();
            return (
              <fieldset key={action.key ?? index} id={`action-${index + 1}`} className="mb-6 border-2 border-border p-4">
                <legend className="px-1 text-xl font-bold">{`Action ${index + 1}`}</legend>
                <input type="hidden" name={a.id.name} value={typeof a.id.initialValue === "string" ? a.id.initialValue : ""} />
                <TextAreaField field={a.description} label="What is to be done" rows={3} />
                <RadiosField field={a.owner} legend="Who will do it" options={ACTION_OWNERS.map((o) => ({ value: o, label: ACTION_OWNER_LABELS[o] }))} />
                <DateField field={a.dueOn} legend="Due date" hint="On or after the date of the visit" label="the due date" />
                <SelectField field={a.guidance} label="Guidance for the school to read (optional)" hint="An article from the guidance library, linked from the action." options={articles} placeholder="None" />
                <Button variant="secondary" name="intent" value={`remove-action-${index}`} className="!mb-0 min-h-11">
                  {`Remove action ${index + 1}`}
                </Button>
              </fieldset>
            );
          })}
          {actions.length < MAX_AGREED_ACTIONS ? (
            <Button variant="secondary" name="intent" value="add-action" className="min-h-11">
              Save and add another action
            </Button>
          ) : null}
        </section>
        <div className="flex flex-wrap gap-4">
          <Button name="intent" value="save" className="min-h-11">
            Save as draft
          </Button>
        </div>
      </PortalForm>
    </div>
  );
}
