import { NotificationBanner } from "./ui/notification-banner.tsx";

/** The council insight dashboards and the rule they publish under, each a link; the one shown is marked as the current page. */
const DASHBOARDS = [
  { href: "/council/insight/register", label: "Pupils on SEN registers" },
  { href: "/council/insight/funding", label: "Funding" },
  { href: "/council/insight/stls", label: "STLS and LIFT" },
  { href: "/council/insight/training", label: "Training" },
  { href: "/council/insight/srp", label: "SRP places" },
  { href: "/council/insight/champions", label: "Inclusion Champions" },
  { href: "/council/insight/pack", label: "Monitoring report pack" },
  { href: "/council/insight/rule", label: "Small-number rule" },
];

export function InsightNav({ current }: { current: string }) {
  return (
    <nav aria-label="Insight dashboards" className="mb-6">
      <ul className="flex flex-wrap gap-x-6 gap-y-2">
        {DASHBOARDS.map((d) => (
          <li key={d.href}>
            {d.href === current ? (
              <a href={d.href} aria-current="page" className="border-b-4 border-link font-bold no-underline">
                {d.label}
              </a>
            ) : (
              <a href={d.href}>{d.label}</a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Said when a dashboard's figures came from the main database because the reporting copy (a replica) could not serve
 * them: it is not answering, or is further behind than allowed (ADR 72). Nothing when they came from where reports read.
 */
export function InsightReadNote({ note }: { note: string | null }) {
  if (!note) return null;
  return (
    <NotificationBanner title="Where these figures come from">
      <p>{note}</p>
    </NotificationBanner>
  );
}
