import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce.ts";
import { formWasRefused, PageErrorsContext } from "./components/page-errors.ts";
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
  // "Error: " in the title of a page whose form was refused (ADR 25): known from the actions' replies before
  // anything is drawn, so it is there without JavaScript.
  const refused = formWasRefused(remixContext.staticHandlerContext.actionData);
  // The whole page is rendered before it is sent (no page uses streaming or defer): one buffer means one
  // write and one compression call, instead of one per rendered chunk, which cost a sixth of a page's CPU.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on("data", (chunk: Buffer) => chunks.push(chunk));
    sink.on("end", () => {
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
    });
    sink.on("error", reject);
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={loadContext.cspNonce}>
        <PageErrorsContext.Provider value={refused}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={loadContext.cspNonce} />
        </PageErrorsContext.Provider>
      </NonceContext.Provider>,
      {
        nonce: loadContext.cspNonce,
        onAllReady() {
          pipe(sink);
        },
        onShellError(error: unknown) {
          reject(error instanceof Error ? error : new Error(String(error)));
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          console.error(error instanceof Error ? `${error.name}: ${error.message}` : "render error");
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
