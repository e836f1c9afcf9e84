import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ConfirmationPanel } from "~/components/ui/confirmation-panel.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import type { Result } from "~/domain/result.ts";
import { twoFactorSetUpSchema } from "~/domain/users/two-factor.schema.ts";
import { confirmTwoFactorSetUp, getOwnTwoFactor, startTwoFactorSetUp, turnOffTwoFactor } from "~/domain/users/two-factor.server.ts";

export const handle = { title: "Two-factor authentication" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "account:manage");
  const twoFactor = await orUnavailable(() => getOwnTwoFactor(context.db, actor, { requireTwoFactor: context.requireTwoFactor }));
  return {
    twoFactor: { ...twoFactor, onSince: twoFactor.onSince?.toISOString() ?? null },
    turnedOff: new URL(request.url).searchParams.get("done") === "off",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireActor(request, context, "account:manage");
  const form = await readForm(request, context);
  const { db, requestId } = context;
  const request_ = { requestId, ip: context.clientIp, limits: context.signInLimits };
  const intent = form.get("intent");
  return formAction(
    { request, context },
    {
      permission: "account:manage",
      form,
      answers: intent === "turn-off" ? "turn-off" : intent === "confirm" ? "confirm" : "start",
      schema: twoFactorSetUpSchema,
      hideFields: ["code", "password"],
      run: async (actor, value): Promise<Result<{ recoveryCodes: string[] }>> => {
        if (value.intent === "start") {
          const started = await startTwoFactorSetUp(db, actor);
          return started.ok ? { ok: true, recoveryCodes: [] } : started;
        }
        if (value.intent === "confirm") return confirmTwoFactorSetUp(db, actor, { code: value.code }, request_);
        const off = await turnOffTwoFactor(db, actor, { password: value.password }, { ...request_, requireTwoFactor: context.requireTwoFactor });
        return off.ok ? { ok: true, recoveryCodes: [] } : off;
      },
      // The recovery codes are shown this once, in the answer to the confirming POST: only their hashes are kept.
      show: (result) => (result.recoveryCodes.length > 0 ? { recoveryCodes: result.recoveryCodes } : undefined),
      done: (_result, _actor, value) => (value.intent === "turn-off" ? "/account/two-factor?done=off" : "/account/two-factor"),
    },
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="max-w-2xl">
      <ConfirmationPanel
        title="Two-factor authentication is on"
        next={
          <>
            <p className="mb-4">From now on, after your password the portal asks for the code your authenticator app shows.</p>
            <H2>Your recovery codes</H2>
            <WarningText>Save these codes somewhere safe now, away from your phone. You will not be shown them again.</WarningText>
            <p className="mb-4">
              If you lose your phone, enter one of these instead of a code. Each code works once. If you lose your phone and these codes, ask a
              portal administrator to reset your two-factor authentication.
            </p>
            <ol id="recovery-codes" aria-label="Recovery codes" className="mb-8 grid grid-cols-1 gap-2 font-mono text-xl sm:grid-cols-2">
              {codes.map((code) => (
                <li key={code}>{code}</li>
              ))}
            </ol>
            <p className="mb-4">
              <a href="/home">I have saved my recovery codes: continue to the portal</a>
            </p>
          </>
        }
      />
    </div>
  );
}

