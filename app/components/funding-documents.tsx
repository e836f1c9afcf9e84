import { formatBytes } from "~/domain/funding/documents.rules.ts";
import type { FundingDocument } from "~/domain/funding/documents.server.ts";
import { formatDateTime } from "./format.ts";
import { Table } from "./ui/table.tsx";
import { Tag } from "./ui/tag.tsx";

/**
 * A funding request's evidence documents (ADR 29): what each is, which evidence it supports, its file (a download
 * link when the person may have it), whether it was carried over from the request this one renews (ADR 33) and
 * whether it was withdrawn. Shown on the request's page, its
 * check-your-answers page and its documents page; `withdrawHref` adds the SENCO's "Withdraw" link to each
 * document still attached (the confirm step on the documents page).
 */
export function FundingDocumentsTable({
  reference,
  documents,
  caption = "Documents",
  withdrawHref,
}: {
  reference: string;
  documents: FundingDocument[];
  caption?: string;
  withdrawHref?: (document: FundingDocument) => string;
}) {
  return (
    <Table
      caption={caption}
      rowKey={(d) => d.id}
      rows={documents}
      empty="No documents have been added."
      columns={[
        {
          header: "Document",
          cell: (d) => (
            <>
              {d.downloadable ? (
                <a href={`/funding/${reference}/documents/${d.id}`} download>
                  {d.title}
                  <span className="sr-only"> (download)</span>
                </a>
              ) : (
                d.title
              )}
              <br />
              <span className="text-secondary-ink">
                {d.fileName}, {d.typeLabel}, {formatBytes(d.bytes)}
              </span>
            </>
          ),
        },
        { header: "Supports", cell: (d) => d.evidenceLabel },
        {
          header: "Added",
          cell: (d) => (
            <>
              {d.uploadedBy} ({d.uploadedRole}), {formatDateTime(d.uploadedAt)}
              {d.carriedFrom ? (
                <>
                  <br />
                  Carried over from <a href={`/funding/${d.carriedFrom}`}>{d.carriedFrom}</a>
                </>
              ) : null}
              {d.withdrawn ? (
                <>
                  <br />
                  Withdrawn by {d.withdrawn.by}, {formatDateTime(d.withdrawn.at)}
                  {d.withdrawn.reason ? `: “${d.withdrawn.reason}”` : ""}
                </>
              ) : null}
            </>
          ),
        },
        {
          header: "Status",
          status: true,
          cell: (d) =>
            d.withdrawn ? (
              <Tag colour="grey">Withdrawn</Tag>
            ) : withdrawHref ? (
              <>
                <Tag colour="green">Attached</Tag>{" "}
                <a href={withdrawHref(d)} className="block">
                  Withdraw<span className="sr-only"> {d.title}</span>
                </a>
              </>
            ) : (
              <Tag colour="green">Attached</Tag>
            ),
        },
      ]}
    />
  );
}
