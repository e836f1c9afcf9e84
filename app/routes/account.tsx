import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { sessionCookies } from "~/auth/cookies.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { ABSOLUTE_TIMEOUT_MS, userAgentOf } from "~/auth/session.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { ROLE_LABELS } from "~/domain/access/roles.ts";
import { changePasswordSchema, endSessionSchema } from "~/domain/users/account.schema.ts";
import { changePassword, getAccount } from "~/domain/users/account.server.ts";
import { endOwnSessions, listOwnSessions } from "~/domain/users/sessions.server.ts";

export const handle = { title: "Your account" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "account:manage");
  const [account, sessions] = await orUnavailable(() => Promise.all([getAccount(context.db, actor), listOwnSessions(context.db, actor)]));
  const url = new URL(request.url);
  const ended = url.searchParams.get("ended");
  return {
    account,
    sessions: sessions.map((s) => ({ ...s, signedInAt: s.signedInAt.toISOString(), lastUsedAt: s.lastUsedAt.toISOString() })),
    roleLabel: ROLE_LABELS[actor.role],
    changed: url.searchParams.get("changed") === "1",
    ended: ended === "one" || ended === "others" ? ended : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireActor(request, context, "account:manage");
  const form = await readForm(request, context);
  const intent = form.get("intent");
  if (intent === "end-session" || intent === "end-other-sessions") {
    return formAction(
      { request, context },
      {
        permission: "account:manage",
        form,
        answers: "sessions",
        schema: endSessionSchema,
        run: (actor, value) => endOwnSessions(context.db, actor, value.intent === "end-session" ? { publicId: value.session } : "others", context.requestId),
        done: (_result, _actor, value) => `/account?ended=${value.intent === "end-session" ? "one" : "others"}`,
      },
    );
  }
  return formAction(
    { request, context },
    {
      permission: "account:manage",
      form,
      answers: "password",
      schema: changePasswordSchema,
      hideFields: ["currentPassword", "newPassword"],
      run: (actor, value) =>
        changePassword(context.db, actor, value, { requestId: context.requestId, ip: context.clientIp, limits: context.signInLimits, userAgent: userAgentOf(request) }),
      done: () => "/account?changed=1",
      // The new session the change started, for this browser.
      headers: (result) => sessionCookies(context, { token: result.token, maxAgeSeconds: ABSOLUTE_TIMEOUT_MS / 1000 }),
    },
  );
}

export default function Account() {
  const { account, sessions, roleLabel, changed, ended } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData?.answers === "password" ? actionData : undefined;
  const sessionsReply = actionData?.answers === "sessions" ? actionData : undefined;
  const [form, fields] = useForm<z.input<typeof changePasswordSchema>>({
    id: "change-password",
    lastResult,
    shouldValidate: "onSubmit",
  });
  const sessionErrors = [...(sessionsReply?.error?.[""] ?? []), ...(sessionsReply?.error?.session ?? [])].map((message) => ({ message, href: "#sessions" }));
  const errors = [...sessionErrors, ...errorItems(form.allErrors, { currentPassword: fields.currentPassword.id, newPassword: fields.newPassword.id })];
  const others = sessions.filter((s) => !s.current);
  return (
    <div className="max-w-2xl">
      <ErrorSummary errors={errors} />
      {changed && !actionData ? (
        <NotificationBanner kind="success" title="Success">
          Your password has been changed. You have been signed out on every other device.
        </NotificationBanner>
      ) : null}
      {ended && !actionData ? (
        <NotificationBanner kind="success" title="Success">
          {ended === "one" ? "You have been signed out on that device." : "You have been signed out on every other device."}
        </NotificationBanner>
      ) : null}
      <PageHeading>Your account</PageHeading>
      <SummaryList
        rows={[
          { key: "Name", value: account.name },
          { key: "Email address", value: account.email },
          { key: "Role", value: roleLabel },
          { key: "Password last changed", value: formatDateTime(account.passwordChangedAt) },
          {
            key: "Two-factor authentication",
            value: account.twoFactorOnSince ? `On since ${formatDateTime(account.twoFactorOnSince)}` : "Off",
            action: <a href="/account/two-factor">{account.twoFactorOnSince ? "Manage" : "Set up"}<span className="sr-only"> two-factor authentication</span></a>,
          },
        ]}
      />
      <div id="sessions">
        <Table
          caption="Where you are signed in"
          rowKey={(s) => s.publicId}
          stickyFirstColumn
          rows={sessions}
          columns={[
            {
              header: "Device",
              cell: (s) => (
                <>
                  {s.device ?? "A device that did not say what it is"}
                  {s.current ? (
                    <>
                      {" "}
                      <Tag colour="green">This device</Tag>
                    </>
                  ) : null}
                </>
              ),
            },
            { header: "Signed in", cell: (s) => formatDateTime(s.signedInAt) },
            { header: "Last used", cell: (s) => formatDateTime(s.lastUsedAt) },
            {
              header: "Sign out",
              cell: (s) =>
                s.current ? (
                  "Use “Sign out” at the top of the page"
                ) : (
                  <PortalForm method="post">
                    <input type="hidden" name="intent" value="end-session" />
                    <input type="hidden" name="session" value={s.publicId} />
                    <Button variant="link">
                      Sign out<span className="sr-only"> on {s.device ?? "this device"}, last used {formatDateTime(s.lastUsedAt)}</span>
                    </Button>
                  </PortalForm>
                ),
            },
          ]}
        />
        <p className="mb-4">
          If you see a device you do not recognise, or one you no longer use (a shared computer, a lost phone), sign out
          on it here. If you think someone else knows your password, change it below: that signs you out everywhere else.
        </p>
        {others.length > 1 ? (
          <PortalForm method="post">
            <input type="hidden" name="intent" value="end-other-sessions" />
            <Button variant="secondary">Sign out on every other device</Button>
          </PortalForm>
        ) : null}
      </div>
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
