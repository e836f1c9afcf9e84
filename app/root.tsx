import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getActor, getUnreadNotificationCount } from "./auth/actor.server.ts";
import { SessionTimeout } from "./components/session-timeout.tsx";
import { formatTime } from "./components/format.ts";
import { useNonce } from "./components/nonce.ts";
import { usePageHasErrors } from "./components/page-errors.ts";
import { InPageLink } from "./components/ui/in-page-link.tsx";
import { PortalForm } from "./components/ui/portal-form.tsx";
import { NAVIGATION, roleCan } from "./domain/access/roles.ts";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context);
  const unreadNotifications = await getUnreadNotificationCount(request, context);
  return {
    csrfToken: context.csrfToken,
    user: actor
      ? {
          name: actor.name,
          actingAs: actor.actingAs,
          // The switch is offered only to people with more than one membership.
          memberships: actor.memberships.length > 1 ? actor.memberships : [],
          navigation: NAVIGATION[actor.role],
          // Officers find a request from any page (ADR 30): the header's search box.
          searchesFunding: roleCan(actor.role, "funding:casework"),
          sessionEndsAt: actor.sessionExpiresAt.toISOString(),
          unreadNotifications,
        }
      : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export const SERVICE_NAME = "Kent SEND Inclusion Portal";

/** A route's page title: `handle.title`, a string or a function of its loader data. */
export type TitleHandle = { title?: string | ((data: unknown) => string) };

const ERROR_PREFIX = "Error: ";

/**
 * The title of the deepest route that has one, with "Error: " in front when the page shows a refused form
 * (page-errors.ts: the actions' replies as drawn, then the error summaries on the page). A route whose title
 * already says so (the audit log's filter, refused by its loader) keeps one.
 */
function usePageTitle() {
  const matches = useMatches();
  const refused = usePageHasErrors();
  let title: string | undefined;
  for (const match of matches) {
    const handle = match.handle as TitleHandle | undefined;
    if (handle?.title) title = typeof handle.title === "function" ? handle.title(match.data) : handle.title;
  }
  const full = `${title ? `${title} - ` : ""}${SERVICE_NAME}`;
  return refused && !full.startsWith(ERROR_PREFIX) ? `${ERROR_PREFIX}${full}` : full;
}

function Document({ children, title }: { children: ReactNode; title: string }) {
  const nonce = useNonce();
  return (
    <html lang="en-GB" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header({ user }: { user: RootData["user"] }) {
  const location = useLocation();
  // The current section is the longest link that the address starts with, so on /funding/tracker only
  // "Funding tracker" is the current page, not "Funding requests" (/funding) as well.
  const currentHref = user?.navigation
    .filter((item) => location.pathname === item.href || location.pathname.startsWith(`${item.href}/`))
    .reduce<string | undefined>((longest, item) => (longest && longest.length >= item.href.length ? longest : item.href), undefined);
  return (
    <>
      <InPageLink targetId="main-content" className="sr-only block bg-focus p-2 text-ink underline focus:not-sr-only focus:p-2 focus:text-ink">
        Skip to main content
      </InPageLink>
      <header className="border-b-[10px] border-link bg-brand text-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <a href={user ? "/home" : "/"} className="text-xl font-bold !text-white no-underline hover:underline sm:text-2xl">
            {SERVICE_NAME}
          </a>
          {user ? (
            <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-base">
              {user.searchesFunding ? <FundingSearch /> : null}
              <span>{user.name}</span>
              <ActingAs user={user} />
              <PortalForm action="/logout">
                <button type="submit" className="cursor-pointer font-bold text-white underline hover:decoration-[3px]">
                  Sign out
                </button>
              </PortalForm>
            </div>
          ) : null}
        </div>
      </header>
      {user ? (
        <nav aria-label="Main" className="border-b border-border bg-panel">
          <ul className="mx-auto flex max-w-5xl flex-wrap gap-x-6 gap-y-1 px-4 py-2">
            {user.navigation.map((item) => {
              const current = item.href === currentHref;
              return (
                <li key={item.href}>
                  <a
                    href={item.href}
                    aria-current={current ? "page" : undefined}
                    aria-label={item.href === "/notifications" ? unreadLabel(item.label, user.unreadNotifications) : undefined}
                    className={`inline-block py-1 !text-ink ${current ? "font-bold" : ""}`}
                  >
                    {item.label}
                    {item.href === "/notifications" ? <UnreadBadge count={user.unreadNotifications} /> : null}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
      ) : null}
    </>
  );
}

/**
 * "Acting as: SENCO, Oakfield Primary School". A person with several memberships switches here (a POST, so it
 * works without JavaScript and is audited); the page they land on is the new membership's home.
 */
function ActingAs({ user }: { user: NonNullable<RootData["user"]> }) {
  if (user.memberships.length === 0) {
    return (
      <span>
        Acting as: <span className="text-[#dde3ec]">{user.actingAs.label}</span>
      </span>
    );
  }
  return (
    <PortalForm action="/session/acting-as" className="flex flex-wrap items-center gap-2">
      <label htmlFor="acting-as">Acting as:</label>
      <select id="acting-as" name="membership" defaultValue={user.actingAs.key} className="max-w-full border-2 border-white bg-white px-1 py-0.5 text-ink">
        {user.memberships.map((m) => (
          <option key={m.key} value={m.key}>
            {m.label}
          </option>
        ))}
      </select>
      <button type="submit" className="cursor-pointer font-bold text-white underline hover:decoration-[3px]">
        Switch
      </button>
    </PortalForm>
  );
}

/** The officer's search (ADR 30): a reference goes straight to the request, a school's name or URN to the queue. */
function FundingSearch() {
  return (
    <form method="get" action="/funding" role="search" aria-label="Funding requests" className="flex items-center gap-1">
      <label htmlFor="header-search" className="sr-only">
        Search funding requests by reference, school or URN
      </label>
      <input id="header-search" name="q" type="search" maxLength={100} placeholder="Reference, school or URN" className="w-52 border-2 border-white bg-white px-1 py-0.5 text-ink" />
      <button type="submit" className="cursor-pointer font-bold text-white underline hover:decoration-[3px]">
        Search
      </button>
    </form>
  );
}

/** "99+" past the cap. */
function unreadCount(count: number) {
  return count > 99 ? "99+" : String(count);
}

/**
 * How the Notifications link is read out: "Notifications, 3 unread", given as the link's name. Without it,
 * screen readers read the visually hidden comma (positioned out of the text flow) with a space before it.
 */
function unreadLabel(label: string, count: number) {
  return count > 0 ? `${label}, ${unreadCount(count)} unread` : undefined;
}

/** The unread count after "Notifications": "Notifications, 3 unread" as text, the count in a badge. */
function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <>
      <span className="sr-only">, </span>
      <span className="ml-1.5 inline-block min-w-6 rounded-full bg-error px-1.5 text-center text-sm font-bold leading-6 text-white">
        {unreadCount(count)}
        <span className="sr-only"> unread</span>
      </span>
    </>
  );
}

/** GOV.UK phase banner. Its link takes the page it was on to the feedback form (ADR 26), which checks it again. */
function PhaseBanner() {
  const { pathname } = useLocation();
  const feedback = pathname === "/feedback" ? "/feedback" : `/feedback?from=${encodeURIComponent(pathname)}`;
  return (
    <div data-print="hide" className="mx-auto w-full max-w-5xl border-b border-border px-4 py-2 text-base">
      <strong className="mr-2 inline-block bg-link px-2 py-0.5 text-sm font-bold uppercase tracking-wide text-white">Beta</strong>
      This is a new service. <a href={feedback}>Give your feedback</a> to help the SEND team at Kent County Council improve it.
    </div>
  );
}

function Footer({ sessionEndsAt }: { sessionEndsAt?: string }) {
  return (
    <footer className="mt-auto border-t border-border bg-panel">
      <div className="mx-auto max-w-5xl px-4 py-6 text-base">
        <h2 className="sr-only">Support links</h2>
        <ul className="mb-4 flex flex-wrap gap-x-6 gap-y-2">
          <li>
            <a href="/accessibility" className="!text-ink">
              Accessibility statement
            </a>
          </li>
          <li>
            <a href="/privacy" className="!text-ink">
              Privacy notice
            </a>
          </li>
        </ul>
        {sessionEndsAt ? (
          <p className="mb-2">
            For your security, you will be signed out at {formatTime(sessionEndsAt)} if you do nothing before then.
          </p>
        ) : null}
        <p>A service of Kent County Council for schools supporting children with special educational needs and disabilities.</p>
      </div>
    </footer>
  );
}

function Layout({ children, user, title }: { children: ReactNode; user: RootData["user"]; title: string }) {
  return (
    <Document title={title}>
      <Header user={user} />
      <PhaseBanner />
      <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 pb-12 pt-8 focus:outline-none">
        {children}
      </main>
      <Footer sessionEndsAt={user?.sessionEndsAt} />
      {user ? <SessionTimeout endsAt={user.sessionEndsAt} /> : null}
    </Document>
  );
}


export default function App() {
  const data = useRouteLoaderData<RootData>("root");
  const title = usePageTitle();
  return (
    <Layout user={data?.user ?? null} title={title}>
      <Outlet />
    </Layout>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<RootData>("root");
  let heading = "Sorry, there is a problem with the service";
  let body: ReactNode = <p className="mb-4">Try again later. If it keeps happening, contact the SEND team at Kent County Council.</p>;
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      heading = "Page not found";
      body = (
        <>
          <p className="mb-4">If you typed the web address, check it is correct.</p>
          <p className="mb-4">If you pasted the web address, check you copied the entire address.</p>
          <p className="mb-4">
            <a href="/home">Go to your home page</a>
          </p>
        </>
      );
    } else if (error.status === 503) {
      heading = "Sorry, the service is unavailable";
      body = (
        <>
          <p className="mb-4">The portal cannot reach its database at the moment. Nothing you have saved is lost.</p>
          <p className="mb-4">Try again in a few minutes. If you were filling in a form, go back: your answers are still there.</p>
        </>
      );
    } else if (error.status === 403) {
      heading = "Your form could not be sent";
      body = (
        <>
          <p className="mb-4">The form had expired or came from another site, so it was not sent and nothing was changed.</p>
          <p className="mb-4">Go back, reload the page and try again.</p>
        </>
      );
    } else if (error.status === 400 || error.status === 405 || error.status === 413) {
      heading = "The request could not be understood";
      body = <p className="mb-4">Nothing was changed. Go back and try again.</p>;
    }
  }
  return (
    <Layout user={data?.user ?? null} title={`${heading} - ${SERVICE_NAME}`}>
      <h1 className="mb-8 text-3xl font-bold sm:text-5xl">{heading}</h1>
      {body}
    </Layout>
  );
}
