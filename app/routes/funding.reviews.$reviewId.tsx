import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDate, formatDateTime } from "~/components/format.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField, TextAreaField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { getReview, recordReview } from "~/domain/funding/funding.server.ts";
import { reviewSchema } from "~/domain/funding/reviews.rules.ts";
import { formatPence } from "~/domain/money.ts";

type Loaded = { review?: { reference: string; number: number } } | undefined;
export const handle = { title: (data: unknown) => ((data as Loaded)?.review ? `Review ${(data as Loaded)!.review!.number} of ${(data as Loaded)!.review!.reference}` : "Funding review") };

export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:view");
  const review = await orUnavailable(() => getReview(context.db, actor, params.reviewId ?? "", context.requestId));
  return { review, done: new URL(request.url).searchParams.get("done") === "recorded" };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = params.reviewId ?? "";
  // The page's own permission, then the CSRF-checked form (403 without its token), then the step's (404).
  await requireActor(request, context, "funding:view");
  const form = await readForm(request, context);
  return formAction(
    { request, context },
    {
      permission: "funding:review",
      form,
      schema: reviewSchema,
      run: (actor, value) => recordReview(context.db, actor, id, value, context.requestId),
      done: () => `/funding/reviews/${id}?done=recorded`,
    },
  );
}

export default function FundingReview() {
  const { review, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(review.version, lastResult);
  const [form, fields] = useForm<z.input<typeof reviewSchema>>({ id: `review-${review.id}-${formVersion}`, lastResult, shouldValidate: "onSubmit" });
  const errors = errorItems(form.allErrors, { progress: fields.progress.id, provisionContinues: fields.provisionContinues.id, changes: fields.changes.id }, "progress");
  const period = review.award.start && review.award.end ? `${formatDate(review.award.start)} to ${formatDate(review.award.end)}` : "None";
  return (
    <div className="max-w-3xl">
      <BackLink href="/funding/reviews">Back to funding reviews</BackLink>
      <ErrorSummary errors={errors} />
      {done && review.recorded ? (
        <NotificationBanner kind="success" title="Done">
          Review {review.number} of {review.reference} has been recorded.
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${review.reference} · ${review.school}`}>{`Review ${review.number} of ${review.of}`}</PageHeading>
      <SummaryList
        rows={[
          { key: "Funding", value: review.scheme },
          ...(review.pupil ? [{ key: "Pupil", value: review.pupil }] : []),
          { key: "Award", value: `${formatPence(review.award.awardedPence)}, ${period}` },
          { key: "Due by", value: `${formatDate(review.dueOn)}${review.timingLabel ? ` (${review.timingLabel.toLowerCase()})` : ""}` },
          { key: "Request", value: <a href={`/funding/${review.reference}`}>{review.reference}</a> },
        ]}
      />
      {review.recorded ? (
        <>
          <H2>What the school recorded</H2>
          <SummaryList
            rows={[
              { key: "Progress against the plan's outcomes", value: <span className="whitespace-pre-line">{review.recorded.progress}</span> },
              { key: "Provision continues", value: review.recorded.provisionContinues ? "Yes" : "No" },
              { key: "Changes", value: <span className="whitespace-pre-line">{review.recorded.changes ?? "None"}</span> },
              { key: "Recorded", value: `By ${review.recorded.by} on ${formatDateTime(review.recorded.at)}` },
            ]}
          />
        </>
      ) : review.status === "superseded" ? (
        <p className="mb-6">This review is no longer needed: a corrected decision replaced the award it was for.</p>
      ) : review.can.record ? (
        <PortalForm {...getFormProps(form)}>
          <H2>Record the review</H2>
          <input type="hidden" name="version" value={review.version} />
          <TextAreaField field={fields.progress} label="Progress against the plan's outcomes" hint="What has changed for the pupil since the award began, outcome by outcome." rows={6} />
          <RadiosField
            field={fields.provisionContinues}
            legend="Does the provision continue?"
            inline
            options={[
              { value: "yes", label: "Yes" },
              { value: "no", label: "No" },
            ]}
          />
          <TextAreaField field={fields.changes} label="Changes to the provision (optional)" hint="What will be done differently until the next review." rows={4} />
          <Button>Record the review</Button>
        </PortalForm>
      ) : (
        <p className="mb-6">The school's SENCO records this review by {formatDate(review.dueOn)}.</p>
      )}
    </div>
  );
}
