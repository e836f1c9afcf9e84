import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { addReasonSchema } from "~/domain/funding/settings.schema.ts";
import { addReason, listFundingSettings } from "~/domain/funding/settings.server.ts";
import { formatPence } from "~/domain/money.ts";
import { formatWorkingDays } from "~/components/format.ts";
import { ownEntry } from "~/domain/lookup.ts";

export const handle = { title: "Funding settings" };

const DONE: Record<string, string> = {
  "scheme-created": "The funding scheme has been added. Schools can use it for new requests now.",
  "scheme-updated": "The funding scheme has been changed.",
  "reason-added": "The decision reason has been added. Officers can give it from now on.",
  "reason-renamed": "The decision reason has been reworded.",
  "reason-deactivated": "The decision reason has been deactivated. Decisions that gave it keep it; it is no longer offered.",
  "reason-reactivated": "The decision reason has been reactivated. Officers can give it again.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:settings");
  const settings = await orUnavailable(() => listFundingSettings(context.db, actor));
  const done = new URL(request.url).searchParams.get("done");
  return { ...settings, done: ownEntry(DONE, done) ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "funding:settings",
      schema: addReasonSchema,
      run: (actor, value) => addReason(context.db, actor, value, context.requestId),
      done: () => "/council/funding-settings?done=reason-added",
    },
  );
}

function status(active: boolean) {
  return active ? "Active" : "Deactivated";
}

export default function FundingSettings() {
  const { schemes, reasons, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof addReasonSchema>>({ id: "add-reason", lastResult, shouldValidate: "onSubmit" });
  const errors = errorItems(form.allErrors, { label: fields.label.id }, "label");
  return (
    <>
      <ErrorSummary errors={errors} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {done}
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Kent County Council">Funding settings</PageHeading>
      <P>
        Schools choose from the active schemes when they start a request, and officers give the active reasons when they decide. A
        deactivated scheme or reason stays on the requests that already use it.
      </P>

      <Table
        caption="Funding schemes"
        rowKey={(s) => s.id}
        rows={schemes}
        columns={[
          { header: "Code", cell: (s) => s.code },
          { header: "Scheme", cell: (s) => <a href={`/council/funding-settings/schemes/${s.id}`}>{s.name}</a> },
          { header: "Names a pupil", cell: (s) => (s.requiresPupil ? "Yes" : "No") },
          { header: "School contribution", cell: (s) => (s.contributionApplies ? `${formatPence(s.contributionPence, { whole: true })} a pupil` : "Does not apply") },
          { header: "Target to decide", cell: (s) => formatWorkingDays(s.targetWorkingDays) },
          { header: "Evidence items", numeric: true, cell: (s) => s.evidenceItems },
          { header: "Status", cell: (s) => status(s.active) },
        ]}
      />
      <p className="mb-8">
        <a href="/council/funding-settings/schemes/new" className="font-bold">
          Add a funding scheme
        </a>
      </p>

      <Table
        caption="Decision reasons"
        rowKey={(r) => r.id}
        rows={reasons}
        empty="There are no decision reasons yet."
        columns={[
          { header: "Reason", cell: (r) => <a href={`/council/funding-settings/reasons/${r.id}`}>{r.label}</a> },
          { header: "Status", cell: (r) => status(r.active) },
        ]}
      />

      <H2>Add a decision reason</H2>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="intent" value="add-reason" />
        <TextField field={fields.label} label="Reason" hint="As the school will read it in the decision, for example: Evidence of need is not sufficient" />
        <Button variant="secondary">Add reason</Button>
      </PortalForm>
    </>
  );
}
