import { createContext, useContext, useEffect, useSyncExternalStore } from "react";

/**
 * Whether the page shows a refused form, for the "Error: " in front of its title (GOV.UK's pattern, ADR 25).
 *
 * Two readings, one answer:
 * - As the page is drawn (the server's render, and the browser's hydration of it): the provider's value.
 *   entry.server.tsx works it out from the actions' replies (`formWasRefused`); entry.client.tsx reads it back
 *   from the title the server wrote, so the first render in the browser matches the HTML exactly.
 * - Afterwards, in the browser: whether an error summary with errors is on the page. ErrorSummary says so
 *   while it shows errors (`useShowsPageErrors`), so a form refused by fetch (JavaScript on) gets "Error: "
 *   and the next page, or the same form put right, loses it.
 *
 * Public React and Remix API only: no React Router internals.
 */
export const PageErrorsContext = createContext(false);

// How many error summaries with errors are on the page now. Only the browser changes it (effects never run
// on the server), and one document has one page at a time.
let showing = 0;
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function changeShowing(by: 1 | -1) {
  showing += by;
  for (const listener of listeners) listener();
}

const showingNow = () => showing > 0;

/** For the root: whether the title gets "Error: ". */
export function usePageHasErrors(): boolean {
  const asDrawn = useContext(PageErrorsContext);
  return useSyncExternalStore(subscribe, showingNow, () => asDrawn);
}

/**
 * For ErrorSummary: marks the page as showing errors while `active`, and unmarks it when they are put right
 * or the summary goes (the next page). Effects of a page run before the root's check of the store after
 * hydration, so a page drawn with errors keeps its title without a flicker.
 */
export function useShowsPageErrors(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    changeShowing(1);
    return () => changeShowing(-1);
  }, [active]);
}

/**
 * Whether any route's action refused its form, from the action data by route id (the server's
 * `staticHandlerContext.actionData`): a Conform reply (with `answers` naming the form on a page with several,
 * ADR 27) whose status is "error" or that carries any error messages.
 */
export function formWasRefused(actionData: Record<string, unknown> | null | undefined): boolean {
  return Object.values(actionData ?? {}).some((reply) => {
    if (!reply || typeof reply !== "object") return false;
    const { status, error } = reply as { status?: unknown; error?: unknown };
    return status === "error" || Boolean(error && typeof error === "object" && Object.keys(error).length > 0);
  });
}
