import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { ReferralAnswers } from "~/components/lift-referral-view.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { type ErrorItem, ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { notFound } from "~/domain/access/access.server.ts";
import { getReferral, referralParam } from "~/domain/stls/referral-queries.server.ts";
import { referralStepSchema } from "~/domain/stls/referral.schema.ts";
import { sectionOfReferralField } from "~/domain/stls/referral-sections.ts";
import { sendReferral } from "~/domain/stls/referral-steps.server.ts";

export const handle = { title: (data: unknown) => `Check your answers - ${(data as { referral?: { reference: string } } | undefined)?.referral?.reference ?? "LIFT referral"}` };

// A send refused (papers now due, the meeting full) must show the referral as it is now.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:refer");
  const reference = referralParam(params);
  const referral = await orUnavailable(() => getReferral(context.db, actor, reference, context.requestId));
  if (!referral.can.edit) throw redirect(`/lift/referrals/${reference}`);
  return { referral };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const reference = referralParam(params);
  return formAction(
    { request, context },
    {
      permission: "lift:refer",
      schema: referralStepSchema,
      run: async (actor, value) => {
        if (value.intent !== "send") notFound();
        return sendReferral(context.db, actor, reference, value, context.requestId);
      },
      done: () => `/lift/referrals/${reference}?done=sent`,
    },
  );
}

/** Each problem, linked to its section's answers on this page (the "Change" link there goes to the section). */
function problemItems(problems: Record<string, string[] | null | undefined>): ErrorItem[] {
  return Object.entries(problems).flatMap(([field, messages]) =>
    (messages ?? []).map((message) => ({ message, fieldId: field === "" ? undefined : `answers-${sectionOfReferralField(field) ?? "meeting"}` })),
  );
}

export default function CheckLiftReferral() {
  const { referral } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formVersion = useFormVersion(referral.version, actionData);
  const [form] = useForm<z.input<typeof referralStepSchema>>({ id: `send-${formVersion}`, lastResult: actionData, shouldValidate: "onSubmit" });
  const base = `/lift/referrals/${referral.reference}`;
  // A refused send says why (the step's own words); otherwise what still stops it, as saved.
  const errors = actionData?.error ? problemItems(actionData.error) : [];
  const stillNeeded = problemItems(referral.problems);
  return (
    <div className="max-w-4xl">
      <BackLink href={base}>Back to the referral</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption={`${referral.reference} · LIFT referral`}>Check your answers before sending the referral</PageHeading>
      <ReferralAnswers referral={referral} changeHref={(section) => `${base}/edit/${section}`} />
      <H2>Send the referral</H2>
      {stillNeeded.length > 0 && errors.length === 0 ? (
        <div className="mb-6">
          <p className="mb-2">Before you can send it:</p>
          <ul className="list-disc pl-6">
            {stillNeeded.map((item) => (
              <li key={item.message}>{item.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="mb-6">
        By sending the referral you confirm that the pupil&apos;s parents have signed the Agreement to Engage. Your STLS link teacher will be told, and
        the referral can be withdrawn until the meeting&apos;s papers are due.
      </p>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={referral.version} />
        <Button name="intent" value="send">
          Send the referral to LIFT
        </Button>
      </PortalForm>
    </div>
  );
}
