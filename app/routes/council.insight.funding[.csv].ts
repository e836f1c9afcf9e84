import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { csvResponse } from "~/domain/insight/insight-export.server.ts";
import { fundingChoiceOf, fundingCsv } from "~/domain/insight/funding-page.server.ts";

/** The funding dashboard's tables for the view chosen, as CSV (a resource route: GET only), protected as the page is; audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return csvResponse(await orUnavailable(() => context.reports.read((reading) => fundingCsv(reading, actor, fundingChoiceOf(new URL(request.url)), context.requestId))));
}
