import { timingSafeEqual } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { formProblem } from "./request-limits.ts";

export const CSRF_FIELD = "csrf";

function sameToken(a: string, b: string) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** The refusal of a form without this browser's CSRF token (403). */
export function expiredForm(): Response {
  return new Response("The form has expired. Go back, reload the page and try again.", { status: 403, statusText: "Forbidden" });
}

/** The refusal of a form beyond the bounds, or that could not be read (400). */
export function unreadableForm(): Response {
  return new Response("The form could not be read", { status: 400, statusText: "Bad Request" });
}

/** Whether a form's CSRF field holds this browser's token (for readForm, and the upload reader, upload-form.server.ts). */
export function csrfFieldMatches(form: FormData, context: Pick<AppLoadContext, "csrfToken">): boolean {
  const token = form.get(CSRF_FIELD);
  return typeof token === "string" && sameToken(token, context.csrfToken);
}

/**
 * Reads a POSTed form, refusing it (403) unless it carries this browser's CSRF token, and refusing (400) a
 * form beyond the bounds in request-limits.ts before anything is built from it. server.ts also refuses
 * cross-site POSTs by their Origin and Sec-Fetch-Site headers; the token is the second, independent check.
 * Every action reads its form through here.
 */
export async function readForm(request: Request, context: Pick<AppLoadContext, "csrfToken">): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw unreadableForm();
  }
  if (!csrfFieldMatches(form, context)) throw expiredForm();
  if (formProblem(form.entries()) !== null) throw unreadableForm();
  return form;
}
