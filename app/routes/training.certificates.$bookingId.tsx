import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { certificateDates } from "~/domain/training/certificate-pdf.server.ts";
import { getCertificate } from "~/domain/training/certificate.server.ts";

type Loaded = { certificate?: { name: string } } | undefined;
export const handle = { title: (data: unknown) => `Certificate of attendance${(data as Loaded)?.certificate ? `: ${(data as Loaded)!.certificate!.name}` : ""}` };

/** A certificate of attendance: to read, print (the print stylesheet) or download as a PDF. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:view");
  const certificate = await orUnavailable(() => getCertificate(context.db, actor, params.bookingId));
  return { certificate, dates: certificateDates(certificate) };
}

export default function CertificatePage() {
  const { certificate, dates } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-3xl">
      <BackLink href="/training">Back to training</BackLink>
      <p className="mb-2">Kent County Council · SEND Inclusion Portal</p>
      <PageHeading caption={certificate.programme}>Certificate of attendance</PageHeading>
      <p className="mb-4 text-xl">
        This is to certify that <strong>{certificate.name}</strong> ({certificate.role}, {certificate.school}) attended{" "}
        <strong>{certificate.course}</strong>.
      </p>
      <SummaryList
        rows={[
          { key: "Name", value: certificate.name },
          { key: "Course", value: certificate.course },
          { key: "Programme", value: `${certificate.programme} (${certificate.provider})` },
          { key: "Date", value: dates },
          { key: "Led by", value: certificate.presenter },
          { key: "CPD hours", value: certificate.hoursText },
          { key: "Certificate number", value: String(certificate.bookingId) },
        ]}
      />
      <p data-print="hide" className="mb-8">
        <a href={`/training/certificates/${certificate.bookingId}.pdf`} download>
          Download this certificate as a PDF
        </a>{" "}
        or print this page from your browser.
      </p>
    </div>
  );
}
