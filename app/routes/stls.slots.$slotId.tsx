import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { ConfirmStep } from "~/components/ui/confirm-step.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { withdrawSlotSchema } from "~/domain/stls/slot.schema.ts";
import { getOwnSlot, slotTimes, withdrawSlot } from "~/domain/stls/slots.server.ts";
import { SLOT_KIND_LABELS, type SlotKind } from "~/domain/stls/visits.workflow.ts";

export const handle = { title: "Your slot" };
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "stls:visits");
  const slot = await orUnavailable(() => getOwnSlot(context.db, actor, idParam(params.slotId)));
  const withdrawable = slot.status === "open" && slot.visit_id === null;
  return {
    slot: { id: slot.id, version: slot.version, when: slotTimes(slot), kind: SLOT_KIND_LABELS[slot.kind as SlotKind], place: slot.place, topic: slot.topic, status: slot.status, visitId: slot.visit_id },
    withdrawable,
    confirming: withdrawable && new URL(request.url).searchParams.get("confirm") === "withdraw",
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = idParam(params.slotId);
  return formAction(
    { request, context },
    {
      permission: "stls:visits",
      schema: withdrawSlotSchema,
      run: (actor, value) => withdrawSlot(context.db, actor, id, value, context.requestId),
      done: () => "/stls?done=withdrawn",
      invalidMessage: "This slot could not be withdrawn: reload the page and try again.",
    },
  );
}

export default function Slot() {
  const { slot, withdrawable, confirming } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(slot.version, lastResult);
  const [form] = useForm({ id: `withdraw-${slot.id}-${formVersion}`, lastResult });
  return (
    <div className="max-w-3xl">
      <BackLink href="/stls">Back to your caseload</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, {})} />
      {confirming && !(lastResult && form.allErrors[""]) ? (
        <ConfirmStep
          heading={`Are you sure you want to withdraw your slot on ${slot.when}?`}
          confirmLabel="Yes, withdraw this slot"
          cancelHref={`/stls/slots/${slot.id}`}
          fields={{ intent: "withdraw", version: slot.version }}
          form={getFormProps(form)}
        >
          <p>Schools can no longer book it. To offer the time again, publish a new slot.</p>
        </ConfirmStep>
      ) : null}
      <PageHeading caption="Your slot">{slot.when}</PageHeading>
      <SummaryList
        rows={[
          { key: "Kind", value: slot.topic ? `${slot.kind}: ${slot.topic}` : slot.kind },
          { key: "Place", value: slot.place },
          { key: "Status", value: slot.status === "withdrawn" ? "Withdrawn" : slot.visitId ? <a href={`/stls/visits/${slot.visitId}`}>Booked: see the visit</a> : "Free" },
        ]}
      />
      {withdrawable && !confirming ? (
        <p className="mb-6">
          <a href={`/stls/slots/${slot.id}?confirm=withdraw#confirm`}>Withdraw this slot</a>
        </p>
      ) : null}
      {slot.visitId && slot.status === "open" ? <p className="mb-6">This slot is booked. To free it, cancel the visit first, giving the school your reason.</p> : null}
    </div>
  );
}
