import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { championsCsv } from "~/domain/insight/champions-page.server.ts";
import { csvResponse, yearChoiceOf } from "~/domain/insight/insight-export.server.ts";

/** The Inclusion Champions dashboard's tables as CSV (a resource route: GET only); audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return csvResponse(await orUnavailable(() => context.reports.read((reading) => championsCsv(reading, actor, yearChoiceOf(new URL(request.url)), context.requestId))));
}
