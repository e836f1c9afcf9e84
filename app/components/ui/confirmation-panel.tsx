import type { ReactNode } from "react";

/**
 * The GOV.UK confirmation page's panel and its "What happens next": the page someone lands on after sending
 * something (a funding request, feedback), with the reference they may quote. The heading is the page's h1.
 */
export function ConfirmationPanel({
  title,
  reference,
  referenceLabel = "Your reference",
  next,
}: {
  title: string;
  reference?: string;
  referenceLabel?: string;
  /** What happens next, in paragraphs or a list. */
  next: ReactNode;
}) {
  return (
    <>
      <div className="mb-8 break-words bg-success p-6 text-center text-white">
        <h1 className="mb-2 text-3xl font-bold sm:text-5xl">{title}</h1>
        {reference ? (
          <p className="text-2xl">
            {referenceLabel}
            <br />
            <strong>{reference}</strong>
          </p>
        ) : null}
      </div>
      <h2 className="mb-4 text-2xl font-bold">What happens next</h2>
      <div className="mb-8">{next}</div>
    </>
  );
}
