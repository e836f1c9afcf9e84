import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { registerXlsx } from "~/domain/insight/register-page.server.ts";

/** Every view of the register dashboard as an Excel workbook, one sheet a table (a resource route: GET only); audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "insight:view");
  const { filename, bytes } = await orUnavailable(() => registerXlsx(context.db, actor, context.requestId));
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Length": String(bytes.length),
    },
  });
}
