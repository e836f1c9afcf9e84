import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { inviteAction } from "~/auth/invitation-pages.server.ts";
import { errorItems } from "~/components/conform.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { ROLE_LABELS } from "~/domain/access/roles.ts";
import type { schoolInviteSchema } from "~/domain/users/invitations.schema.ts";
import { invitingSchoolName } from "~/domain/users/invitations.server.ts";

export const handle = { title: "Invite a member of staff" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "invitations:school");
  return { school: await orUnavailable(() => invitingSchoolName(context.db, actor)) };
}

/** A headteacher invites their own school's SENCO or headteacher: the school is the one they act for. */
export const action = (args: ActionFunctionArgs) => inviteAction(args, { permission: "invitations:school", base: "/school/invitations", form: "school" });

export default function InviteStaff() {
  const { school } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof schoolInviteSchema>>({ id: "invite", lastResult, shouldValidate: "onSubmit", shouldRevalidate: "onInput" });
  const errors = errorItems(form.allErrors, { email: fields.email.id, displayName: fields.displayName.id, role: fields.role.id, schoolUrn: fields.role.id }, "email");
  return (
    <div className="max-w-2xl">
      <BackLink href="/school/invitations">Back to the invitations</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Staff invitations">Invite a member of staff</PageHeading>
      <p className="mb-6">
        They get an email with a link that works once, for 7 days, to choose their password and start using the portal for {school}.
      </p>
      <PortalForm {...getFormProps(form)}>
        <TextField field={fields.email} label="Email address" type="email" autoComplete="off" spellCheck={false} />
        <TextField field={fields.displayName} label="Full name (optional)" hint="If you leave it out, they give their name when they accept." autoComplete="off" />
        <RadiosField
          field={fields.role}
          legend="Role"
          options={(["senco", "headteacher"] as const).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
        <Button>Send the invitation</Button>
      </PortalForm>
    </div>
  );
}
