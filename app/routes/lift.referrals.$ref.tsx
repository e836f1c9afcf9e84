import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDate } from "~/components/format.ts";
import { ReferralStatusTag } from "~/components/lift-referral-status.tsx";
import { ReferralAnswers, ReferralOutcomes, ReferralTimeline } from "~/components/lift-referral-view.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { ConfirmStep } from "~/components/ui/confirm-step.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { type Task, TaskList, type TaskSection, taskListProgress } from "~/components/ui/task-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { notFound } from "~/domain/access/access.server.ts";
import { getReferral, referralParam } from "~/domain/stls/referral-queries.server.ts";
import { referralStepSchema } from "~/domain/stls/referral.schema.ts";
import { REFERRAL_SECTION_TITLES, type ReferralSection, referralProblemsIn, referralSectionStatus } from "~/domain/stls/referral-sections.ts";
import { withdrawReferral } from "~/domain/stls/referral-steps.server.ts";

export const handle = { title: (data: unknown) => (data as { referral?: { reference: string } } | undefined)?.referral?.reference ?? "LIFT referral" };

// A withdrawal refused because the referral moved on (sent, locked for its meeting) must show where it is now.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:referrals");
  const reference = referralParam(params);
  const referral = await orUnavailable(() => getReferral(context.db, actor, reference, context.requestId));
  const url = new URL(request.url);
  return {
    referral,
    done: url.searchParams.get("done"),
    // The confirm step: a GET asking for it (works without JavaScript); only its button POSTs.
    withdrawing: url.searchParams.get("confirm") === "withdraw" && referral.can.withdraw,
    mayRecordOutcome: referral.can.recordOutcome,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const reference = referralParam(params);
  return formAction(
    { request, context },
    {
      // Withdrawing is the SENCO's: anyone else gets the same 404 as for a referral they cannot see.
      permission: "lift:refer",
      schema: referralStepSchema,
      run: async (actor, value) => {
        if (value.intent !== "withdraw") notFound();
        return withdrawReferral(context.db, actor, reference, value, context.requestId);
      },
      done: () => `/lift/referrals?withdrawn=${reference}`,
    },
  );
}

const DONE: Record<string, string> = {
  started: "Your draft referral has been started. Each section is saved when you press a button on its page.",
  saved: "Your draft has been saved. You can come back to it from LIFT referrals.",
  uploaded: "The signed Agreement to Engage has been added.",
};

export default function LiftReferralPage() {
  const { referral, done, withdrawing, mayRecordOutcome } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formVersion = useFormVersion(referral.version, actionData);
  const [form, fields] = useForm<z.input<typeof referralStepSchema>>({ id: `withdraw-${formVersion}`, lastResult: actionData, shouldValidate: "onSubmit" });
  const formErrors = (actionData?.error?.[""] ?? []).map((message) => ({ message }));
  const base = `/lift/referrals/${referral.reference}`;
  const task = (section: ReferralSection): Task => {
    const status = referralSectionStatus(section, referral.saved, referral.problems);
    const needed = Object.values(referralProblemsIn(section, referral.problems)).flat();
    return {
      key: section,
      name: REFERRAL_SECTION_TITLES[section],
      href: `${base}/edit/${section}`,
      status,
      hint: status === "in_progress" && needed.length > 0 ? `Still needed: ${needed.join("; ")}` : undefined,
    };
  };
  const groups: TaskSection[] = [
    { heading: "Where it goes", tasks: [task("meeting")] },
    { heading: "What you are asking", tasks: [task("request"), task("agreement")] },
  ];
  const complete = Object.keys(referral.problems).length === 0;
  return (
    <div className="max-w-4xl">
      <BackLink href="/lift/referrals">Back to LIFT referrals</BackLink>
      <ErrorSummary errors={[...formErrors, ...(withdrawing ? errorItems({ comment: fields.comment.errors ?? [] }, { comment: fields.comment.id }) : [])]} />
      {done === "sent" && !actionData ? (
        <div className="mb-8 bg-success p-6 text-center text-white">
          <h2 className="mb-4 text-3xl font-bold">Referral sent to LIFT</h2>
          <p className="text-2xl">
            Your reference
            <br />
            <strong>{referral.reference}</strong>
          </p>
          {referral.meeting ? <p className="mt-4">It will be discussed at the meeting on {formatDate(referral.meeting.date)}. Your STLS link teacher has been told.</p> : null}
        </div>
      ) : done && DONE[done] && !actionData ? (
        <NotificationBanner kind="success" title="Saved">
          {DONE[done]}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${referral.school} · LIFT referral`}>{referral.reference}</PageHeading>
      <p className="mb-6">
        Status: <ReferralStatusTag status={referral.status} label={referral.statusLabel} />
      </p>
      {withdrawing ? (
        <ConfirmStep
          heading={`Are you sure you want to withdraw ${referral.reference}?`}
          confirmLabel="Yes, withdraw this referral"
          cancelHref={base}
          fields={{ intent: "withdraw", version: referral.version }}
          form={getFormProps(form)}
          inputs={<TextAreaField field={fields.comment} label="Why it is being withdrawn (optional)" rows={3} />}
        >
          <p>It will stay on record with its timeline, and will not be discussed at LIFT.</p>
        </ConfirmStep>
      ) : null}
      {referral.locked ? (
        <p className="mb-6 font-bold">
          Locked for the meeting: papers were due on {formatDate(referral.meeting!.papersDueOn)}, so it can no longer be withdrawn.
        </p>
      ) : null}
      {referral.can.edit ? (
        <>
          <p className="mb-6 font-bold">{taskListProgress(groups)}</p>
          <TaskList sections={groups} idPrefix="referral" />
          <H2>Check and send</H2>
          {complete ? (
            <p className="mb-6">
              Every section is complete. <a href={`${base}/check`}>Check your answers and send the referral to LIFT</a>.
            </p>
          ) : (
            <p className="mb-6">
              You can send the referral once every section is complete, the parents&apos; signed Agreement to Engage among them. You can also{" "}
              <a href={`${base}/check`}>check your answers so far</a>.
            </p>
          )}
        </>
      ) : (
        <>
          <ReferralOutcomes outcomes={referral.outcomes} />
          {mayRecordOutcome ? (
            <p className="mb-6">
              <a href={`${base}/outcome`} className="font-bold">
                Record the outcome
              </a>
            </p>
          ) : null}
          <ReferralAnswers referral={referral} />
        </>
      )}
      {referral.can.withdraw && !withdrawing ? (
        <p className="mb-6">
          <a href={`${base}?confirm=withdraw#confirm`}>Withdraw this referral</a>
        </p>
      ) : null}
      <ReferralTimeline timeline={referral.timeline} />
    </div>
  );
}
