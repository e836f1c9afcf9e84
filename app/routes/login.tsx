import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getActor, replyUnavailable, unlessUnavailable } from "~/auth/actor.server.ts";
import { cookiePolicy, serializeCookie, sessionCookies } from "~/auth/cookies.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { loginSchema, safeRedirect } from "~/auth/login.schema.ts";
import { ABSOLUTE_TIMEOUT_MS, userAgentOf } from "~/auth/session.server.ts";
import { signIn } from "~/auth/sign-in.server.ts";
import { CHALLENGE_MS } from "~/auth/two-factor-sign-in.server.ts";
import { errorItems } from "~/components/conform.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";

export const handle = { title: "Sign in" };

const HTTPS_REQUIRED = "This service must be used over a secure connection (HTTPS). Use the https:// address of the portal.";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getActor(request, context)) throw redirect("/home");
  const url = new URL(request.url);
  return {
    ended: url.searchParams.get("ended") === "1",
    signedOut: url.searchParams.get("signedout") === "1",
    reset: url.searchParams.get("reset") === "1",
    redirectTo: safeRedirect(url.searchParams.get("redirectTo"), ""),
    httpsRequired: cookiePolicy(context).httpsRequired,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const submission = parseWithZod(form, { schema: loginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const policy = cookiePolicy(context);
  if (policy.httpsRequired) {
    return data(submission.reply({ formErrors: [HTTPS_REQUIRED], hideFields: ["password"] }), { status: 400 });
  }
  const attempt = await unlessUnavailable(() =>
    signIn(
      context.db,
      {
        email: submission.value.email,
        password: submission.value.password,
        ip: context.clientIp,
        requestId: context.requestId,
        userAgent: userAgentOf(request),
        redirectTo: safeRedirect(submission.value.redirectTo, ""),
      },
      context.signInLimits,
    ),
  );
  if (!attempt.available) return replyUnavailable(submission, ["password"]);
  const result = attempt.value;
  if (!result.ok) {
    const message =
      result.reason === "rate_limited"
        ? "There have been too many attempts to sign in. Wait a few minutes and try again."
        : "Enter a correct email address and password";
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: result.reason === "rate_limited" ? 429 : 400,
    });
  }
  if (result.next === "code") {
    // The password was right; two-factor sign-in is on: the code step, in a cookie of its own (not a session).
    throw redirect("/login/two-factor", {
      headers: { "Set-Cookie": serializeCookie(policy, policy.challengeName, result.challengeToken, CHALLENGE_MS / 1000) },
    });
  }
  throw redirect(safeRedirect(submission.value.redirectTo), {
    headers: await sessionCookies(context, { token: result.token, maxAgeSeconds: ABSOLUTE_TIMEOUT_MS / 1000 }),
  });
}

export default function Login() {
  const { ended, signedOut, reset, redirectTo, httpsRequired } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof loginSchema>>({
    id: "login",
    lastResult,
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, { email: fields.email.id, password: fields.password.id }, "email");
  return (
    <div className="max-w-xl">
      <ErrorSummary errors={errors} />
      {httpsRequired ? <NotificationBanner title="Secure connection needed">{HTTPS_REQUIRED}</NotificationBanner> : null}
      {ended && !lastResult ? (
        <NotificationBanner>You were signed out because your session ended. Sign in again to carry on.</NotificationBanner>
      ) : null}
      {signedOut && !lastResult ? <NotificationBanner kind="success" title="Signed out">You have signed out.</NotificationBanner> : null}
      {reset && !lastResult ? (
        <NotificationBanner kind="success" title="Password changed">
          Your password has been changed and you have been signed out everywhere. Sign in with your new password.
        </NotificationBanner>
      ) : null}
      <PageHeading>Sign in</PageHeading>
      <PortalForm {...getFormProps(form)}>
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <TextField field={fields.email} label="Email address" type="email" autoComplete="username" spellCheck={false} />
        <TextField field={fields.password} label="Password" type="password" autoComplete="current-password" />
        <Button>Sign in</Button>
      </PortalForm>
      <p className="mb-4">
        <a href="/password-reset">Forgotten your password?</a>
      </p>
      <p className="mb-4">If you need an account, ask your school&apos;s portal administrator or the SEND team at Kent County Council.</p>
    </div>
  );
}
