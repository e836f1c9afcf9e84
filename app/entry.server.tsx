import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { isDatabaseUnavailable } from "./db.server.ts";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A loader that failed because the database is down answers 503, not 500: the service is unavailable,
  // not broken, and load balancers and monitors should see the difference.
  const errors = remixContext.staticHandlerContext.errors;
  if (responseStatusCode === 500 && errors && Object.values(errors).some(isDatabaseUnavailable)) {
    responseStatusCode = 503;
  }
  const bot = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={loadContext.cspNonce} />,
      {
        nonce: loadContext.cspNonce,
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error instanceof Error ? error : new Error(String(error)));
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1_000);
  });
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests and thrown responses (404 for what a user may not see, 403 for a stale form, 503 while
  // the database is down) are answers, not faults: they are in the request log already.
  if (request.signal.aborted || error instanceof Response || isRouteErrorResponse(error)) return;
  // Logged without the request's body or query: they can hold personal data.
  if (error instanceof Error) console.error(`${new URL(request.url).pathname}: ${error.name}: ${error.message}`);
  else console.error(`${new URL(request.url).pathname}: error`, typeof error);
};
