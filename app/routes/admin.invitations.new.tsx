import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { inviteAction } from "~/auth/invitation-pages.server.ts";
import { errorItems } from "~/components/conform.ts";
import { ScopeFields } from "~/components/scope-fields.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import type { inviteSchema } from "~/domain/users/invitations.schema.ts";
import { listDistricts } from "~/domain/users/users.server.ts";

export const handle = { title: "Invite someone" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "users:manage");
  return { districts: await orUnavailable(() => listDistricts(context.db, actor)) };
}

export const action = (args: ActionFunctionArgs) => inviteAction(args, { permission: "users:manage", base: "/admin/invitations", form: "county" });

export default function InviteSomeone() {
  const { districts } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof inviteSchema>>({ id: "invite", lastResult, shouldValidate: "onSubmit", shouldRevalidate: "onInput" });
  const errors = errorItems(form.allErrors, {
    email: fields.email.id,
    displayName: fields.displayName.id,
    role: fields.role.id,
    schoolUrn: fields.schoolUrn.id,
    championUrns: fields.championUrns.id,
    districtCode: fields.districtCode.id,
  }, "email");
  return (
    <div className="max-w-2xl">
      <BackLink href="/admin/invitations">Back to the invitations</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Invitations">Invite someone</PageHeading>
      <p className="mb-6">
        They get an email with a link that works once, for 7 days, to choose their password. If the address already has an
        account, the role is added to it once they confirm with their password.
      </p>
      <PortalForm {...getFormProps(form)}>
        <TextField field={fields.email} label="Email address" type="email" autoComplete="off" spellCheck={false} />
        <TextField field={fields.displayName} label="Full name (optional)" hint="If you leave it out, they give their name when they accept." autoComplete="off" />
        <ScopeFields fields={fields} districts={districts} />
        <Button>Send the invitation</Button>
      </PortalForm>
    </div>
  );
}
