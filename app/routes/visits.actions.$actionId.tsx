import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { DateField } from "~/components/date-field.tsx";
import { formatDate, formatDateTime } from "~/components/format.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { idParam, notFound } from "~/domain/access/access.server.ts";
import { carryActionForward, closeAction, completeAction } from "~/domain/champions/action-steps.server.ts";
import { carryActionSchema, closeActionSchema, completeActionSchema } from "~/domain/champions/visit.schema.ts";
import { getAgreedAction } from "~/domain/champions/visit-view.server.ts";

type Loaded = { agreed?: { position: number; visit: { school: string } } } | undefined;
export const handle = {
  title: (d: unknown) => {
    const a = (d as Loaded)?.agreed;
    return a ? `Agreed action ${a.position}: ${a.visit.school}` : "Agreed action";
  },
};
export const shouldRevalidate = reloadAfterPost;

const DONE: Record<string, string> = {
  complete: "The action has been marked done, and the Inclusion Champion has been told.",
  close: "The action has been closed.",
  carry: "The action has been carried forward to its new due date.",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "visits:view");
  const id = idParam(params.actionId);
  const agreed = await orUnavailable(() => getAgreedAction(context.db, actor, id));
  const done = new URL(request.url).searchParams.get("done") ?? "";
  return {
    agreed: { ...agreed, timeline: agreed.timeline.map((e) => ({ ...e, at: formatDateTime(e.at) })) },
    done: Object.hasOwn(DONE, done) ? DONE[done]! : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "visits:view");
  const id = idParam(params.actionId);
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const { db, requestId } = context;
  const common = { form, answers: intent, done: () => `/visits/actions/${id}?done=${intent}` };
  if (intent === "complete") {
    return formAction({ request, context }, { ...common, permission: "visits:actions", schema: completeActionSchema, run: (actor, value) => completeAction(db, actor, id, value, requestId) });
  }
  if (intent === "close") {
    return formAction({ request, context }, { ...common, permission: "visits:log", schema: closeActionSchema, run: (actor, value) => closeAction(db, actor, id, value, requestId) });
  }
  if (intent === "carry") {
    return formAction({ request, context }, { ...common, permission: "visits:log", schema: carryActionSchema, run: (actor, value) => carryActionForward(db, actor, id, value, requestId) });
  }
  notFound();
}

export default function AgreedAction() {
  const { agreed, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const answers = (lastResult as { answers?: string } | undefined)?.answers;
  const replyTo = (intent: string) => (answers === intent ? lastResult : undefined);
  const formVersion = useFormVersion(agreed.version, lastResult);
  const [completeForm, completeFields] = useForm<z.input<typeof completeActionSchema>>({ id: `complete-${agreed.id}-${formVersion}`, lastResult: replyTo("complete"), shouldValidate: "onSubmit" });
  const [closeForm, closeFields] = useForm<z.input<typeof closeActionSchema>>({ id: `close-${agreed.id}-${formVersion}`, lastResult: replyTo("close"), shouldValidate: "onSubmit" });
  const [carryForm, carryFields] = useForm<z.input<typeof carryActionSchema>>({ id: `carry-${agreed.id}-${formVersion}`, lastResult: replyTo("carry"), shouldValidate: "onSubmit" });
  const errors = [
    ...errorItems(completeForm.allErrors, { note: completeFields.note.id }, "note"),
    ...errorItems(closeForm.allErrors, { comment: closeFields.comment.id }, "comment"),
    ...errorItems(carryForm.allErrors, { dueOn: carryFields.dueOn.id, reason: carryFields.reason.id }, "dueOn"),
  ];
  const status = agreed.overdue ? <Tag colour="red">Overdue</Tag> : <Tag colour={agreed.status === "done" ? "green" : agreed.status === "open" ? "blue" : "grey"}>{agreed.statusLabel}</Tag>;
  return (
    <div className="max-w-3xl">
      <BackLink href={`/visits/${agreed.visit.id}`}>Back to the visit report</BackLink>
      <ErrorSummary errors={errors} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {done}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`Agreed action ${agreed.position}, ${agreed.visit.school}`}>
        <span className="break-words">{agreed.description}</span>
      </PageHeading>
      <SummaryList
        rows={[
          { key: "Status", value: status },
          { key: "Who will do it", value: agreed.ownerLabel ?? "Not chosen" },
          { key: "Due", value: agreed.dueOn ? formatDate(agreed.dueOn) : "No date" },
          ...(agreed.guidance
            ? [{ key: "Guidance to read", value: agreed.guidance.href ? <a href={agreed.guidance.href}>{agreed.guidance.title}</a> : `${agreed.guidance.title} (no longer in the library)` }]
            : []),
          { key: "Agreed at", value: <a href={`/visits/${agreed.visit.id}`}>{`The visit on ${agreed.visit.visitedOn ? formatDate(agreed.visit.visitedOn) : "a date not entered"}, with ${agreed.visit.champion}`}</a> },
          ...(agreed.carried > 0 ? [{ key: "Carried forward", value: agreed.carried === 1 ? "Once" : `${agreed.carried} times` }] : []),
          ...(agreed.doneNote ? [{ key: "What the school did", value: <span className="whitespace-pre-line break-words">{agreed.doneNote}</span> }] : []),
        ]}
      />
      {agreed.can.complete ? (
        <PortalForm {...getFormProps(completeForm)}>
          <H2>Mark this action done</H2>
          <input type="hidden" name="intent" value="complete" />
          <input type="hidden" name="version" value={agreed.version} />
          <TextAreaField field={completeFields.note} label="What the school has done" hint="The Inclusion Champion reads this. Do not name any pupil." rows={4} />
          <Button className="min-h-11">Mark as done</Button>
        </PortalForm>
      ) : null}
      {agreed.can.carry ? (
        <PortalForm {...getFormProps(carryForm)}>
          <H2>Carry forward</H2>
          <input type="hidden" name="intent" value="carry" />
          <input type="hidden" name="version" value={agreed.version} />
          <DateField field={carryFields.dueOn} legend="New due date" hint="After the current due date" label="the new due date" />
          <TextAreaField field={carryFields.reason} label="Why it is carried forward" hint="The school reads this in the action's history." rows={3} />
          <Button variant="secondary" className="min-h-11">
            Carry forward
          </Button>
        </PortalForm>
      ) : null}
      {agreed.can.close ? (
        <PortalForm {...getFormProps(closeForm)}>
          <H2>Close this action</H2>
          <input type="hidden" name="intent" value="close" />
          <input type="hidden" name="version" value={agreed.version} />
          <TextAreaField field={closeFields.comment} label="Note for the history (optional)" rows={2} />
          <Button variant="secondary" className="min-h-11">
            Close the action
          </Button>
        </PortalForm>
      ) : null}
      <H2>History</H2>
      <ul className="mb-6 list-disc pl-6">
        {agreed.timeline.map((e) => (
          <li key={e.id} className="break-words">
            {`${e.label}: ${e.who}, ${e.at}`}
            {e.comment ? <span className="block whitespace-pre-line">{e.comment}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
