import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { getDecisionLetter, letterPdf, referenceParam } from "~/domain/funding/funding.server.ts";

/** A decision letter as a PDF (a resource route: GET only); the download is audited with its read. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:view");
  const reference = referenceParam(params);
  const decision = new URL(request.url).searchParams.get("decision");
  const letter = await orUnavailable(() => getDecisionLetter(context.db, actor, reference, decision, "download", context.requestId));
  const pdf = await letterPdf(letter);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="decision-letter-${letter.reference}-${letter.decisionId}.pdf"`,
      "Content-Length": String(pdf.length),
    },
  });
}
