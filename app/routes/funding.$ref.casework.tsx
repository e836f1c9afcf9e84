import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { FundingStatusTag } from "~/components/funding-status.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { DueDate } from "~/components/service-level-tag.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { SelectField, TextAreaField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { assignSchema, noteSchema } from "~/domain/funding/casework/casework.schema.ts";
import { assignFundingRequest } from "~/domain/funding/casework/assign.server.ts";
import { addCaseNote, getCasework } from "~/domain/funding/casework/casework.server.ts";
import { referenceParam } from "~/domain/funding/funding.server.ts";

/** A request's casework (ADR 30), for council officers only: who has it, its due date, assigning it, private notes. */

export const handle = { title: (data: unknown) => `Casework: ${(data as { casework?: { reference: string } } | undefined)?.casework?.reference ?? "funding request"}` };

// A refused assignment (stale, moved on) must show the request as it is now: reload after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:casework");
  const reference = referenceParam(params);
  const casework = await orUnavailable(() => getCasework(context.db, actor, reference, context.requestId));
  return { casework, me: actor.userId, done: new URL(request.url).searchParams.get("done") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "funding:casework");
  const reference = referenceParam(params);
  const form = await readForm(request, context);
  const { db, requestId } = context;
  if (form.get("intent") === "note") {
    return formAction(
      { request, context },
      {
        permission: "funding:casework",
        schema: noteSchema,
        form,
        answers: "note",
        run: (actor, value) => addCaseNote(db, actor, reference, value, requestId),
        done: () => `/funding/${reference}/casework?done=note#notes`,
      },
    );
  }
  return formAction(
    { request, context },
    {
      permission: "funding:casework",
      schema: assignSchema,
      form,
      answers: "assign",
      run: (actor, value) => assignFundingRequest(db, actor, reference, value, requestId),
      // From the queue's "Assign to me": back to the queue as it was filtered; else back here.
      done: (_result, _actor, value) => (value.back !== undefined ? `/funding${value.back}` : `/funding/${reference}/casework?done=assign`),
    },
  );
}

export default function CaseworkPage() {
  const { casework, me, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formVersion = useFormVersion(casework.version, actionData);
  const [assignForm, assignFields] = useForm<{ assignee: string }>({
    id: `assign-${formVersion}`,
    lastResult: actionData?.answers === "assign" ? actionData : undefined,
    defaultValue: { assignee: String(casework.assignedTo?.id ?? me) },
    shouldValidate: "onSubmit",
  });
  const [noteForm, noteFields] = useForm<z.input<typeof noteSchema>>({
    id: `note-${casework.lastNoteId}`,
    lastResult: actionData?.answers === "note" ? actionData : undefined,
    shouldValidate: "onSubmit",
  });
  const formErrors = [...(assignForm.errors ?? []), ...(noteForm.errors ?? [])].map((message) => ({ message }));
  const fieldErrors = [
    ...errorItems({ assignee: assignFields.assignee.errors ?? [] }, { assignee: assignFields.assignee.id }),
    ...errorItems({ body: noteFields.body.errors ?? [] }, { body: noteFields.body.id }),
  ];
  const reference = casework.reference;
  return (
    <div className="max-w-4xl">
      <BackLink href={`/funding/${reference}`}>{`Back to ${reference}`}</BackLink>
      <ErrorSummary errors={[...formErrors, ...fieldErrors]} />
      {done && !actionData ? (
        <NotificationBanner kind="success" title="Success">
          {done === "note" ? "Your note has been added." : `${reference} is now assigned to ${casework.assignedTo?.name ?? "nobody"}.`}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${casework.school} · URN ${casework.urn}`}>Casework for {reference}</PageHeading>
      <p className="mb-6">Only council officers see this page. The school never sees the case notes.</p>
      <SummaryList
        rows={[
          { key: "Status", value: <FundingStatusTag status={casework.status} label={casework.statusLabel} /> },
          { key: "Area", value: `${casework.area} (${casework.district})` },
          { key: "Assigned to", value: casework.assignedTo ? (casework.assignedTo.id === me ? `${casework.assignedTo.name} (you)` : casework.assignedTo.name) : "Nobody yet" },
          { key: "Due", value: <DueDate dueOn={casework.dueOn} level={casework.serviceLevel} /> },
        ]}
      />

      <H2>Assign</H2>
      {casework.mayAssign ? (
        <PortalForm {...getFormProps(assignForm)} className="mb-8">
          <input type="hidden" name="intent" value="assign" />
          <input type="hidden" name="version" value={casework.version} />
          <SelectField
            field={assignFields.assignee}
            label={`Officer of the ${casework.area} area`}
            options={casework.colleagues.map((o) => ({ value: String(o.id), label: o.id === me ? `${o.name} (you)` : o.name }))}
          />
          <Button>Assign</Button>
        </PortalForm>
      ) : (
        <p className="mb-8">
          {casework.yourAreas.includes(casework.area)
            ? `A request that is ${casework.statusLabel.toLowerCase()} is not assigned.`
            : `This request is from the ${casework.area} area. You work in ${casework.yourAreas.join(" and ") || "no area yet"}, so an officer of the ${casework.area} area assigns it.`}
        </p>
      )}

      <h2 id="notes" className="mb-4 mt-2 text-2xl font-bold">
        Case notes
      </h2>
      <p className="mb-4">Private to council officers. A note cannot be changed or deleted once added.</p>
      {casework.notes.length === 0 ? (
        <p className="mb-6">No notes yet.</p>
      ) : (
        <ol className="mb-6 border-l-4 border-border pl-4">
          {casework.notes.map((note) => (
            <li key={note.id} className="mb-4">
              <p className="text-secondary-ink">
                {note.author}, {formatDateTime(note.at)}
              </p>
              <p className="whitespace-pre-line">{note.body}</p>
            </li>
          ))}
        </ol>
      )}
      <PortalForm {...getFormProps(noteForm)}>
        <input type="hidden" name="intent" value="note" />
        <input type="hidden" name="after" value={casework.lastNoteId} />
        <TextAreaField field={noteFields.body} label="Add a note" rows={4} />
        <Button variant="secondary">Add note</Button>
      </PortalForm>
    </div>
  );
}
