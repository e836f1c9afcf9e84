import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor, replyUnavailable, unlessUnavailable } from "~/auth/actor.server.ts";
import { sessionCookies } from "~/auth/cookies.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
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
import { changePassword, getAccount, TOO_MANY_PASSWORD_CHECKS } from "~/domain/users/account.server.ts";

export const handle = { title: "Your account" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "account:manage");
  const account = await orUnavailable(() => getAccount(context.db, actor));
  return { account, roleLabel: ROLE_LABELS[actor.role], changed: new URL(request.url).searchParams.get("changed") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "account:manage");
  const form = await readForm(request, context);
  const submission = parseWithZod(form, { schema: changePasswordSchema });
  const hide = { hideFields: ["currentPassword", "newPassword"] };
  if (submission.status !== "success") return data(submission.reply(hide), { status: 400 });
  const attempt = await unlessUnavailable(() =>
    changePassword(context.db, actor, submission.value, { requestId: context.requestId, ip: context.clientIp, limits: context.signInLimits }),
  );
  if (!attempt.available) return replyUnavailable(submission, hide.hideFields);
  const result = attempt.value;
  if (!result.ok && "rateLimited" in result) {
    return data(submission.reply({ ...hide, fieldErrors: { currentPassword: [TOO_MANY_PASSWORD_CHECKS] } }), { status: 429 });
  }
  if (!result.ok) return data(submission.reply({ ...hide, fieldErrors: result.fieldErrors }), { status: 400 });
  throw redirect("/account?changed=1", {
    headers: await sessionCookies(context, { token: result.token, maxAgeSeconds: ABSOLUTE_TIMEOUT_MS / 1000 }),
  });
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
