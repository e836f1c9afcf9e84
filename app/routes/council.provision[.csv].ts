import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { exportProvisionCsv } from "~/domain/provision/export.server.ts";

/** Every SRP's places and this term's return, as CSV (a resource route: GET only); audited as an export. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "provision:manage");
  const { filename, csv } = await orUnavailable(() => exportProvisionCsv(context.db, actor, context.requestId));
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` } });
}
