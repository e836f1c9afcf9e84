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
import { RadiosField, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { outcomeSchema } from "~/domain/stls/outcome.schema.ts";
import { outcomeForm, recordOutcomeForAgenda } from "~/domain/stls/outcome.server.ts";
import { meetingWhen } from "~/domain/stls/meeting-words.ts";
import { referralParam } from "~/domain/stls/referral-queries.server.ts";
import { OUTCOME_KINDS, OUTCOME_KIND_LABELS } from "~/domain/stls/referrals.workflow.ts";

export const handle = { title: (data: unknown) => `Record LIFT's outcome${(data as { referral?: { reference: string } } | undefined)?.referral ? `: ${(data as { referral: { reference: string } }).referral.reference}` : ""}` };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:outcome");
  return orUnavailable(() => outcomeForm(context.db, actor, referralParam(params)));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const reference = referralParam(params);
  return formAction(
    { request, context },
    {
      permission: "lift:outcome",
      schema: outcomeSchema,
      run: (actor, value) => recordOutcomeForAgenda(context.db, actor, reference, value, context.requestId),
      done: (result) => `/lift/meetings/${result.meetingId}?done=outcome`,
    },
  );
}

const KIND_HINTS: Record<string, string> = {
  training: "Choose the course from the training catalogue",
  school_support: "Choose the school of the district that will support",
  involvement: "Choose the specialist teacher and the number of visits",
  deferred: "It moves to the group's next meeting: say why, and what to bring",
};

const ORDER = ["kind", "advice", "courseId", "supportingSchoolId", "specialistUserId", "visits"] as const;

export default function RecordOutcome() {
  const { referral, meeting, blocked, recorded, choices } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof outcomeSchema>>({ id: `outcome-${referral.version}`, lastResult, shouldValidate: "onSubmit" });
  const ids = Object.fromEntries(ORDER.map((name) => [name, fields[name].id]));
  return (
    <div className="max-w-3xl">
      <BackLink href={`/lift/meetings/${meeting.id}`}>Back to the agenda</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, ids, "kind")} />
      <PageHeading caption={`${referral.reference} · ${referral.schoolName}`}>Record LIFT&apos;s outcome</PageHeading>
      <SummaryList
        rows={[
          { key: "Pupil", value: `${referral.pupilName}, ${referral.yearGroup}` },
          { key: "Primary need", value: referral.primaryNeed },
          { key: "Discipline", value: referral.discipline ?? "" },
          { key: "Question for LIFT", value: <span className="whitespace-pre-line">{referral.question}</span> },
          { key: "Meeting", value: `${meeting.groupName}, ${meetingWhen(meeting.startsAt, meeting.endsAt)}` },
          { key: "Carried from earlier meetings", value: referral.carriedCount === 0 ? "No" : `${referral.carriedCount} ${referral.carriedCount === 1 ? "time" : "times"}` },
        ]}
      />
      {recorded.length > 0 ? (
        <>
          <H2>Outcomes recorded</H2>
          <SummaryList rows={recorded.map((o, i) => ({ key: `${o.meetingDay}${recorded.length > 1 ? ` (${i + 1})` : ""}`, value: <span className="whitespace-pre-line">{`${o.label}${o.visits ? `, ${o.visits} visits` : ""}: ${o.advice}`}</span> }))} />
        </>
      ) : null}
      {blocked ? (
        <WarningText>{blocked}</WarningText>
      ) : (
        <PortalForm {...getFormProps(form)}>
          <input type="hidden" name="version" value={referral.version} />
          <RadiosField field={fields.kind} legend="LIFT's outcome" options={OUTCOME_KINDS.map((k) => ({ value: k, label: OUTCOME_KIND_LABELS[k], hint: KIND_HINTS[k] }))} />
          <TextAreaField field={fields.advice} label="LIFT's advice" hint="The school reads this. For a deferral, why it was deferred and what to bring next time" rows={6} />
          <H2>Training suggested</H2>
          <SelectField field={fields.courseId} label="Course" placeholder="No course" options={choices.courses} />
          <H2>Support from another school</H2>
          <SelectField field={fields.supportingSchoolId} label="School that will support" placeholder="No school" options={choices.schools} />
          <H2>Specialist involvement</H2>
          <SelectField field={fields.specialistUserId} label="Specialist teacher" placeholder="No specialist teacher" options={choices.teachers} />
          <TextField field={fields.visits} label="Number of visits" hint="From 1 to 20" inputMode="numeric" width="w-[6em]" />
          <P>Only what the outcome you chose needs is recorded: the other answers are left out.</P>
          <Button>Record outcome</Button>
        </PortalForm>
      )}
    </div>
  );
}
