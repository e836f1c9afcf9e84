import type { ReactNode } from "react";

export function PageHeading({ caption, children }: { caption?: ReactNode; children: ReactNode }) {
  return (
    <>
      {caption ? <span className="mb-1 block text-xl text-secondary-ink">{caption}</span> : null}
      <h1 className="mb-8 text-3xl font-bold sm:text-5xl">{children}</h1>
    </>
  );
}

export function H2({ children }: { children: ReactNode }) {
  return <h2 className="mb-4 mt-2 text-2xl font-bold">{children}</h2>;
}

export function P({ children }: { children: ReactNode }) {
  return <p className="mb-4">{children}</p>;
}

