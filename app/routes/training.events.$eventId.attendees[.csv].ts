import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { exportAttendeesCsv } from "~/domain/training/attendance-export.server.ts";

/** An event's attendee list and waiting list as a CSV download (a resource route: GET only); audited as an export. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:attendance");
  const { filename, csv } = await orUnavailable(() => exportAttendeesCsv(context.db, actor, params.eventId, context.requestId));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}
