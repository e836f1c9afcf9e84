import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { neutraliseCell } from "~/domain/csv.server.ts";
import { giasImportExists, giasImportReport } from "~/domain/schools/gias-import-views.server.ts";

/** An import's report as CSV, streamed from its stored dry run (a resource route: no page, GET only). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "schools:import");
  if (!/^\d{1,9}$/.test(params.importId ?? "")) throw new Response("Not found", { status: 404 });
  const importId = Number(params.importId);
  if (!(await orUnavailable(() => giasImportExists(context.db, actor, importId)))) throw new Response("Not found", { status: 404 });
  const csv = Readable.from(giasImportReport(context.db, actor, importId, context.requestId)).pipe(
    // A school name from the file could start with "=": cells are neutralised as every export's are.
    stringify({ bom: true, record_delimiter: "windows", cast: { string: (value) => String(neutraliseCell(value)) } }),
  );
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="gias-import-${importId}-report.csv"`,
    },
  });
}