export default function TwoFactorPage() {
  const { twoFactor, turnedOff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const shown = actionData && "shown" in actionData ? (actionData.shown as { recoveryCodes?: string[] }) : undefined;
  const answering = (form: string) => (actionData?.answers === form ? actionData : undefined);
  const [confirmForm, confirmFields] = useForm<{ intent: "confirm"; code: string }>({
    id: "two-factor-confirm",
    lastResult: answering("confirm"),
    shouldValidate: "onSubmit",
  });
  const [offForm, offFields] = useForm<{ intent: "turn-off"; password: string }>({
    id: "two-factor-off",
    lastResult: answering("turn-off"),
    shouldValidate: "onSubmit",
  });
  if (shown?.recoveryCodes) return <RecoveryCodes codes={shown.recoveryCodes} />;
  const errors = [
    ...(answering("start")?.error?.[""] ?? []).map((message) => ({ message })),
    ...errorItems(confirmForm.allErrors, { code: confirmFields.code.id }, "code"),
    ...errorItems(offForm.allErrors, { password: offFields.password.id }, "password"),
  ];
  const startButton = (label: string, variant: "primary" | "secondary") => (
    <PortalForm>
      <input type="hidden" name="intent" value="start" />
      <Button variant={variant}>{label}</Button>
    </PortalForm>
  );
  return (
    <div className="max-w-2xl">
      {twoFactor.required && twoFactor.state !== "on" ? null : <BackLink href="/account">Back to your account</BackLink>}
      <ErrorSummary errors={errors} />
      {turnedOff && !actionData && twoFactor.state === "off" ? (
        <NotificationBanner kind="success" title="Success">
          Two-factor authentication is off. You sign in with your password alone.
        </NotificationBanner>
      ) : null}
      {twoFactor.required && twoFactor.state !== "on" ? (
        <NotificationBanner title="Set up two-factor authentication to carry on">
          Your role lets you see information about children across Kent, so you must sign in with a code from an authenticator app as well as your
          password. Set it up now to use the portal.
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Your account">Two-factor authentication</PageHeading>
      {twoFactor.state === "off" ? (
        <>
          <p className="mb-4">
            Two-factor authentication keeps your account safe even if someone learns your password: after your password, the portal asks for a
            6-digit code from an authenticator app on your phone, which changes every 30 seconds.
          </p>
          <p className="mb-4">
            You need a phone with an authenticator app, such as Microsoft Authenticator or Google Authenticator. Setting it up takes about 2 minutes.
          </p>
          {startButton("Set up two-factor authentication", "primary")}
        </>
      ) : null}
      {twoFactor.state === "setting_up" && twoFactor.setUp ? (
        <>
          <H2>1. Add the portal to your authenticator app</H2>
          <p className="mb-4">In your authenticator app, choose to add an account, then scan this QR code with your phone&apos;s camera.</p>
          <img
            src={twoFactor.setUp.qrCode}
            alt="QR code that adds the Kent SEND Inclusion Portal to an authenticator app. If you cannot scan it, type the key shown below it into the app instead."
            width={232}
            height={232}
            className="mb-4 border-2 border-ink bg-white"
          />
          <p className="mb-2">If you cannot scan the QR code, choose to enter a key in the app and type this key (a time-based key):</p>
          <p className="mb-8">
            <code id="two-factor-key" className="break-all bg-panel px-2 py-1 font-mono text-xl">
              {twoFactor.setUp.key}
            </code>
          </p>
          <H2>2. Enter the code the app shows</H2>
          <PortalForm {...getFormProps(confirmForm)}>
            <input type="hidden" name="intent" value="confirm" />
            <TextField
              field={confirmFields.code}
              label="Code from your authenticator app"
              hint="The 6-digit code the app shows for the Kent SEND Inclusion Portal, like 123456."
              autoComplete="one-time-code"
              inputMode="numeric"
              spellCheck={false}
              width="w-32"
            />
            <Button>Turn on two-factor authentication</Button>
          </PortalForm>
          <p className="mb-4">If the code is refused, check that your phone&apos;s clock is set automatically, then try the code the app shows next.</p>
          {startButton("Start again with a new key", "secondary")}
        </>
      ) : null}
      {twoFactor.state === "on" ? (
        <>
          <SummaryList
            rows={[
              { key: "Two-factor authentication", value: twoFactor.onSince ? `On since ${formatDateTime(twoFactor.onSince)}` : "On" },
              { key: "Recovery codes left", value: `${twoFactor.recoveryCodesLeft} of 10` },
            ]}
          />
          {twoFactor.required ? (
            <p className="mb-4">
              Two-factor authentication is required for your role, so it cannot be turned off. If you lose your phone, sign in with a recovery code,
              or ask a portal administrator to reset it.
            </p>
          ) : (
            <>
              <H2>Turn off two-factor authentication</H2>
              <p className="mb-4">You will sign in with your password alone. Your recovery codes will stop working.</p>
              <PortalForm {...getFormProps(offForm)}>
                <input type="hidden" name="intent" value="turn-off" />
                <TextField field={offFields.password} label="Your password" type="password" autoComplete="current-password" />
                <Button variant="warning">Turn off two-factor authentication</Button>
              </PortalForm>
            </>
          )}
        </>
      ) : null}
    </div>
  );
}
