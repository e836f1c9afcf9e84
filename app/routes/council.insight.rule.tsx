import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { InsightNav } from "~/components/insight-nav.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField, TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { ruleInWords } from "~/domain/insight/register.server.ts";
import { RULE_KINDS, RULE_LIMITS } from "~/domain/insight/rule-kinds.ts";
import { disclosureRuleSchema } from "~/domain/insight/rule.schema.ts";
import { disclosureSettings, setDisclosureRule } from "~/domain/insight/rule.server.ts";

export const handle = { title: "Council insight: the small-number rule" };

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:rule");
  const settings = await orUnavailable(() => disclosureSettings(context.db, actor));
  return {
    kind: settings.rule.kind,
    threshold: settings.threshold,
    protection: settings.rule.protection,
    version: settings.version,
    ruleText: ruleInWords(settings.rule),
    updatedAt: settings.updatedBy ? settings.updatedAt.toISOString() : null,
    updatedBy: settings.updatedBy,
    saved: new URL(request.url).searchParams.get("saved") === "1",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireActor(request, context, "insight:rule");
  return formAction(
    { request, context },
    {
      permission: "insight:rule",
      schema: disclosureRuleSchema,
      run: (actor, value) => setDisclosureRule(context.db, actor, value, context.requestId),
      done: () => "/council/insight/rule?saved=1",
    },
  );
}

export default function DisclosureRulePage() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(page.version, lastResult);
  const [form, fields] = useForm<z.input<typeof disclosureRuleSchema>>({
    id: `disclosure-rule-${formVersion}`,
    lastResult,
    defaultValue: { kind: page.kind, threshold: String(page.threshold), protection: String(page.protection) },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, { kind: fields.kind.id, threshold: fields.threshold.id, protection: fields.protection.id }, "kind");
  return (
    <div className="max-w-3xl">
      <ErrorSummary errors={errors} />
      {page.saved ? (
        <NotificationBanner kind="success" title="Done">
          The rule is saved. Every dashboard and export now publishes its figures under it.
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Council insight">The small-number rule</PageHeading>
      <InsightNav current="/council/insight/rule" />
      <P>Every figure about pupils on the dashboards, in their downloads and in the monitoring report pack is published under this rule.</P>
      <H2>The rule now</H2>
      <P>{page.ruleText}</P>
      <P>{page.updatedBy && page.updatedAt ? `Set by ${page.updatedBy} on ${formatDateTime(page.updatedAt)}.` : "This is the portal's own rule: nobody has changed it."}</P>
      <H2>Change the rule</H2>
      <WarningText>
        Figures published under two rules can be set side by side to work out what each withheld. Change the rule only at the start of a
        reporting period, and do not publish the same period&apos;s figures under both.
      </WarningText>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={page.version} />
        <RadiosField field={fields.kind} legend="How are small counts of children withheld?" options={RULE_KINDS.map((k) => ({ ...k }))} />
        <TextField
          field={fields.threshold}
          label="Threshold, for withholding small counts"
          hint={`Counts below it are withheld: 5 withholds 1 to 4. A whole number from ${RULE_LIMITS.threshold.min} to ${RULE_LIMITS.threshold.max}. Not used when counts are rounded.`}
          inputMode="numeric"
          width="w-20"
          autoComplete="off"
        />
        <TextField
          field={fields.protection}
          label="Protection interval"
          hint={`How closely a withheld count must never be worked out from the figures around it: 5 means not to within 5 either way. A whole number from ${RULE_LIMITS.protection.min} to ${RULE_LIMITS.protection.max}.`}
          inputMode="numeric"
          width="w-20"
          autoComplete="off"
        />
        <Button>Save the rule</Button>
      </PortalForm>
    </div>
  );
}
