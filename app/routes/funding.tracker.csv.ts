import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { exportTrackerCsv } from "~/domain/funding/tracker.server.ts";

/** The tracker's figures as a CSV download (a resource route: no page, GET only). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:tracker");
  const url = new URL(request.url);
  const { filename, csv } = await orUnavailable(() => exportTrackerCsv(context.db, actor, { year: url.searchParams.get("year") }, context.requestId));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}
