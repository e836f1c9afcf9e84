import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { sessionCookies } from "~/auth/cookies.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { ABSOLUTE_TIMEOUT_MS } from "~/auth/session.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { ROLE_LABELS } from "~/domain/access/roles.ts";
import { changePasswordSchema } from "~/domain/users/account.schema.ts";
import { changePassword, getAccount } from "~/domain/users/account.server.ts";

export const handle = { title: "Your account" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "account:manage");
  const account = await orUnavailable(() => getAccount(context.db, actor));
  return { account, roleLabel: ROLE_LABELS[actor.role], changed: new URL(request.url).searchParams.get("changed") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "account:manage",
      schema: changePasswordSchema,
      hideFields: ["currentPassword", "newPassword"],
      run: (actor, value) => changePassword(context.db, actor, value, { requestId: context.requestId, ip: context.clientIp, limits: context.signInLimits }),
      done: () => "/account?changed=1",
      // The new session the change started, for this browser.
      headers: (result) => sessionCookies(context, { token: result.token, maxAgeSeconds: ABSOLUTE_TIMEOUT_MS / 1000 }),
    },
  );
}

export default function Account() {
  const { account, roleLabel, changed } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof changePasswordSchema>>({
    id: "change-password",
    lastResult,
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, { currentPassword: fields.currentPassword.id, newPassword: fields.newPassword.id });
  return (
    <div className="max-w-2xl">
      <ErrorSummary errors={errors} />
      {changed && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          Your password has been changed. You have been signed out on every other device.
        </NotificationBanner>
      ) : null}
      <PageHeading>Your account</PageHeading>
      <SummaryList
        rows={[
          { key: "Name", value: account.name },
          { key: "Email address", value: account.email },
          { key: "Role", value: roleLabel },
          { key: "Password last changed", value: formatDateTime(account.passwordChangedAt) },
        ]}
      />
      <H2>Change your password</H2>
      <PortalForm {...getFormProps(form)}>
        <TextField field={fields.currentPassword} label="Current password" type="password" autoComplete="current-password" />
        <TextField
          field={fields.newPassword}
          label="New password"
          hint="At least 8 characters. A long phrase of several words is easier to remember and harder to guess."
          type="password"
          autoComplete="new-password"
        />
        <Button>Change password</Button>
      </PortalForm>
    </div>
  );
}
