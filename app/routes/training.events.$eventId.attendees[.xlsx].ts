import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { exportAttendeesXlsx } from "~/domain/training/attendance-export.server.ts";

/** An event's attendee list and waiting list as an Excel workbook (a resource route: GET only); audited as an export. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:attendance");
  const { filename, bytes } = await orUnavailable(() => exportAttendeesXlsx(context.db, actor, params.eventId, context.requestId));
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Length": String(bytes.length),
    },
  });
}
