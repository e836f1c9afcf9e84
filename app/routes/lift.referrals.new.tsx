import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { SelectField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { listCurrentPupilsForFundingRequest } from "~/domain/pupils/pupils.server.ts";
import { newIdempotencyKey, startReferral } from "~/domain/stls/referral-draft.server.ts";
import { referralStartSchema } from "~/domain/stls/referral.schema.ts";

export const handle = { title: "Refer a pupil to LIFT" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:refer");
  // The school's current pupils (not marked as left): the register's own list.
  const pupils = await orUnavailable(() => listCurrentPupilsForFundingRequest(context.db, actor));
  return { pupils, idempotencyKey: newIdempotencyKey() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "lift:refer",
      schema: referralStartSchema,
      run: (actor, value) => startReferral(context.db, actor, value, context.requestId),
      done: ({ reference }) => `/lift/referrals/${reference}?done=started`,
    },
  );
}

export default function NewLiftReferral() {
  const { pupils, idempotencyKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof referralStartSchema>>({ id: `new-referral-${idempotencyKey}`, lastResult, shouldValidate: "onSubmit" });
  return (
    <div className="max-w-2xl">
      <BackLink href="/lift/referrals">Back to LIFT referrals</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, { pupilId: fields.pupilId.id }, "pupilId")} />
      <PageHeading caption="LIFT">Refer a pupil to LIFT</PageHeading>
      <p className="mb-6">
        Choose the pupil from your school&apos;s register. You will then choose the meeting, say what you have tried and what you are asking, and add the
        parents&apos; signed Agreement to Engage. It stays a draft until you send it.
      </p>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <SelectField field={fields.pupilId} label="Pupil" options={pupils.map((p) => ({ value: String(p.id), label: p.name }))} placeholder="Select a pupil" />
        <Button>Start the referral</Button>
      </PortalForm>
    </div>
  );
}
