import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { DateField, dateDefault } from "~/components/date-field.tsx";
import { formatDate, formatTime } from "~/components/format.ts";
import { SavedDespiteErrors } from "~/components/funding-draft-form.tsx";
import { reloadAfterPost, useFormVersion, useSentVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { type ErrorItem, ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { notFound } from "~/domain/access/access.server.ts";
import { formatBytes } from "~/domain/funding/documents.rules.ts";
import { saveReferralDraft } from "~/domain/stls/referral-draft.server.ts";
import { getReferral, referralParam } from "~/domain/stls/referral-queries.server.ts";
import { referralDraftSchema } from "~/domain/stls/referral.schema.ts";
import { REFERRAL_SECTION_TITLES, isReferralSection, referralFieldsPosted, referralProblemsIn } from "~/domain/stls/referral-sections.ts";

export const handle = {
  title: (data: unknown) => {
    const d = data as { section?: keyof typeof REFERRAL_SECTION_TITLES; referral?: { reference: string } } | undefined;
    return d?.section && d.referral ? `${REFERRAL_SECTION_TITLES[d.section]} - ${d.referral.reference}` : "LIFT referral";
  },
};

// A save that is refused may still have saved what it could (a 400): the page needs the saved version to carry on.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:refer");
  const reference = referralParam(params);
  if (!isReferralSection(params.section)) notFound();
  const referral = await orUnavailable(() => getReferral(context.db, actor, reference, context.requestId));
  // Only a draft is edited: otherwise the referral itself.
  if (!referral.can.edit) throw redirect(`/lift/referrals/${reference}`);
  return { referral, section: params.section };
}

/**
 * A section's answers: whatever can be stored is saved (saveReferralDraft). "Save as draft" goes back to the task
 * list; "Save and continue" too, once the section is complete (its signed document is added on its own page,
 * which the agreement section goes on to when it is missing); a 400 keeps what was typed against its errors.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const reference = referralParam(params);
  const section = params.section;
  if (!isReferralSection(section)) notFound();
  await requireActor(request, context, "lift:refer");
  const form = await readForm(request, context);
  const posted = referralFieldsPosted(form.keys());
  return formAction(
    { request, context },
    {
      permission: "lift:refer",
      schema: referralDraftSchema,
      form,
      async run(actor, value) {
        const saved = await saveReferralDraft(context.db, actor, reference, { ...value, posted }, context.requestId);
        if (!saved.ok) return saved;
        const { agreementDocument: missingDocument, ...required } = value.intent === "continue" ? referralProblemsIn(section, saved.problems) : {};
        const fieldErrors = { ...required, ...saved.notSaved };
        if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, version: saved.version };
        return { ok: true, upload: value.intent === "continue" && Boolean(missingDocument) };
      },
      done: ({ upload }) => (upload ? `/lift/referrals/${reference}/documents/new` : `/lift/referrals/${reference}?done=saved`),
    },
  );
}

export default function LiftReferralSection() {
  const { referral, section } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(referral.version, lastResult);
  const version = useSentVersion(referral.version, lastResult);
  const { saved } = referral;
  const [form, fields] = useForm<z.input<typeof referralDraftSchema>>({
    id: `referral-${referral.reference}-${section}-${formVersion}`,
    lastResult,
    defaultValue: {
      meetingId: saved.meetingId === null ? "" : String(saved.meetingId),
      discipline: saved.discipline ?? "",
      coreStandardsTried: saved.coreStandardsTried ?? "",
      question: saved.question ?? "",
      agreementSignedBy: saved.agreementSignedBy ?? "",
      agreementSignedOn: dateDefault(saved.agreementSignedOn),
    },
    shouldValidate: "onSubmit",
  });
  const shown = { meeting: [fields.meetingId], request: [fields.discipline, fields.coreStandardsTried, fields.question], agreement: [fields.agreementSignedBy, fields.agreementSignedOn] }[section];
  const errors: ErrorItem[] = [...(form.errors ?? []).map((message) => ({ message })), ...shown.flatMap((f) => (f.errors ?? []).map((message) => ({ message, fieldId: f.id })))];
  const base = `/lift/referrals/${referral.reference}`;
  return (
    <div className="max-w-3xl">
      <BackLink href={base}>Back to the referral</BackLink>
      <ErrorSummary errors={errors} />
      <SavedDespiteErrors lastResult={lastResult} />
      <PageHeading caption={`${referral.reference} · ${referral.pupil.name}`}>{REFERRAL_SECTION_TITLES[section]}</PageHeading>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={version} />
        {/* Pressing Enter in a field does what the main button does. */}
        <button type="submit" name="intent" value="continue" hidden tabIndex={-1} aria-hidden="true" />
        {section === "meeting" ? (
          referral.meetings.length === 0 ? (
            <p className="mb-6">No meeting of your school&apos;s LIFT group is open for referrals now. Ask your STLS link teacher when the next one is.</p>
          ) : (
            <RadiosField
              field={fields.meetingId}
              legend="Which LIFT meeting should discuss the pupil?"
              hint="Only meetings whose papers are not yet due are shown. Each meeting takes a limited number of referrals from each school."
              options={referral.meetings.map((m) => ({
                value: String(m.id),
                label: `${formatDate(m.date)}, ${formatTime(m.startsAt)}, ${m.groupName}`,
                hint: `Papers due ${formatDate(m.papersDueOn)}. Your school has used ${m.used} of ${m.cap} ${m.cap === 1 ? "place" : "places"}${m.used >= m.cap ? ": this meeting is full" : ""}.`,
              }))}
            />
          )
        ) : null}
        {section === "request" ? (
          <>
            <RadiosField field={fields.discipline} legend="Which discipline is the question about?" options={referral.disciplines.map((d) => ({ value: d, label: d }))} />
            <TextAreaField
              field={fields.coreStandardsTried}
              label="What has the school tried at Mainstream Core Standards level?"
              hint="What was put in place, for how long, and what difference it made. Up to 8,000 characters."
              rows={8}
            />
            <TextAreaField field={fields.question} label="What is your question for LIFT?" hint="Up to 4,000 characters." rows={4} />
          </>
        ) : null}
        {section === "agreement" ? (
          <>
            <p className="mb-6">LIFT discusses a pupil only with their parents&apos; signed Agreement to Engage. Enter who signed it and when, then upload the signed copy.</p>
            <TextField field={fields.agreementSignedBy} label="Who signed the Agreement to Engage?" hint="For example, Sarah Hart (mother)" />
            <DateField field={fields.agreementSignedOn} legend="Date it was signed" hint="For example, 27 11 2026" label="the date the Agreement to Engage was signed" />
            <p className="mb-6">
              {referral.agreement ? (
                <>
                  Signed document: {referral.agreement.fileName} ({formatBytes(referral.agreement.bytes)}).{" "}
                  <a href={`${base}/documents/new`}>Replace the signed document</a>
                </>
              ) : (
                <>
                  The signed document has not been uploaded yet. <a href={`${base}/documents/new`}>Upload the signed Agreement to Engage</a>
                </>
              )}
            </p>
          </>
        ) : null}
        <div className="flex flex-wrap gap-4">
          <Button name="intent" value="continue">
            Save and continue
          </Button>
          <Button variant="secondary" name="intent" value="save">
            Save as draft
          </Button>
        </div>
      </PortalForm>
    </div>
  );
}
