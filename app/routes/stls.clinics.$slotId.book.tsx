import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { SelectField, TextAreaField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { bookClinicSchema } from "~/domain/stls/booking.schema.ts";
import { bookClinic, clinicForBooking } from "~/domain/stls/booking.server.ts";
import { slotTimes } from "~/domain/stls/slots.server.ts";

export const handle = { title: "Book a drop-in clinic" };
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "stls:book");
  const found = await orUnavailable(() => clinicForBooking(context.db, actor, idParam(params.slotId)));
  const { slot } = found;
  return {
    slot: { id: slot.id, when: slotTimes(slot), place: slot.place, topic: slot.topic, teacher: slot.teacher, free: slot.free },
    otherFree: found.otherFree.map((s) => ({ id: s.id, when: slotTimes(s), topic: s.topic, teacher: s.teacher })),
    pupils: found.pupils,
    idempotencyKey: found.idempotencyKey,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = idParam(params.slotId);
  return formAction(
    { request, context },
    {
      permission: "stls:book",
      schema: bookClinicSchema,
      run: (actor, value) => bookClinic(context.db, actor, id, value, context.requestId),
      done: (result) => `/stls/visits/${result.visitId}?done=booked`,
    },
  );
}

export default function BookClinic() {
  const { slot, otherFree, pupils, idempotencyKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof bookClinicSchema>>({ id: `clinic-${slot.id}`, lastResult, shouldValidate: "onSubmit" });
  return (
    <div className="max-w-3xl">
      <BackLink href="/stls">Back to specialist visits</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, { topic: fields.topic.id, pupilId: fields.pupilId.id }, "topic")} />
      <PageHeading caption="Book a drop-in clinic">{slot.topic ?? "Drop-in clinic"}</PageHeading>
      <P>{`${slot.when}, ${slot.place}, with ${slot.teacher}. No referral is needed.`}</P>
      {slot.free ? (
        <PortalForm {...getFormProps(form)}>
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <TextAreaField field={fields.topic} label="What would you like to talk about?" hint="The specialist teacher reads this before the clinic." />
          <SelectField field={fields.pupilId} label="Which pupil is it about? (optional)" hint="Only if it is about one pupil of your register." options={pupils} placeholder="No particular pupil" />
          <Button>Book this clinic slot</Button>
        </PortalForm>
      ) : (
        <WarningText>This clinic slot is no longer free.</WarningText>
      )}
      {otherFree.length > 0 ? (
        <>
          <H2>Other free clinic slots</H2>
          <ul className="mb-6 list-disc pl-6">
            {otherFree.map((s) => (
              <li key={s.id}>
                <a href={`/stls/clinics/${s.id}/book`}>{`${s.when}: ${s.topic ?? "Drop-in clinic"}`}</a>
                {`, with ${s.teacher}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
