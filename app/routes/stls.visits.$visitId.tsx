import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ConfirmStep } from "~/components/ui/confirm-step.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { idParam, notFound } from "~/domain/access/access.server.ts";
import { slotTimes } from "~/domain/stls/slots.server.ts";
import { cancelVisitSchema, visitNoteSchema } from "~/domain/stls/visit.schema.ts";
import { cancelVisit, writeVisitNote } from "~/domain/stls/visit-steps.server.ts";
import { getVisit, seesVisitsAsFigures } from "~/domain/stls/visit-view.server.ts";
import { SLOT_KIND_LABELS, VISIT_STATUS_LABELS } from "~/domain/stls/visits.workflow.ts";

type Loaded = { visit?: { title: string } } | undefined;
export const handle = { title: (d: unknown) => (d as Loaded)?.visit?.title ?? "Visit" };
export const shouldRevalidate = reloadAfterPost;

const DONE: Record<string, string> = {
  booked: "Booked. The specialist teacher has been told.",
  cancel: "The booking has been cancelled, and the other side has been told.",
  note: "Your note has been saved, and the school has been told it is ready.",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "stls:view");
  const id = idParam(params.visitId);
  // The council sees visits as figures only (ADR 42): its /stls page, whatever the visit.
  if (seesVisitsAsFigures(actor)) throw redirect("/stls");
  const visit = await orUnavailable(() => getVisit(context.db, actor, id));
  const url = new URL(request.url);
  const done = url.searchParams.get("done") ?? "";
  return {
    visit: {
      ...visit,
      when: slotTimes({ starts_at: visit.startsAt, ends_at: visit.endsAt }),
      title: `${SLOT_KIND_LABELS[visit.kind]}: ${slotTimes({ starts_at: visit.startsAt, ends_at: visit.endsAt })}`,
      timeline: visit.timeline.map((e) => ({ ...e, at: formatDateTime(e.at) })),
      cancelledAt: visit.cancelled?.at ? formatDateTime(visit.cancelled.at) : null,
      noteAt: visit.note?.at ? formatDateTime(visit.note.at) : null,
    },
    confirming: url.searchParams.get("confirm") === "cancel" && visit.can.cancel,
    done: Object.hasOwn(DONE, done) ? DONE[done]! : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "stls:view");
  const id = idParam(params.visitId);
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const { db, requestId } = context;
  const common = { permission: "stls:view" as const, form, answers: intent, done: () => `/stls/visits/${id}?done=${intent}` };
  if (intent === "cancel") return formAction({ request, context }, { ...common, schema: cancelVisitSchema, run: (actor, value) => cancelVisit(db, actor, String(id), value, requestId) });
  if (intent === "note") return formAction({ request, context }, { ...common, schema: visitNoteSchema, run: (actor, value) => writeVisitNote(db, actor, String(id), value, requestId) });
  notFound();
}

export default function Visit() {
  const { visit, confirming, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const answers = (lastResult as { answers?: string } | undefined)?.answers;
  const replyTo = (intent: string) => (answers === intent ? lastResult : undefined);
  const formVersion = useFormVersion(visit.version, lastResult);
  const [cancelForm, cancelFields] = useForm<z.input<typeof cancelVisitSchema>>({ id: `cancel-visit-${formVersion}`, lastResult: replyTo("cancel"), shouldValidate: "onSubmit" });
  const [noteForm, noteFields] = useForm<z.input<typeof visitNoteSchema>>({ id: `note-visit-${formVersion}`, lastResult: replyTo("note"), shouldValidate: "onSubmit" });
  const errors = [...errorItems(cancelForm.allErrors, { reason: cancelFields.reason.id }, "reason"), ...errorItems(noteForm.allErrors, { note: noteFields.note.id }, "note")];
  const cancelledBy = visit.cancelled?.side === "specialist" ? "the specialist teacher" : "the school";
  return (
    <div className="max-w-3xl">
      <BackLink href="/stls">Back to specialist visits</BackLink>
      <ErrorSummary errors={errors} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {done}
        </NotificationBanner>
      ) : null}
      {(confirming || replyTo("cancel")) && visit.can.cancel ? (
        <ConfirmStep
          heading={`Cancel the ${visit.kind === "clinic" ? "clinic booking" : "visit"} on ${visit.when}?`}
          confirmLabel="Yes, cancel it"
          cancelHref={`/stls/visits/${visit.id}`}
          fields={{ intent: "cancel", version: visit.version }}
          form={getFormProps(cancelForm)}
          inputs={<TextAreaField field={cancelFields.reason} label="Why it is cancelled" hint="The other side reads this" rows={3} />}
        >
          <p>The slot is freed for others to book. This cannot be undone: to meet after all, book again.</p>
        </ConfirmStep>
      ) : null}
      <PageHeading caption={`${SLOT_KIND_LABELS[visit.kind]}, ${VISIT_STATUS_LABELS[visit.status].toLowerCase()}`}>{visit.when}</PageHeading>
      <SummaryList
        rows={[
          { key: "Specialist teacher", value: visit.teacher },
          { key: "School", value: visit.school },
          { key: "Place", value: visit.place },
          ...(visit.pupil ? [{ key: "Pupil", value: visit.pupil }] : []),
          ...(visit.reference ? [{ key: "LIFT referral", value: <a href={`/lift/referrals/${visit.reference}`}>{visit.reference}</a> }] : []),
          ...(visit.clinicTopic ? [{ key: "Clinic", value: visit.clinicTopic }] : []),
          ...(visit.bookingTopic ? [{ key: "What the school would like to talk about", value: <span className="whitespace-pre-line">{visit.bookingTopic}</span> }] : []),
          { key: "Status", value: VISIT_STATUS_LABELS[visit.status] },
          ...(visit.cancelled ? [{ key: "Cancelled", value: `By ${cancelledBy}, ${visit.cancelledAt}: ${visit.cancelled.reason}` }] : []),
        ]}
      />
      {visit.can.cancel && !confirming && !replyTo("cancel") ? (
        <p className="mb-6">
          <a href={`/stls/visits/${visit.id}?confirm=cancel#confirm`}>Cancel this {visit.kind === "clinic" ? "clinic booking" : "visit"}</a>
        </p>
      ) : null}
      <H2>Specialist teacher's note</H2>
      {visit.note ? (
        <>
          <p className="mb-2 whitespace-pre-line">{visit.note.text}</p>
          <p className="mb-6 text-secondary">{`Written by ${visit.teacher}, ${visit.noteAt}.`}</p>
        </>
      ) : visit.can.note ? (
        <PortalForm {...getFormProps(noteForm)}>
          <input type="hidden" name="intent" value="note" />
          <input type="hidden" name="version" value={visit.version} />
          <TextAreaField field={noteFields.note} label="Your note for the school" hint="What you saw, what you advise, and what was agreed. The school reads it here." rows={8} />
          <Button>Save the note</Button>
        </PortalForm>
      ) : (
        <p className="mb-6">{visit.status === "cancelled" ? "No note: the visit was cancelled." : visit.begun ? "The specialist teacher has not written the note yet." : "The specialist teacher writes a note after the visit."}</p>
      )}
      <H2>History</H2>
      <ul className="mb-6 list-disc pl-6">
        {visit.timeline.map((e) => (
          <li key={e.id}>
            {`${e.label}: ${e.who}, ${e.at}`}
            {e.comment ? <span className="block whitespace-pre-line">{e.comment}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
