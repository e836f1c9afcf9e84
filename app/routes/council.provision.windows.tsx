import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { DateField } from "~/components/date-field.tsx";
import { formatDate } from "~/components/format.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField, SelectField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { ownEntry } from "~/domain/lookup.ts";
import { academicYearLabel, SRP_TERM_LABELS, SRP_TERMS } from "~/domain/provision/provision-codes.ts";
import { srpFormOptions } from "~/domain/provision/register.server.ts";
import { newWindowSchema } from "~/domain/provision/return.schema.ts";
import { createWindow, listWindows } from "~/domain/provision/windows.server.ts";

export const handle = { title: "SRP return windows" };

const DONE: Record<string, string> = { added: "The window has been set.", changed: "The window's dates have been changed." };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "provision:manage");
  const [windows, options] = await orUnavailable(() => Promise.all([listWindows(context.db, actor), srpFormOptions(context.db, actor)]));
  return {
    windows: windows.map((w) => ({ ...w, opens: formatDate(w.opensOn), closes: formatDate(w.closesOn) })),
    years: options.academicYears,
    currentYear: options.currentYear,
    done: ownEntry(DONE, new URL(request.url).searchParams.get("done")) ?? null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "provision:manage",
      schema: newWindowSchema,
      run: (actor, value) => createWindow(context.db, actor, value, context.requestId),
      done: () => "/council/provision/windows?done=added",
    },
  );
}

export default function Windows() {
  const { windows, years, currentYear, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof newWindowSchema>>({ id: "new-window", lastResult, shouldValidate: "onSubmit", defaultValue: { academicYear: String(currentYear) } });
  const errors = errorItems(form.allErrors, { academicYear: fields.academicYear.id, term: fields.term.id, opensOn: fields.opensOn.id, closesOn: fields.closesOn.id }, "academicYear");
  return (
    <div className="max-w-3xl">
      <BackLink href="/council/provision">Back to the SRP overview</BackLink>
      <ErrorSummary errors={errors} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {done}
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Resource provision">Return windows</PageHeading>
      <Table
        caption="Windows set"
        rowKey={(w) => w.id}
        rows={windows}
        empty="No windows yet."
        columns={[
          { header: "Term", cell: (w) => <a href={`/council/provision/windows/${w.id}`}>{w.label}</a> },
          { header: "Opens", cell: (w) => w.opens },
          { header: "Closes", cell: (w) => w.closes },
        ]}
      />
      <H2>Set a window</H2>
      <PortalForm {...getFormProps(form)}>
        <SelectField field={fields.academicYear} label="Academic year" options={years.map((y) => ({ value: String(y), label: academicYearLabel(y) }))} />
        <RadiosField field={fields.term} legend="Term" options={SRP_TERMS.map((t) => ({ value: t, label: SRP_TERM_LABELS[t] }))} inline />
        <DateField field={fields.opensOn} legend="Opens on" label="opening date" hint="For example, 16 11 2026" />
        <DateField field={fields.closesOn} legend="Closes on" label="closing date" hint="Returns can be sent and corrected until the end of this day" />
        <Button>Set the window</Button>
      </PortalForm>
    </div>
  );
}
