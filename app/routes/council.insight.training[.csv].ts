import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { csvResponse, yearChoiceOf } from "~/domain/insight/insight-export.server.ts";
import { trainingCsv } from "~/domain/insight/training-page.server.ts";

/** The training dashboard's tables as CSV (a resource route: GET only); audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return csvResponse(await orUnavailable(() => context.reports.read((reading) => trainingCsv(reading, actor, yearChoiceOf(new URL(request.url)), context.requestId))));
}
