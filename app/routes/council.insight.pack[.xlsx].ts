import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { xlsxResponse, yearChoiceOf } from "~/domain/insight/insight-export.server.ts";
import { packXlsx } from "~/domain/insight/pack.server.ts";

/** The monitoring report pack for the year chosen, as one Excel workbook (a resource route: GET only); audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return xlsxResponse(await orUnavailable(() => context.reports.read((reading) => packXlsx(reading, actor, yearChoiceOf(new URL(request.url)), context.requestId))));
}
