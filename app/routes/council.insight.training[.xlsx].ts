import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { xlsxResponse, yearChoiceOf } from "~/domain/insight/insight-export.server.ts";
import { trainingXlsx } from "~/domain/insight/training-page.server.ts";

/** The training dashboard's tables as an Excel workbook, one sheet a table (GET only); audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return xlsxResponse(await orUnavailable(() => context.reports.read((reading) => trainingXlsx(reading, actor, yearChoiceOf(new URL(request.url)), context.requestId))));
}
