import { type SubmissionResult, getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { DateField } from "~/components/date-field.tsx";
import { formatDate, formatDateTime, formatTime } from "~/components/format.ts";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { RadiosField, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import type { Result } from "~/domain/result.ts";
import { bespokeDecisionSchema } from "~/domain/training/bespoke.schema.ts";
import { type BespokeDecisionCheck, checkBespokeDecision, decideBespoke, decisionFormOf } from "~/domain/training/bespoke.server.ts";
import { courseOptions } from "~/domain/training/bespoke-queries.server.ts";

type Loaded = { request?: { reference: string } } | undefined;
export const handle = { title: (data: unknown) => `Decide ${(data as Loaded)?.request?.reference ?? "bespoke training request"}` };

export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:manage");
  const { detail, courses } = await orUnavailable(async () => ({
    detail: await decisionFormOf(context.db, actor, params.ref ?? ""),
    courses: await courseOptions(context.db),
  }));
  // Decided or withdrawn already, the page says so (not a redirect: a refused POST renders this page too, and must
  // show its reply).
  return { request: detail, courses };
}

type DecisionStep = Result<{ check?: BespokeDecisionCheck; changing?: true; again?: boolean }>;

/**
 * One form, three intents (as the funding decision, ADR 32): "check" reads the decision by the step's rules and
 * shows the check page, recording nothing; "change" goes back to the form with what was typed; "confirm" records
 * it on the engine (a stale version refused, a resend counted once).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "training:manage");
  const reference = params.ref ?? "";
  return formAction(
    { request, context },
    {
      permission: "training:manage",
      schema: bespokeDecisionSchema,
      run: (actor, value): Promise<DecisionStep> => {
        if (value.intent === "check") return checkBespokeDecision(context.db, actor, reference, value);
        if (value.intent === "change") return Promise.resolve({ ok: true, changing: true });
        return decideBespoke(context.db, actor, reference, value, context.requestId);
      },
      show: (result) => (result.check ? { check: result.check } : result.changing ? { changing: true } : undefined),
      done: (_result, _actor, value) => `/training/bespoke/${reference}?done=${value.outcome === "accept" ? "accepted" : "declined"}`,
    },
  );
}

export default function DecideBespoke() {
  const { request } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const check = (actionData as { shown?: { check?: BespokeDecisionCheck } } | undefined)?.shown?.check;
  const typed = (actionData?.initialValue ?? {}) as Record<string, unknown>;
  if (check) return <CheckPage reference={request.reference} school={request.school} check={check} typed={typed} />;
  if (!request.can.accept) {
    const errors = (actionData?.error?.[""] ?? []).map((message) => ({ message }));
    return (
      <div className="max-w-4xl">
        <BackLink href={`/training/bespoke/${request.reference}`}>Back to the request</BackLink>
        <ErrorSummary errors={errors} />
        <PageHeading caption={`${request.reference} · ${request.school}`}>This request cannot be decided</PageHeading>
        <p className="mb-6">
          It is {request.statusLabel.toLowerCase()}. <a href={`/training/bespoke/${request.reference}`}>See the request and its timeline</a>.
        </p>
      </div>
    );
  }
  return <DecisionForm key={actionData ? JSON.stringify(actionData.initialValue ?? {}) : "new"} lastResult={actionData} />;
}

/** What was typed, as hidden fields again (`date.day` for a date's part): the check page posts it back. */
function HiddenFields({ typed }: { typed: Record<string, unknown> }) {
  const inputs: [string, string][] = [];
  for (const [name, value] of Object.entries(typed)) {
    if (name === "csrf" || name === "intent") continue;
    if (typeof value === "string") inputs.push([name, value]);
    else if (value && typeof value === "object") for (const [part, v] of Object.entries(value)) if (typeof v === "string") inputs.push([`${name}.${part}`, v]);
  }
  return inputs.map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}

function CheckPage({ reference, school, check, typed }: { reference: string; school: string; check: BespokeDecisionCheck; typed: Record<string, unknown> }) {
  const text = (name: string) => (typeof typed[name] === "string" ? (typed[name] as string) : "");
  const rows =
    check.outcome === "decline"
      ? [
          { key: "Decision", value: "Decline the request" },
          { key: "Reason (the school is told)", value: <span className="whitespace-pre-line">{check.reason}</span> },
        ]
      : [
          { key: "Decision", value: "Accept, and arrange a private event for the school" },
          { key: "Course", value: check.course ?? "" },
          { key: "When", value: check.startsAt && check.endsAt ? `${formatDateTime(check.startsAt)} to ${formatTime(check.endsAt)}` : "" },
          ...(text("venue") ? [{ key: "Venue", value: text("venue") }] : []),
          ...(text("onlineUrl") ? [{ key: "Online link", value: text("onlineUrl") }] : []),
          { key: "Places", value: String(check.places ?? "") },
          { key: "Run by", value: text("presenterName") },
        ];
  return (
    <div className="max-w-4xl">
      <PageHeading caption={`${reference} · ${school}`}>Check your decision before recording it</PageHeading>
      <SummaryList rows={rows} />
      <p className="my-6">
        {check.outcome === "accept"
          ? "The event is published for this school only: nobody else sees or books it. The school's SENCOs and headteacher are told."
          : "The school's SENCOs and headteacher are told, with the reason."}
      </p>
      <PortalForm id="confirm-decision">
        <HiddenFields typed={typed} />
        <Button name="intent" value="confirm">
          Confirm and record the decision
        </Button>
      </PortalForm>
      <PortalForm id="change-decision">
        <HiddenFields typed={typed} />
        <Button variant="secondary" name="intent" value="change">
          Change your answers
        </Button>
      </PortalForm>
    </div>
  );
}

function DecisionForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { request, courses } = useLoaderData<typeof loader>();
  const [form, fields] = useForm<z.input<typeof bespokeDecisionSchema>>({
    id: `decide-${request.reference}`,
    lastResult,
    defaultValue: { places: String(request.staffCount) },
    shouldValidate: "onSubmit",
  });
  const names = ["outcome", "date", "startTime", "endTime", "venue", "onlineUrl", "courseId", "newCourseTitle", "places", "presenterName", "reason"] as const;
  const errors = errorItems(form.allErrors, Object.fromEntries(names.map((n) => [n, fields[n].id])), "outcome");
  return (
    <div className="max-w-4xl">
      <BackLink href={`/training/bespoke/${request.reference}`}>Back to the request</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption={`${request.reference} · ${request.school}`}>Accept or decline the request</PageHeading>
      <SummaryList
        rows={[
          { key: "Topic", value: request.topic },
          { key: "Area of need", value: request.needArea },
          { key: "Dates that would suit", value: `${formatDate(request.preferredFrom)} to ${formatDate(request.preferredTo)}` },
          ...(request.preferredNote ? [{ key: "About dates", value: request.preferredNote }] : []),
          { key: "Number of staff", value: String(request.staffCount) },
        ]}
      />
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={request.version} />
        <RadiosField
          field={fields.outcome}
          legend="Decision"
          options={[
            { value: "accept", label: "Accept", hint: "Arrange a private event for the school: fill in the details below" },
            { value: "decline", label: "Decline", hint: "Give the reason below" },
          ]}
        />
        <section aria-labelledby="accept-heading" className="mb-2">
          <h2 id="accept-heading" className="mb-4 mt-2 text-2xl font-bold">
            If you accept: the event
          </h2>
          <DateField field={fields.date} legend="Date of the training" hint="For example, 14 1 2027" label="the date of the training" />
          <div className="flex flex-wrap gap-x-8">
            <TextField field={fields.startTime} label="Start time" hint="24-hour clock, like 09:30" width="w-28" />
            <TextField field={fields.endTime} label="End time" hint="24-hour clock, like 15:30" width="w-28" />
          </div>
          <TextField field={fields.venue} label="Venue" hint="Usually the school itself. Give a venue, an online link, or both." />
          <TextField field={fields.onlineUrl} label="Online link (optional)" hint="Starting https://" />
          <SelectField
            field={fields.courseId}
            label="Course"
            hint="From the council's catalogue: its certificates and the school's training record name it"
            placeholder="Select a course"
            options={courses.map((c) => ({ value: String(c.id), label: `${c.title} (${c.programme})` }))}
          />
          <TextField
            field={fields.newCourseTitle}
            label="Or the title of a new course"
            hint="When no course in the catalogue fits: it is added under bespoke whole-school training, about the request's area of need"
          />
          <TextField field={fields.places} label="Places" hint={`The school asked for ${request.staffCount} staff`} inputMode="numeric" width="w-24" />
          <TextField field={fields.presenterName} label="Run by" hint="The name of the trainer" />
        </section>
        <section aria-labelledby="decline-heading" className="mb-2">
          <h2 id="decline-heading" className="mb-4 mt-2 text-2xl font-bold">
            If you decline
          </h2>
          <TextAreaField field={fields.reason} label="Reason" hint="The school is told this" rows={4} />
        </section>
        <Button name="intent" value="check">
          Continue to check the decision
        </Button>
      </PortalForm>
    </div>
  );
}
