import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { DateField } from "~/components/date-field.tsx";
import { formatDate } from "~/components/format.ts";
import { GroupField, MeetingPlaceFields } from "~/components/lift-meeting-fields.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import type { Result } from "~/domain/result.ts";
import { groupChoices } from "~/domain/stls/meeting-queries.server.ts";
import { MAX_TERM_MEETINGS } from "~/domain/stls/meeting-dates.ts";
import { termSchema } from "~/domain/stls/meeting.schema.ts";
import { meetingWhere } from "~/domain/stls/meeting-words.ts";
import { checkTerm, createTerm } from "~/domain/stls/meetings.server.ts";

export const handle = { title: "Add a term's LIFT meetings" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:meetings");
  return { groups: await orUnavailable(() => groupChoices(context.db, actor)) };
}

interface TermCheck {
  groupName: string;
  meetings: { date: string; papersDueOn: string }[];
}
type TermStep = Result<{ check?: TermCheck; changing?: true; meetingIds?: number[] }>;

/** One form, three intents (as the funding decision's, ADR 32): check shows the dates it will make, change goes back, create makes them all. */
export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "lift:meetings",
      schema: termSchema,
      run: async (actor, value): Promise<TermStep> => {
        if (value.intent === "change") return { ok: true, changing: true };
        if (value.intent === "create") return createTerm(context.db, actor, value, context.requestId);
        const checked = await checkTerm(context.db, actor, value);
        return checked.ok ? { ok: true, check: { groupName: checked.groupName, meetings: checked.meetings.map((m) => ({ date: m.date, papersDueOn: m.papersDueOn })) } } : checked;
      },
      show: (result) => (result.check ? { check: result.check } : result.changing ? { changing: true } : undefined),
      done: (result) => `/lift/meetings/${result.meetingIds?.[0] ?? ""}?done=term`,
    },
  );
}

/** What was typed, as hidden fields again (`firstDate.day` for a date's part): the check page posts it back. */
function HiddenFields({ typed }: { typed: Record<string, unknown> }) {
  const inputs: [string, string][] = [];
  for (const [name, value] of Object.entries(typed)) {
    if (name === "csrf" || name === "intent") continue;
    if (typeof value === "string") inputs.push([name, value]);
    else if (value && typeof value === "object") for (const [part, v] of Object.entries(value)) if (typeof v === "string") inputs.push([`${name}.${part}`, v]);
  }
  return inputs.map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}

function CheckPage({ check, typed }: { check: TermCheck; typed: Record<string, unknown> }) {
  const text = (name: string) => (typeof typed[name] === "string" ? (typed[name] as string).trim() : "");
  return (
    <div className="max-w-3xl">
      <PageHeading caption={check.groupName}>Check the meetings before adding them</PageHeading>
      <SummaryList
        rows={[
          { key: "Group", value: check.groupName },
          { key: "Times", value: `${text("startTime")} to ${text("endTime")}` },
          { key: "Where", value: meetingWhere(text("venue") || null, text("onlineUrl") || null) },
          { key: "Most referrals from a school", value: text("cap") || "3" },
        ]}
      />
      <Table
        caption={`${check.meetings.length} ${check.meetings.length === 1 ? "meeting" : "meetings"}`}
        rowKey={(m) => m.date}
        rows={check.meetings}
        columns={[
          { header: "Meeting", cell: (m) => formatDate(m.date) },
          { header: "Papers due", cell: (m) => formatDate(m.papersDueOn) },
        ]}
      />
      <P>Every meeting is added, or none is if one of them clashes with a meeting the group already has. A meeting&apos;s papers-due day can be changed afterwards.</P>
      <PortalForm id="create-term">
        <HiddenFields typed={typed} />
        <Button name="intent" value="create">
          Add these meetings
        </Button>
      </PortalForm>
      <PortalForm id="change-term">
        <HiddenFields typed={typed} />
        <Button variant="secondary" name="intent" value="change">
          Change your answers
        </Button>
      </PortalForm>
    </div>
  );
}

const ORDER = ["groupId", "firstDate", "count", "everyWeeks", "dateList", "startTime", "endTime", "venue", "onlineUrl", "cap"] as const;

function TermForm({ groups, lastResult }: { groups: { value: string; label: string }[]; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm<z.input<typeof termSchema>>({
    id: "term-meetings",
    lastResult,
    defaultValue: { groupId: groups.length === 1 ? groups[0]!.value : "", count: "6", everyWeeks: "3", startTime: "09:30", endTime: "12:00", cap: "3" },
    shouldValidate: "onSubmit",
  });
  const ids = Object.fromEntries(ORDER.map((name) => [name, fields[name].id]));
  return (
    <div className="max-w-3xl">
      <BackLink href="/lift">Back to LIFT meetings</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, ids, "groupId")} />
      <PageHeading caption="LIFT meetings">Add a term&apos;s meetings</PageHeading>
      <P>Every meeting has the same times, place and cap; papers are due the Wednesday before each. You will see the dates before they are added.</P>
      <PortalForm {...getFormProps(form)}>
        <GroupField field={fields.groupId} groups={groups} />
        <H2>Dates</H2>
        <DateField field={fields.firstDate} legend="Date of the first meeting" hint="For example, 12 1 2027" label="the date of the first meeting" />
        <TextField field={fields.count} label="How many meetings" hint={`From 1 to ${MAX_TERM_MEETINGS}`} inputMode="numeric" width="w-[6em]" />
        <TextField field={fields.everyWeeks} label="Every how many weeks" hint="For example, 3 for every third week" inputMode="numeric" width="w-[6em]" />
        <TextAreaField
          field={fields.dateList}
          label="Or list the dates (optional)"
          hint="One date a line, like 12/1/2027, when the meetings are not evenly spaced. A list is used instead of the first date and spacing"
          rows={4}
        />
        <H2>Times</H2>
        <MeetingPlaceFields fields={fields} />
        <Button name="intent" value="check">
          Continue
        </Button>
      </PortalForm>
    </div>
  );
}

export default function TermMeetings() {
  const { groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const check = (actionData as { shown?: { check?: TermCheck } } | undefined)?.shown?.check;
  const typed = (actionData?.initialValue ?? {}) as Record<string, unknown>;
  if (check) return <CheckPage check={check} typed={typed} />;
  return <TermForm key={actionData ? JSON.stringify(actionData.initialValue ?? {}) : "new"} groups={groups} lastResult={actionData} />;
}
