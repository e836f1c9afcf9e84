import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { championsXlsx } from "~/domain/insight/champions-page.server.ts";
import { xlsxResponse, yearChoiceOf } from "~/domain/insight/insight-export.server.ts";

/** The Inclusion Champions dashboard's tables as an Excel workbook, one sheet a table (a resource route: GET only); audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return xlsxResponse(await orUnavailable(() => context.reports.read((reading) => championsXlsx(reading, actor, yearChoiceOf(new URL(request.url)), context.requestId))));
}
