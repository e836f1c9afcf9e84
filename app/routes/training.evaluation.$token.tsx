import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, replyUnavailable, unlessUnavailable } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDate, formatDateTime } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { ConfirmationPanel } from "~/components/ui/confirmation-panel.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField, TextAreaField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { EVALUATION_BOUNDS, USEFULNESS_OPTIONS } from "~/domain/training/evaluation.rules.ts";
import { evaluationSchema } from "~/domain/training/evaluation.schema.ts";
import { evaluationPage, sendEvaluation } from "~/domain/training/evaluation.server.ts";

export const handle = { title: "Evaluate your training" };

/**
 * An attendee's evaluation, through the personal link emailed after the course (no account: the link is the key,
 * ADR 40). An unknown link is the plain 404; an expired one, or one whose booking no longer says they attended,
 * shows why and takes nothing.
 */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const page = await orUnavailable(() => evaluationPage(context.db, params.token));
  const status = page.state === "expired" ? 410 : page.state === "not_attended" ? 403 : 200;
  return data({ ...page, again: new URL(request.url).searchParams.get("sent") === "again" }, { status });
}

/** Sign-in's shape (an anonymous form): CSRF-checked and bounded, parsed, stored once, then POST-redirect-GET. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const submission = parseWithZod(form, { schema: evaluationSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const sent = await unlessUnavailable(() => sendEvaluation(context.db, params.token, submission.value, context.requestId));
  if (!sent.available) return data(replyUnavailable(submission).data, { status: 503 });
  if (!sent.value.ok) return data(submission.reply({ formErrors: [sent.value.formError] }), { status: 409 });
  throw redirect(`/training/evaluation/${params.token}${sent.value.already ? "?sent=again" : ""}`);
}

export default function Evaluation() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof evaluationSchema>>({ id: "evaluation", lastResult, shouldValidate: "onSubmit" });
  const about = (
    <SummaryList
      rows={[
        { key: "Course", value: page.course },
        { key: "Programme", value: page.programme },
        { key: "Date", value: formatDate(page.date) },
      ]}
    />
  );
  if (page.state === "sent") {
    return (
      <div className="max-w-3xl">
        <ConfirmationPanel
          title={page.again ? "Evaluation already received" : "Evaluation received"}
          next={
            <>
              {page.again ? (
                <p className="mb-4">
                  Your evaluation of this course was already received on {formatDateTime(page.sentAt!)}, so nothing was changed: each person sends one.
                </p>
              ) : (
                <p className="mb-4">Thank you. The council&apos;s training team reads every evaluation and uses them to plan its courses.</p>
              )}
              <p className="mb-4">Your certificate of attendance is kept by your school: ask your SENCO or headteacher, who can print it from the portal.</p>
            </>
          }
        />
        {about}
      </div>
    );
  }
  if (page.state !== "open") {
    return (
      <div className="max-w-3xl">
        <PageHeading>{page.state === "expired" ? "This evaluation link has expired" : "This evaluation cannot be sent"}</PageHeading>
        <p className="mb-6">
          {page.state === "expired"
            ? `The link worked until ${formatDateTime(page.expiresAt)}. Evaluations are no longer collected for this course.`
            : "The register does not show you as having attended this course, so there is no evaluation to send. If that is wrong, ask the course's organiser to correct the register."}
        </p>
        {about}
      </div>
    );
  }
  const errors = errorItems(form.allErrors, { usefulness: fields.usefulness.id, willChange: fields.willChange.id, comments: fields.comments.id }, "usefulness");
  return (
    <div className="max-w-3xl">
      <ErrorSummary errors={errors} />
      <PageHeading caption="Training evaluation">Tell us how useful the course was</PageHeading>
      {about}
      <p className="mb-6">Three short questions. Your answers go to Kent County Council&apos;s training team; only the first question must be answered.</p>
      <PortalForm {...getFormProps(form)}>
        <RadiosField field={fields.usefulness} legend="How useful was the course for your work?" options={[...USEFULNESS_OPTIONS]} />
        <TextAreaField
          field={fields.willChange}
          label="What will you change in your practice because of it? (optional)"
          hint={`You can enter up to ${EVALUATION_BOUNDS.willChange.toLocaleString("en-GB")} characters.`}
          rows={4}
        />
        <TextAreaField
          field={fields.comments}
          label="Any other comments (optional)"
          hint={`You can enter up to ${EVALUATION_BOUNDS.comments.toLocaleString("en-GB")} characters. Do not name a child.`}
          rows={4}
        />
        <Button>Send the evaluation</Button>
      </PortalForm>
    </div>
  );
}
