import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { exportQueueCsv } from "~/domain/funding/casework/queue-csv.server.ts";
import { queueFilterSchema } from "~/domain/funding/funding.schema.ts";

/** The council's queue as a CSV download, with the page's filters (a resource route: no page, GET only). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:casework");
  const filter = queueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { filename, csv } = await orUnavailable(() => exportQueueCsv(context.db, actor, filter, context.requestId));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}
