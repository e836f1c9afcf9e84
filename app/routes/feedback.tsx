import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { getActor, replyUnavailable, unlessUnavailable } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { errorItems } from "~/components/conform.ts";
import { Button } from "~/components/ui/button.tsx";
import { ConfirmationPanel } from "~/components/ui/confirmation-panel.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { FEEDBACK_BOUNDS } from "~/domain/feedback/feedback.rules.ts";
import { feedbackFromPath, feedbackSchema } from "~/domain/feedback/feedback.schema.ts";
import { newFeedbackKey, sendFeedback } from "~/domain/feedback/feedback.server.ts";

export const handle = { title: (data: unknown) => ((data as { sent?: boolean } | undefined)?.sent ? "Feedback sent" : "Give feedback") };

const RATE_LIMITED = "A lot of feedback has been sent from here in a short time, so this was not sent. Wait an hour and try again: what you typed is still here.";

/** Anyone may give feedback, signed in or not (the phase banner links here with the page they were on). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context);
  const url = new URL(request.url);
  return {
    sent: url.searchParams.get("sent") === "1",
    // What the browser says it came from, read as a bare path on this site or not at all.
    from: feedbackFromPath(url.searchParams.get("from")),
    signedInAs: actor?.name ?? null,
    // A one-off key for this form: sending it twice stores it once.
    idempotencyKey: newFeedbackKey(),
  };
}

/** Sign-in's shape (an anonymous form): CSRF-checked and bounded, parsed, limited, stored, then POST-redirect-GET. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const submission = parseWithZod(form, { schema: feedbackSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const actor = await getActor(request, context);
  const sent = await unlessUnavailable(() =>
    sendFeedback(context.db, { actor, ip: context.clientIp, requestId: context.requestId }, submission.value),
  );
  if (!sent.available) return replyUnavailable(submission);
  if (!sent.value.ok) return data(submission.reply({ formErrors: [RATE_LIMITED] }), { status: 429 });
  const { from } = submission.value;
  throw redirect(`/feedback?sent=1${from ? `&from=${encodeURIComponent(from)}` : ""}`);
}

export default function Feedback() {
  const { sent, from, signedInAs, idempotencyKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof feedbackSchema>>({ id: "feedback", lastResult, shouldValidate: "onSubmit" });
  if (sent) {
    return (
      <div className="max-w-3xl">
        <ConfirmationPanel
          title="Feedback sent"
          next={
            <>
              <p className="mb-4">Thank you. The SEND team at Kent County Council reads all feedback and uses it to improve the portal.</p>
              <p className="mb-4">If you gave your email address, they may reply to it. They will not use it for anything else.</p>
              <p>
                <a href={from ?? (signedInAs ? "/home" : "/")}>{from ? "Go back to the page you were on" : "Go to the portal"}</a>
              </p>
            </>
          }
        />
      </div>
    );
  }
  const errors = errorItems(
    form.allErrors,
    { tryingToDo: fields.tryingToDo.id, whatHappened: fields.whatHappened.id, replyEmail: fields.replyEmail.id },
    "whatHappened",
  );
  return (
    <div className="max-w-3xl">
      <ErrorSummary errors={errors} />
      <PageHeading>Give feedback</PageHeading>
      <p className="mb-4">Tell the SEND team at Kent County Council what works in the portal and what could be better.</p>
      <WarningText>
        Do not include a child&apos;s name or any other personal details, such as a date of birth, an address or their needs.
        For a question about a child or a funding request, contact the SEND team instead.
      </WarningText>
      <p className="mb-6">
        {signedInAs
          ? `You are signed in as ${signedInAs}: the SEND team will see your name and role with your feedback.`
          : "You are not signed in, so your feedback is sent without your name."}
      </p>
      <PortalForm {...getFormProps(form)}>
        {from ? <input type="hidden" name="from" value={from} /> : null}
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <TextAreaField
          field={fields.tryingToDo}
          label="What were you trying to do? (optional)"
          hint={`You can enter up to ${FEEDBACK_BOUNDS.tryingToDo.toLocaleString("en-GB")} characters.`}
          rows={3}
        />
        <TextAreaField
          field={fields.whatHappened}
          label="What went well, or what went wrong?"
          hint={`You can enter up to ${FEEDBACK_BOUNDS.whatHappened.toLocaleString("en-GB")} characters.`}
          rows={6}
        />
        <TextField
          field={fields.replyEmail}
          label="Email address (optional)"
          hint="Only if you would like a reply. It is used for nothing else."
          type="email"
          autoComplete="email"
          spellCheck={false}
        />
        <Button>Send feedback</Button>
      </PortalForm>
    </div>
  );
}
