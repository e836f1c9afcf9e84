import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { idParam } from "~/domain/access/access.server.ts";
import { orUnavailable, replyUnavailable, requireActor, unlessUnavailable } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { errorItems } from "~/components/conform.ts";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { renameReasonSchema, setReasonActiveSchema } from "~/domain/funding/settings.schema.ts";
import { getReason, renameReason, setReasonActive } from "~/domain/funding/settings.server.ts";

export const handle = { title: "Decision reason" };

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:settings");
  const reason = await orUnavailable(() => getReason(context.db, actor, idParam(params.reasonId)));
  return { reason: { label: reason.label, active: reason.active } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "funding:settings");
  const id = idParam(params.reasonId);
  const form = await readForm(request, context);
  if (form.get("intent") === "rename") {
    const submission = parseWithZod(form, { schema: renameReasonSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const attempt = await unlessUnavailable(() => renameReason(context.db, actor, id, submission.value, context.requestId));
    if (!attempt.available) return replyUnavailable(submission);
    const result = attempt.value;
    if (!result.ok) {
      return data(submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formError ? [result.formError] : undefined }), {
        status: result.formError ? 409 : 400,
      });
    }
    throw redirect("/council/funding-settings?done=reason-renamed");
  }
  const submission = parseWithZod(form, { schema: setReasonActiveSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const attempt = await unlessUnavailable(() => setReasonActive(context.db, actor, id, submission.value, context.requestId));
  if (!attempt.available) return replyUnavailable(submission);
  const result = attempt.value;
  if (!result.ok) return data(submission.reply({ formErrors: result.formError ? [result.formError] : undefined }), { status: 409 });
  throw redirect(`/council/funding-settings?done=reason-${submission.value.intent}d`);
}

export default function ReasonPage() {
  const { reason } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  // Two forms on the page: each shows only its own reply.
  const intent = (lastResult?.initialValue as { intent?: unknown } | null | undefined)?.intent;
  const [form, fields] = useForm<z.input<typeof renameReasonSchema>>({
    id: "reason-label",
    lastResult: intent === "rename" ? lastResult : undefined,
    defaultValue: { label: reason.label },
    shouldValidate: "onSubmit",
  });
  const [activeForm] = useForm<z.input<typeof setReasonActiveSchema>>({
    id: `reason-active-${String(reason.active)}`,
    lastResult: intent === "rename" ? undefined : lastResult,
  });
  const errors = [
    ...errorItems(activeForm.allErrors, {}),
    ...errorItems(form.allErrors, { label: fields.label.id }, "label"),
  ];
  return (
    <div className="max-w-3xl">
      <ErrorSummary errors={errors} />
      <PageHeading caption="Funding settings">Decision reason</PageHeading>
      <SummaryList
        rows={[
          { key: "Reason", value: reason.label },
          { key: "Status", value: reason.active ? "Active: offered to officers" : "Deactivated: not offered to officers" },
        ]}
      />
      <H2>Reword this reason</H2>
      <P>Decisions that already gave this reason will show the new wording. To give a different reason, add a new one instead.</P>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="intent" value="rename" />
        <input type="hidden" name="current" value={reason.label} />
        <TextField field={fields.label} label="Reason" />
        <Button variant="secondary">Save wording</Button>
      </PortalForm>
      <H2>{reason.active ? "Deactivate this reason" : "Reactivate this reason"}</H2>
      <P>
        {reason.active
          ? "Officers will no longer be offered it. Decisions that gave it keep it."
          : "Officers will be offered it again when they decide."}
      </P>
      <PortalForm {...getFormProps(activeForm)}>
        <input type="hidden" name="intent" value={reason.active ? "deactivate" : "reactivate"} />
        <Button variant={reason.active ? "warning" : "secondary"}>{reason.active ? "Deactivate reason" : "Reactivate reason"}</Button>
      </PortalForm>
      <p>
        <a href="/council/funding-settings">Back to funding settings</a>
      </p>
    </div>
  );
}
