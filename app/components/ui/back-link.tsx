/**
 * GOV.UK back link: a real link to the page before (never `history.back()`, which needs JavaScript and goes
 * wherever the browser came from). Placed before the main heading.
 */
export function BackLink({ href, children = "Back" }: { href: string; children?: string }) {
  return (
    <a
      href={href}
      data-back-link=""
      className="relative mb-6 inline-block pl-3.5 text-base !text-ink underline before:absolute before:left-0.5 before:top-[0.55em] before:size-[7px] before:rotate-[-45deg] before:border-l-2 before:border-t-2 before:border-ink"
    >
      {children}
    </a>
  );
}
