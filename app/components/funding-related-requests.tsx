import { formatDate } from "./format.ts";
import type { RelatedRequest } from "~/domain/funding/duplicates.server.ts";

/**
 * On a draft's pages (issue 8): the pupil's other open or awarded requests under the same scheme, each a link. A
 * period that overlaps one of them is refused; this says so before it is.
 */
export function FundingRelatedRequests({ related }: { related: RelatedRequest[] }) {
  if (related.length === 0) return null;
  return (
    <section className="mb-6 border-l-[5px] border-brand pl-4" aria-labelledby="related-heading">
      <h2 id="related-heading" className="mb-2 text-xl font-bold">
        This pupil has other requests under this scheme
      </h2>
      <p className="mb-2">A request cannot cover the same weeks as another open request or an award for the same pupil under the same scheme.</p>
      <ul className="list-disc pl-6">
        {related.map((r) => (
          <li key={r.reference}>
            <a href={`/funding/${r.reference}`}>{r.reference}</a>: {r.kind === "award" ? `awarded (${r.statusLabel.toLowerCase()})` : r.statusLabel.toLowerCase()}
            {r.start && r.end ? `, ${formatDate(r.start)} to ${formatDate(r.end)}` : ", no period yet"}
          </li>
        ))}
      </ul>
    </section>
  );
}
