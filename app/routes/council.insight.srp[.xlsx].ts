import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { xlsxResponse } from "~/domain/insight/insight-export.server.ts";
import { srpXlsx } from "~/domain/insight/srp-page.server.ts";

/** The SRP dashboard's tables as an Excel workbook, one sheet a table (a resource route: GET only); audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return xlsxResponse(await orUnavailable(() => context.reports.read((reading) => srpXlsx(reading, actor, context.requestId))));
}
