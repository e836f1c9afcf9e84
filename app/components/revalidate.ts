import type { ShouldRevalidateFunction } from "@remix-run/react";
import { useState } from "react";

/**
 * For a page whose form can be refused after it changed something, or because someone else changed the record
 * (a stale version, 409): reload the page's own data after every POST, refused (4xx) or not, as the browser does
 * without JavaScript. Remix (with single fetch) otherwise keeps the data from before a refused POST: the page
 * went on showing the old record under "The page now shows their change", and every retry sent the old
 * version again and was refused again. Export it from the route as `shouldRevalidate`.
 */
export const reloadAfterPost: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" || defaultShouldRevalidate;

/**
 * The version to build a version-checked form's id from. Conform keeps a form's first values while its id is
 * unchanged, so the id carries the record's version: after a save that comes back to the page, the form starts
 * again from what was saved. But a refused POST also reloads the data (see reloadAfterPost), with a newer version
 * when it was stale or when the refusal saved what it could; the id must then stay as it was, or Conform would
 * drop what was typed and its errors. So the id follows the version only when new data arrives with no action
 * data (no refused POST on screen). A navigation that loads nothing (a fragment link) also drops the action data;
 * with the version unchanged since the last render, the id stays, and so do the answers typed.
 */
export function useFormVersion(version: number, actionData: unknown): number {
  const [state, setState] = useState({ formVersion: version, seen: version });
  if (state.seen !== version) {
    const next = { formVersion: actionData ? state.formVersion : version, seen: version };
    setState(next);
    return next.formVersion;
  }
  return state.formVersion;
}

/**
 * The version a version-checked form sends: the page's, or the one a refused POST says it saved (a draft's partial
 * save, `Refusal.version`) when that is newer. With JavaScript the refusal shows as soon as the POST answers, and
 * the page's data only reloads after it: a person who puts the answer right and saves at once would otherwise send
 * the version from before their own partial save, and be told that someone else had changed the record.
 */
export function useSentVersion(version: number, actionData: unknown): number {
  const saved = actionData && typeof actionData === "object" && "version" in actionData ? actionData.version : undefined;
  return typeof saved === "number" && saved > version ? saved : version;
}
