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
import { Button } from "~/components/ui/button.tsx";
import { ConfirmStep } from "~/components/ui/confirm-step.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { RETENTION_YEARS } from "~/domain/retention/retention-years.ts";
import { retentionRunSchema, retentionSettingsSchema } from "~/domain/retention/retention.schema.ts";
import { retentionPage, runRetentionNow, updateRetentionSettings } from "~/domain/retention/retention.server.ts";

export const handle = { title: "Data retention" };

export const shouldRevalidate = reloadAfterPost;

/** Schools listed in the dry run's table; the rest are counted below it (a page stays small). */
const SCHOOLS_SHOWN = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "retention:manage");
  const url = new URL(request.url);
  const page = await orUnavailable(() => retentionPage(context.db, actor));
  const ran = /^\d{1,10}$/.test(url.searchParams.get("ran") ?? "") ? Number(url.searchParams.get("ran")) : null;
  return {
    settings: { years: page.settings.yearsAfterLeaving, contact: page.settings.subjectAccessContact, version: page.settings.version },
    dryRun: { ...page.dryRun, schools: page.dryRun.schools.slice(0, SCHOOLS_SHOWN), moreSchools: Math.max(0, page.dryRun.schools.length - SCHOOLS_SHOWN) },
    runs: page.runs,
    confirming: url.searchParams.get("confirm") === "run" && page.dryRun.total > 0,
    saved: url.searchParams.get("saved") === "1",
    ran: ran === null ? null : (page.runs.find((r) => r.id === ran) ?? null),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireActor(request, context, "retention:manage");
  const form = await readForm(request, context);
  const { db, requestId } = context;
  if (form.get("intent") === "run") {
    return formAction(
      { request, context },
      {
        permission: "retention:manage",
        schema: retentionRunSchema,
        form,
        invalidMessage: "This form is out of date. Reload the page and try again.",
        run: (actor, value) => runRetentionNow(db, actor, value, requestId),
        done: (result) => `/admin/retention?ran=${result.runId}`,
      },
    );
  }
  return formAction(
    { request, context },
    {
      permission: "retention:manage",
      schema: retentionSettingsSchema,
      form,
      run: (actor, value) => updateRetentionSettings(db, actor, value, requestId),
      done: () => "/admin/retention?saved=1",
    },
  );
}

const years = (n: number) => (n === 1 ? "1 year" : `${n} years`);
const pupils = (n: number) => (n === 1 ? "1 pupil" : `${n} pupils`);

