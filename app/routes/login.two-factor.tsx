import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getActor, orUnavailable, replyUnavailable, unlessUnavailable } from "~/auth/actor.server.ts";
import { cookiePolicy, readCookie, serializeCookie, sessionCookies } from "~/auth/cookies.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { safeRedirect } from "~/auth/login.schema.ts";
import { ABSOLUTE_TIMEOUT_MS, userAgentOf } from "~/auth/session.server.ts";
import { REPLAYED_APP_CODE, TOO_MANY_CODES, WRONG_APP_CODE, WRONG_RECOVERY_CODE } from "~/auth/totp.server.ts";
import { challengeOpen, completeTwoFactorSignIn } from "~/auth/two-factor-sign-in.server.ts";
import { errorItems } from "~/components/conform.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { signInCodeSchema } from "~/domain/users/two-factor.schema.ts";

export const handle = { title: "Enter your sign-in code" };

const TIMED_OUT = "Your sign-in timed out before the code was entered. Sign in again with your email address and password.";

/** The code step of signing in (ADR 58): only after a right password, which left this browser its own cookie. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getActor(request, context)) throw redirect("/home");
  const token = readCookie(request, cookiePolicy(context).challengeName);
  const open = await orUnavailable(() => challengeOpen(context.db, token));
  return { open, recovery: new URL(request.url).searchParams.get("recovery") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const submission = parseWithZod(form, { schema: signInCodeSchema });
  const hideFields = ["code"];
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: 400 });
  const policy = cookiePolicy(context);
  const attempt = await unlessUnavailable(() =>
    completeTwoFactorSignIn(
      context.db,
      {
        token: readCookie(request, policy.challengeName),
        factor: submission.value,
        ip: context.clientIp,
        requestId: context.requestId,
        userAgent: userAgentOf(request),
      },
      context.signInLimits,
    ),
  );
  if (!attempt.available) return replyUnavailable(submission, hideFields);
  const result = attempt.value;
  if (!result.ok) {
    if (result.reason === "expired") {
      return data(submission.reply({ formErrors: [TIMED_OUT], hideFields }), {
        status: 409,
        headers: { "Set-Cookie": serializeCookie(policy, policy.challengeName, "", 0) },
      });
    }
    if (result.reason === "rate_limited") return data(submission.reply({ formErrors: [TOO_MANY_CODES], hideFields }), { status: 429 });
    const message = submission.value.method === "recovery" ? WRONG_RECOVERY_CODE : result.reason === "replayed" ? REPLAYED_APP_CODE : WRONG_APP_CODE;
    return data(submission.reply({ fieldErrors: { code: [message] }, hideFields }), { status: 400 });
  }
  const headers = await sessionCookies(context, { token: result.token, maxAgeSeconds: ABSOLUTE_TIMEOUT_MS / 1000 });
  headers.append("Set-Cookie", serializeCookie(policy, policy.challengeName, "", 0));
  throw redirect(safeRedirect(result.redirectTo), { headers });
}

export default function SignInCode() {
  const { open, recovery } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof signInCodeSchema>>({
    id: recovery ? "sign-in-recovery-code" : "sign-in-code",
    lastResult,
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, { code: fields.code.id }, "code");
  const timedOut = form.allErrors[""]?.includes(TIMED_OUT);
  if (!open || timedOut) {
    return (
      <div className="max-w-xl">
        <ErrorSummary errors={timedOut ? [{ message: TIMED_OUT }] : []} />
        <PageHeading>Sign in again</PageHeading>
        <p className="mb-4">
          The code from your authenticator app is asked for straight after your password, and must be entered within 5 minutes. This sign-in has
          timed out or has finished.
        </p>
        <p className="mb-4">
          <a href="/login">Sign in</a>
        </p>
      </div>
    );
  }
  return (
    <div className="max-w-xl">
      <ErrorSummary errors={errors} />
      <PageHeading caption="Sign in">{recovery ? "Enter a recovery code" : "Enter the code from your authenticator app"}</PageHeading>
      <PortalForm {...getFormProps(form)} action={recovery ? "/login/two-factor?recovery=1" : "/login/two-factor"}>
        <input type="hidden" name="method" value={recovery ? "recovery" : "app"} />
        {recovery ? (
          <TextField
            field={fields.code}
            label="Recovery code"
            hint="One of the 10 codes you were given when you set up two-factor authentication, like abcd-efgh-ijkl-mnop. Each code works once."
            autoComplete="off"
            spellCheck={false}
            width="w-72"
          />
        ) : (
          <TextField
            field={fields.code}
            label="Code"
            hint="Open the authenticator app on your phone and enter the 6-digit code it shows for the Kent SEND Inclusion Portal."
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            width="w-32"
          />
        )}
        <Button>Continue</Button>
      </PortalForm>
      {recovery ? (
        <p className="mb-4">
          <a href="/login/two-factor">Use the code from your authenticator app instead</a>
        </p>
      ) : (
        <p className="mb-4">
          If you do not have your phone, <a href="/login/two-factor?recovery=1">use a recovery code</a>. If you have lost your phone and your recovery
          codes, ask a portal administrator to reset your two-factor authentication.
        </p>
      )}
    </div>
  );
}
