import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, replyUnavailable, unlessUnavailable } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { resetLinkWorks, resetPassword } from "~/auth/password-reset.server.ts";
import { RESET_LINK_ENDED } from "~/auth/password-reset-words.ts";
import { newPasswordSchema } from "~/auth/password-reset.schema.ts";
import { refusalStatus } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";

export const handle = { title: "Choose a new password" };

/** The link's token is in the query (request logs carry paths, never queries); it goes back in a hidden field. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const works = await orUnavailable(() => resetLinkWorks(context.db, token));
  return { token: works ? token : "", works };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const submission = parseWithZod(form, { schema: newPasswordSchema });
  const hideFields = ["newPassword"];
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: 400 });
  const attempt = await unlessUnavailable(() => resetPassword(context.db, { token: submission.value.token, newPassword: submission.value.newPassword, requestId: context.requestId }));
  if (!attempt.available) return replyUnavailable(submission, hideFields);
  const result = attempt.value;
  if (!result.ok) {
    return data(submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formError ? [result.formError] : undefined, hideFields }), { status: refusalStatus(result) });
  }
  throw redirect("/login?reset=1");
}

export default function NewPassword() {
  const { token, works } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof newPasswordSchema>>({ id: "new-password", lastResult, shouldValidate: "onSubmit" });
  const errors = errorItems(form.allErrors, { newPassword: fields.newPassword.id }, "newPassword");
  if (!works) {
    return (
      <div className="max-w-xl">
        <ErrorSummary errors={errors} />
        <PageHeading>This link no longer works</PageHeading>
        <p className="mb-4">{RESET_LINK_ENDED}</p>
        <p className="mb-4">A link lasts an hour and works once. Asking again sends a new one and the older links stop working.</p>
        <p className="mb-4">
          <a href="/password-reset">Ask for a new link</a>
        </p>
      </div>
    );
  }
  return (
    <div className="max-w-xl">
      <ErrorSummary errors={errors} />
      <PageHeading>Choose a new password</PageHeading>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="token" value={token} />
        <TextField
          field={fields.newPassword}
          label="New password"
          hint="At least 8 characters. A long phrase of several words is easier to remember and harder to guess."
          type="password"
          autoComplete="new-password"
        />
        <p className="mb-4">Choosing it signs you out on every device. Then sign in with the new password.</p>
        <Button>Change password</Button>
      </PortalForm>
    </div>
  );
}
