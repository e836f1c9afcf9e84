import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate } from "~/components/format.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { evaluationResults } from "~/domain/training/evaluation.server.ts";

type Loaded = { event?: { course: string } } | undefined;
export const handle = { title: (data: unknown) => `Evaluation results: ${(data as Loaded)?.event?.course ?? "training event"}` };

/** An event's evaluation results, for the council's training officers. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:manage");
  return orUnavailable(() => evaluationResults(context.db, actor, params.eventId));
}

export default function EventEvaluations() {
  const results = useLoaderData<typeof loader>();
  const { event } = results;
  return (
    <div className="max-w-3xl">
      <BackLink href={`/training/events/${event.id}/attendees`}>Back to the attendee list</BackLink>
      <PageHeading caption={`${event.programme} · ${formatDate(event.date)}`}>{`Evaluation results: ${event.course}`}</PageHeading>
      <SummaryList
        rows={[
          { key: "Attended", value: String(results.attended) },
          { key: "Asked to evaluate", value: String(results.asked) },
          { key: "Evaluations received", value: String(results.count) },
          { key: "Average usefulness", value: results.average === null ? "No evaluations yet" : `${results.average.toFixed(1)} out of 5` },
        ]}
      />
      {results.count > 0 ? (
        <>
          <Table
            caption="How useful it was"
            columns={[
              { header: "Score", cell: (d: (typeof results.distribution)[number]) => `${d.score} out of 5` },
              { header: "Evaluations", cell: (d) => d.count, numeric: true },
            ]}
            rows={results.distribution}
            rowKey={(d) => d.score}
          />
          <H2>What they will change</H2>
          <TextAnswers answers={results.willChange} none="Nobody answered this question." />
          <H2>Comments</H2>
          <TextAnswers answers={results.comments} none="Nobody left a comment." />
        </>
      ) : null}
    </div>
  );
}

function TextAnswers({ answers, none }: { answers: { id: number; text: string }[]; none: string }) {
  if (answers.length === 0) return <p className="mb-8">{none}</p>;
  return (
    <ul className="mb-8 space-y-3">
      {answers.map((a) => (
        <li key={a.id} className="whitespace-pre-line break-words border-l-4 border-border pl-4">
          {a.text}
        </li>
      ))}
    </ul>
  );
}
