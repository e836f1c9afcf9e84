import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { xlsxResponse } from "~/domain/insight/insight-export.server.ts";
import { stlsChoiceOf, stlsXlsx } from "~/domain/insight/stls-page.server.ts";

/** The STLS dashboard's tables for the view chosen as an Excel workbook, one sheet a table (GET only); audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return xlsxResponse(await orUnavailable(() => context.reports.read((reading) => stlsXlsx(reading, actor, stlsChoiceOf(new URL(request.url)), context.requestId))));
}