export default function RetentionPage() {
  const { settings, dryRun, runs, confirming, saved, ran } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const intent = (lastResult?.initialValue as { intent?: unknown } | null | undefined)?.intent;
  const formVersion = useFormVersion(settings.version, lastResult);
  const [form, fields] = useForm<z.input<typeof retentionSettingsSchema>>({
    id: `retention-settings-${formVersion}`,
    lastResult: intent === "run" ? undefined : lastResult,
    defaultValue: { years: String(settings.years), contact: settings.contact },
    shouldValidate: "onSubmit",
  });
  const [runForm] = useForm<z.input<typeof retentionRunSchema>>({ id: "retention-run", lastResult: intent === "run" ? lastResult : undefined });
  const errors = [...errorItems(runForm.allErrors, {}), ...errorItems(form.allErrors, { years: fields.years.id, contact: fields.contact.id }, "years")];
  const schoolCount = dryRun.schools.length + dryRun.moreSchools;
  return (
    <div className="max-w-4xl">
      <ErrorSummary errors={errors} />
      {saved ? (
        <NotificationBanner kind="success" title="Done">
          The retention settings are saved. The privacy notice now says what they say.
        </NotificationBanner>
      ) : null}
      {ran ? (
        <NotificationBanner kind="success" title="Retention run finished">
          {pupils(ran.anonymised)} anonymised.
          {ran.failed > 0 ? ` ${pupils(ran.failed)} could not be anonymised this time and will be tried again on the next run.` : ""}
        </NotificationBanner>
      ) : null}
      {confirming ? (
        <ConfirmStep
          heading={`Anonymise the records of ${pupils(dryRun.total)}?`}
          confirmLabel="Yes, anonymise them now"
          cancelHref="/admin/retention"
          fields={{ intent: "run", years: settings.years }}
          form={getFormProps(runForm)}
        >
          <p>
            Their names, dates of birth, UPNs and everything written about them will be removed, and their documents deleted. This
            cannot be undone. Counts of pupils and requests stay as they are.
          </p>
        </ConfirmStep>
      ) : null}
      <PageHeading>Data retention</PageHeading>
      <P>
        When a school records that a pupil has left, the portal keeps their records for the period set here, then anonymises them: the
        pupil&apos;s row and their requests stay, counted, but name no one. This runs every night; you can also run it now. The{" "}
        <a href="/privacy">privacy notice</a> is written from these settings.
      </P>

      <H2>Settings</H2>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="intent" value="settings" />
        <input type="hidden" name="version" value={settings.version} />
        <TextField
          field={fields.years}
          label="Years records are kept after a pupil leaves"
          hint={`A whole number from ${RETENTION_YEARS.min} to ${RETENTION_YEARS.max}. A shorter period takes effect at the next run: check what would be anonymised below first.`}
          inputMode="numeric"
          width="w-20"
        />
        <TextField
          field={fields.contact}
          label="Email address for subject access requests"
          hint="Shown on the privacy notice: where a parent or pupil asks for a copy of what the portal holds."
          type="email"
          autoComplete="off"
          spellCheck={false}
        />
        <Button>Save settings</Button>
      </PortalForm>

      <H2>What the next run would anonymise</H2>
      {dryRun.total === 0 ? (
        <P>
          No pupil left before {formatDate(dryRun.leftBefore)} ({years(dryRun.yearsAfterLeaving)} ago) without being anonymised already:
          there is nothing to anonymise.
        </P>
      ) : (
        <>
          <P>
            {pupils(dryRun.total)} at {schoolCount === 1 ? "1 school" : `${schoolCount} schools`} left before {formatDate(dryRun.leftBefore)} (
            {years(dryRun.yearsAfterLeaving)} ago). The earliest left on {formatDate(dryRun.oldestLeft!)}. No pupil is named here.
          </P>
          <Table
            caption="Pupils to anonymise, by school"
            rowKey={(s) => s.urn}
            rows={dryRun.schools}
            columns={[
              { header: "School", cell: (s) => s.name },
              { header: "URN", cell: (s) => s.urn },
              { header: "Pupils", cell: (s) => s.pupils, numeric: true },
              { header: "Earliest leaving date", cell: (s) => formatDate(s.oldestLeft) },
            ]}
          />
          {dryRun.moreSchools > 0 ? <P>And {dryRun.moreSchools} more schools.</P> : null}
          {confirming ? null : (
            <p className="mb-8">
              <a href="/admin/retention?confirm=run#confirm" className="font-bold">
                Anonymise these records now
              </a>
            </p>
          )}
        </>
      )}

      <H2>Latest runs</H2>
      <Table
        caption="The last 10 runs, newest first"
        rowKey={(r) => r.id}
        rows={runs}
        empty="The retention job has not run yet."
        columns={[
          { header: "Started", cell: (r) => formatDateTime(r.startedAt) },
          { header: "By", cell: (r) => (r.kind === "admin" ? (r.startedBy ?? "An administrator") : "The nightly run") },
          { header: "Period", cell: (r) => years(r.yearsAfterLeaving) },
          { header: "Anonymised", cell: (r) => r.anonymised, numeric: true },
          { header: "Not done", cell: (r) => (r.finishedAt ? r.failed : "Running, or stopped before the end"), numeric: true },
        ]}
      />
    </div>
  );
}
