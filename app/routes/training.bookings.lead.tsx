import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { trainingLeadSchema } from "~/domain/training/booking.schema.ts";
import { getTrainingLead, setTrainingLead } from "~/domain/training/booking-lead.server.ts";

export const handle = { title: "Your school's training lead" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:book");
  return { lead: await orUnavailable(() => getTrainingLead(context.db, actor)), saved: new URL(request.url).searchParams.has("saved") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "training:lead",
      schema: trainingLeadSchema,
      run: (actor, value) => setTrainingLead(context.db, actor, { email: value.email ?? null }, context.requestId),
      done: () => "/training/bookings/lead?saved=1",
    },
  );
}

export default function TrainingLead() {
  const { lead, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof trainingLeadSchema>>({ id: "training-lead", lastResult, defaultValue: { email: lead.lead ?? "" }, shouldValidate: "onSubmit" });
  return (
    <div className="max-w-3xl">
      <BackLink href="/training/bookings">Back to your school's bookings</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, { email: fields.email.id })} />
      {saved ? (
        <NotificationBanner kind="success" title="Done">
          The training lead has been saved.
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Training">Your school's training lead</PageHeading>
      <p className="mb-4">Booking confirmations, waiting-list news, cancellations and reminders for your staff are copied to the training lead.</p>
      <p className="mb-6">{lead.copied.length > 0 ? `Copied now: ${lead.copied.join(", ")}.` : "Nobody is copied now."}</p>
      {lead.mayChange ? (
        <PortalForm {...getFormProps(form)}>
          <TextField field={fields.email} label="Training lead's email address" hint="Leave it empty to copy your school's SENCOs." type="email" spellCheck={false} />
          <Button>Save</Button>
        </PortalForm>
      ) : (
        <p>Your headteacher chooses the training lead. With none chosen, the school's SENCOs are copied.</p>
      )}
    </div>
  );
}
