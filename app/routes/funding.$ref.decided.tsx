import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate } from "~/components/format.ts";
import { ConfirmationPanel } from "~/components/ui/confirmation-panel.tsx";
import { getDecisionMade, referenceParam } from "~/domain/funding/funding.server.ts";
import { formatPence } from "~/domain/money.ts";

export const handle = { title: (data: unknown) => `Decision recorded on ${(data as { made?: { reference: string } } | undefined)?.made?.reference ?? "funding request"}` };

/** After a decision: what was recorded, its letter, and the next request waiting in the officer's queue. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:decide");
  const reference = referenceParam(params);
  return { made: await orUnavailable(() => getDecisionMade(context.db, actor, reference)) };
}

export default function DecisionRecorded() {
  const { made } = useLoaderData<typeof loader>();
  const period = made.start && made.end ? `, ${formatDate(made.start)} to ${formatDate(made.end)}` : "";
  return (
    <div className="max-w-3xl">
      <ConfirmationPanel
        title={made.correction ? "Corrected decision recorded" : "Decision recorded"}
        reference={made.reference}
        referenceLabel="Funding request"
        next={
          <>
            <p className="mb-4">
              {made.school}: <strong>{made.outcomeLabel.toLowerCase()}</strong>, {formatPence(made.awardedPence)}
              {period}. The school and its headteacher have been told.
            </p>
            <ul className="list-disc space-y-2 pl-6">
              <li>
                <a href={`/funding/${made.reference}/letter`}>Read the decision letter</a>
              </li>
              <li>
                <a href={`/funding/${made.reference}`}>Back to {made.reference}</a>
              </li>
            </ul>
          </>
        }
      />
      {made.nextReference ? (
        <p className="text-lg">
          <a className="font-bold" href={`/funding/${made.nextReference}/decide`}>
            Next request in your queue: {made.nextReference}
          </a>
        </p>
      ) : (
        <p className="text-lg">
          Nothing else is waiting in your queue. <a href="/funding">Back to the funding queue</a>
        </p>
      )}
    </div>
  );
}
