import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate, formatDateTime } from "~/components/format.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { subjectAccessPupil } from "~/domain/subject-access/subject-access.server.ts";

export const handle = { title: "Subject access: a pupil" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "pupils:subject_access");
  const pupilId = idParam(params.pupilId);
  return orUnavailable(() => subjectAccessPupil(context.db, actor, pupilId, context.requestId));
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function SubjectAccessPupil() {
  const { pupil, counts } = useLoaderData<typeof loader>();
  const name = pupil.anonymisedAt ? `Anonymised pupil (record ${pupil.id})` : `${pupil.firstName} ${pupil.lastName}`;
  return (
    <div className="max-w-4xl">
      <BackLink href="/council/subject-access">Find another pupil</BackLink>
      <PageHeading caption="Subject access">{name}</PageHeading>
      {pupil.anonymisedAt ? (
        <WarningText>
          {`This pupil's records were anonymised on ${formatDateTime(pupil.anonymisedAt)}, after the council's retention period: their name, UPN and what was written about them were removed and their documents deleted. The bundle says so and holds what is left.`}
        </WarningText>
      ) : null}
      <SummaryList
        rows={[
          { key: "Record number", value: String(pupil.id) },
          { key: "UPN", value: pupil.upn ?? "None" },
          { key: "Date of birth", value: formatDate(pupil.dateOfBirth) },
          { key: "School", value: `${pupil.school.name} (URN ${pupil.school.urn})` },
          { key: "Left the register", value: pupil.dateLeft ? formatDate(pupil.dateLeft) : "On the register" },
        ]}
      />
      <H2>What the bundle holds</H2>
      <ul className="mb-6 list-disc pl-6">
        <li>The register record and {count(counts.registerHistory, "change", "changes")} to it</li>
        <li>{count(counts.fundingRequests, "funding request", "funding requests")}, with their timelines, decisions and reviews</li>
        <li>{count(counts.liftReferrals, "LIFT referral", "LIFT referrals")} and their outcomes</li>
        <li>{count(counts.specialistVisits, "specialist visit", "specialist visits")}</li>
        <li>{count(counts.championVisitActions, "champion visit action", "champion visit actions")} naming the pupil</li>
        <li>{count(counts.documents, "document", "documents")}</li>
        <li>{count(counts.accessLog, "audit log entry", "audit log entries")}: who viewed or changed these records, and when</li>
      </ul>
      <P>
        The bundle is a ZIP file: a summary to read (summary.html), the same data for a computer (data.json), and the documents. Downloading
        it is recorded in the audit log.
      </P>
      <p className="mb-8">
        <a href={`/council/subject-access/${pupil.id}/bundle`} download className="font-bold">
          Download everything held about this pupil (ZIP)
        </a>
      </p>
    </div>
  );
}
