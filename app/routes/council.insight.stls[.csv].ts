import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { csvResponse } from "~/domain/insight/insight-export.server.ts";
import { stlsChoiceOf, stlsCsv } from "~/domain/insight/stls-page.server.ts";

/** The STLS dashboard's tables for the view chosen, as CSV (a resource route: GET only), protected as the page is; audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return csvResponse(await orUnavailable(() => context.reports.read((reading) => stlsCsv(reading, actor, stlsChoiceOf(new URL(request.url)), context.requestId))));
}
