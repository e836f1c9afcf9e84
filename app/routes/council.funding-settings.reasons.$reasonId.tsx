import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { idParam } from "~/domain/access/access.server.ts";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
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
  await requireActor(request, context, "funding:settings");
  const id = idParam(params.reasonId);
  const form = await readForm(request, context);
  const { db, requestId } = context;
  if (form.get("intent") === "rename") {
    return formAction(
      { request, context },
      {
        permission: "funding:settings",
        schema: renameReasonSchema,
        form,
        run: (actor, value) => renameReason(db, actor, id, value, requestId),
        done: () => "/council/funding-settings?done=reason-renamed",
      },
    );
  }
  return formAction(
    { request, context },
    {
      permission: "funding:settings",
      schema: setReasonActiveSchema,
      form,
      run: (actor, value) => setReasonActive(db, actor, id, value, requestId),
      done: (_result, _actor, value) => `/council/funding-settings?done=reason-${value.intent}d`,
    },
  );
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
