import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { trainingRecordCsv } from "~/domain/training/training-record.server.ts";

/** The school's training record as a CSV download (a resource route: GET only). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:book");
  const { filename, csv } = await orUnavailable(() => trainingRecordCsv(context.db, actor, context.requestId));
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` } });
}
