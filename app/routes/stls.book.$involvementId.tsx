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
import { RadiosField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { bookVisitSchema } from "~/domain/stls/booking.schema.ts";
import { bookVisit, involvementForBooking } from "~/domain/stls/booking.server.ts";
import { slotTimes } from "~/domain/stls/slots.server.ts";

// The title names the referral, never the child (ADR 9: titles end up in browser history).
type Loaded = { involvement?: { reference: string } } | undefined;
export const handle = { title: (d: unknown) => `Book a visit: ${(d as Loaded)?.involvement?.reference ?? "LIFT referral"}` };
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "stls:book");
  const found = await orUnavailable(() => involvementForBooking(context.db, actor, idParam(params.involvementId)));
  return { ...found, slots: found.slots.map((s) => ({ value: String(s.id), label: slotTimes(s), hint: s.place })) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = idParam(params.involvementId);
  return formAction(
    { request, context },
    {
      permission: "stls:book",
      schema: bookVisitSchema,
      run: (actor, value) => bookVisit(context.db, actor, id, value, context.requestId),
      done: (result) => `/stls/visits/${result.visitId}?done=booked`,
    },
  );
}

export default function BookVisit() {
  const { involvement, slots, idempotencyKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof bookVisitSchema>>({ id: `book-${involvement.id}`, lastResult, shouldValidate: "onSubmit" });
  const left = involvement.allocated - involvement.used;
  return (
    <div className="max-w-3xl">
      <BackLink href="/stls">Back to specialist visits</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, { slotId: fields.slotId.id }, "slotId")} />
      <PageHeading caption={`Book a visit: ${involvement.reference}`}>{involvement.pupil}</PageHeading>
      <P>{`LIFT allocated ${involvement.allocated} ${involvement.allocated === 1 ? "visit" : "visits"} with ${involvement.specialist}: ${involvement.used} booked or done, ${left} left to book.`}</P>
      {left <= 0 ? (
        <WarningText>{`All ${involvement.allocated} visits allocated have been booked.`}</WarningText>
      ) : slots.length === 0 ? (
        <WarningText>{`${involvement.specialist} has no free visit slots at the moment. Come back later, or ask them to publish more.`}</WarningText>
      ) : (
        <PortalForm {...getFormProps(form)}>
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <RadiosField field={fields.slotId} legend={`Choose one of ${involvement.specialist}'s free slots`} options={slots} />
          <Button>Book this visit</Button>
        </PortalForm>
      )}
    </div>
  );
}
