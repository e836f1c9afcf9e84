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
 * when it was stale; the id must then stay as it was, or Conform would drop what was typed and its errors.
 * So the id follows the version only while there is no action data (no refused POST on screen).
 */
export function useFormVersion(version: number, actionData: unknown): number {
  const [formVersion, setFormVersion] = useState(version);
  if (!actionData && formVersion !== version) {
    setFormVersion(version);
    return version;
  }
  return formVersion;
}
