import { formatDate } from "./format.ts";
import { SummaryList } from "./ui/summary-list.tsx";
import type { FundingRequestDetail } from "~/domain/funding/funding.server.ts";

/**
 * On a request's page (issue 8): which request it renews and which renews it, each a link; "Apply again" when the
 * award is near its end; and the declaration its headteacher confirmed.
 */
export function FundingRenewalLinks({ request }: { request: Pick<FundingRequestDetail, "reference" | "renewal" | "signOffDeclaration" | "award"> }) {
  const { renews, renewedBy, open } = request.renewal;
  const rows = [
    ...(renews ? [{ key: "Renews", value: <a href={`/funding/${renews}`}>{renews}</a> }] : []),
    ...(renewedBy ? [{ key: "Renewed by", value: <a href={`/funding/${renewedBy}`}>{renewedBy}</a> }] : []),
    ...(request.signOffDeclaration ? [{ key: "Headteacher's declaration", value: `${request.signOffDeclaration}.` }] : []),
  ];
  return (
    <>
      {rows.length > 0 ? <SummaryList rows={rows} /> : null}
      {open ? (
        <section className="mb-6 border-l-[5px] border-border pl-4" aria-labelledby="renew-heading">
          <h2 id="renew-heading" className="mb-2 text-2xl font-bold">
            Apply again
          </h2>
          <p className="mb-4">
            {request.award?.end ? `The award's end date is ${formatDate(request.award.end)}. ` : ""}
            High Needs Funding is applied for again each year: start the next request from this one.
          </p>
          <p>
            <a href={`/funding/${request.reference}/renew`} className="font-bold">
              Apply again<span className="sr-only"> for {request.reference}</span>
            </a>
          </p>
        </section>
      ) : null}
    </>
  );
}
