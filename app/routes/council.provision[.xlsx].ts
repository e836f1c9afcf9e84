import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { exportProvisionXlsx } from "~/domain/provision/export.server.ts";

/** Every SRP's places and this term's return, as an Excel workbook (a resource route: GET only); audited as an export. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "provision:manage");
  const { filename, bytes } = await orUnavailable(() => exportProvisionXlsx(context.db, actor, context.requestId));
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Length": String(bytes.length),
    },
  });
}
