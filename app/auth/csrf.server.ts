import { timingSafeEqual } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";

export const CSRF_FIELD = "csrf";

function sameToken(a: string, b: string) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/**
 * Reads a POSTed form, refusing it (403) unless it carries this browser's CSRF token. server.ts also refuses
 * cross-site POSTs by their Origin and Sec-Fetch-Site headers; this is the second, independent check.
 * Every action reads its form through here.
 */
export async function readForm(request: Request, context: Pick<AppLoadContext, "csrfToken">): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response("The form could not be read", { status: 400, statusText: "Bad Request" });
  }
  const token = form.get(CSRF_FIELD);
  if (typeof token !== "string" || !sameToken(token, context.csrfToken)) {
    throw new Response("The form has expired. Go back, reload the page and try again.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
  return form;
}
