import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { replyUnavailable, unlessUnavailable } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { requestPasswordReset } from "~/auth/password-reset.server.ts";
import { requestResetSchema } from "~/auth/password-reset.schema.ts";
import { errorItems } from "~/components/conform.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ConfirmationPanel } from "~/components/ui/confirmation-panel.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";

export const handle = { title: "Reset your password" };

export async function loader({ request }: LoaderFunctionArgs) {
  return { sent: new URL(request.url).searchParams.get("sent") === "1" };
}

const TOO_MANY = "There have been too many requests to reset a password from this connection. Wait 15 minutes and try again.";

/**
 * Asking for a reset link: anyone may, signed in or not, so the steps formAction takes are taken here by hand (as
 * sign-in's are): the form read CSRF-checked and bounded, parsed by its schema, one use-case, and the same answer
 * whether or not the address has an account.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const submission = parseWithZod(form, { schema: requestResetSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const attempt = await unlessUnavailable(() => requestPasswordReset(context.db, { email: submission.value.email, ip: context.clientIp, requestId: context.requestId }));
  if (!attempt.available) return replyUnavailable(submission);
  if (!attempt.value.ok) return data(submission.reply({ formErrors: [TOO_MANY] }), { status: 429 });
  throw redirect("/password-reset?sent=1");
}

export default function PasswordReset() {
  const { sent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof requestResetSchema>>({ id: "password-reset", lastResult, shouldValidate: "onSubmit" });
  const errors = errorItems(form.allErrors, { email: fields.email.id }, "email");
  if (sent && !lastResult) {
    return (
      <div className="max-w-xl">
        <ConfirmationPanel
          title="Check your email"
          next={
            <>
              <p className="mb-4">
                If that address has an account on the portal, we have sent it an email with a link to choose a new
                password. The link works once, for an hour.
              </p>
              <p className="mb-4">If no email arrives within a few minutes, check your junk folder, or ask again.</p>
              <p>
                <a href="/login">Back to sign in</a>
              </p>
            </>
          }
        />
      </div>
    );
  }
  return (
    <div className="max-w-xl">
      <BackLink href="/login">Back to sign in</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading>Reset your password</PageHeading>
      <p className="mb-4">Enter the email address you sign in with. We will send it a link to choose a new password.</p>
      <PortalForm {...getFormProps(form)}>
        <TextField field={fields.email} label="Email address" type="email" autoComplete="username" spellCheck={false} />
        <Button>Send the link</Button>
      </PortalForm>
    </div>
  );
}
