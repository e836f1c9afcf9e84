import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { csvResponse } from "~/domain/insight/insight-export.server.ts";
import { srpCsv } from "~/domain/insight/srp-page.server.ts";

/** The SRP dashboard's tables as CSV (a resource route: GET only); audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return csvResponse(await orUnavailable(() => context.reports.read((reading) => srpCsv(reading, actor, context.requestId))));
}
