import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { certificatePdf } from "~/domain/training/certificate-pdf.server.ts";
import { getCertificate } from "~/domain/training/certificate.server.ts";

/** A certificate of attendance as a PDF (a resource route: GET only). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:view");
  const certificate = await orUnavailable(() => getCertificate(context.db, actor, params.bookingId));
  const pdf = await certificatePdf(certificate);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="certificate-${certificate.bookingId}.pdf"`,
      "Content-Length": String(pdf.length),
    },
  });
}
