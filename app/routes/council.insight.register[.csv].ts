import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { csvResponse } from "~/domain/insight/insight-export.server.ts";
import { registerCsv, registerViewOf } from "~/domain/insight/register-page.server.ts";

/** The register dashboard's table, as CSV (a resource route: GET only), protected as the page is; audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  return csvResponse(await orUnavailable(() => context.reports.read((reading) => registerCsv(reading, actor, registerViewOf(new URL(request.url)), context.requestId))));
}
