import type express from "express";
import type { Logger } from "pino";
import { isUploadPath, type RequestTimeouts } from "../app/auth/request-limits.ts";

const TOO_SLOW = "The request took too long to arrive. Check your connection and try again.";

/** What a request whose body is too slow gets before its connection is closed: what Node itself sends, with words. */
const TIMED_OUT = [
  "HTTP/1.1 408 Request Timeout",
  "Connection: close",
  "Content-Type: text/plain; charset=utf-8",
  `Content-Length: ${Buffer.byteLength(TOO_SLOW)}`,
  "",
  TOO_SLOW,
].join("\r\n");

/** Set on `res.locals` for a POST to an upload's address: the route calls it once it has let the request in. */
export type AllowSlowUpload = () => void;

/**
 * The deadline for a request's body (ADR 35). Node's requestTimeout is one value for the whole server, so the
 * server's own is the longest any route has (an upload's), a backstop, and this middleware gives each request its own:
 * - every request: its body must have arrived `requestTimeoutMs` after its headers did;
 * - an upload (a POST to a route marked `upload` in request-limits.ts), once the route has let it in (a signed-in
 *   person who may upload: `res.locals.allowSlowUpload`, the load context's `allowSlowUpload`): `uploadTimeoutMs`
 *   from its headers, and never a pause of more than `uploadIdleMs` (the socket's idle timer, which Node moves on as
 *   its parser reads), so a stalled upload ends long before its deadline. Anyone else sending to that address, signed
 *   out or without the permission, keeps the ordinary deadline: a slow body buys nothing before the route's check.
 * A request past its time is answered 408, as Node answers one, and its connection closed, which also ends the
 * route's reading of the body. Headers keep Node's own headersTimeout, for every request.
 */
export function requestDeadlines(limits: RequestTimeouts, logger: Logger): express.RequestHandler {
  return (req, res, next) => {
    // No body, or all of it has arrived already: nothing to wait for.
    if (req.complete) return next();
    const socket = req.socket;
    const arrived = Date.now();
    let ended = false;
    const end = (why: "deadline" | "stalled") => {
      if (ended || req.complete) return;
      ended = true;
      logger.warn({ requestId: res.locals.requestId, method: req.method, path: req.path, why }, "request body too slow: connection closed");
      // Answered already (a route that did not need the body): nothing more to say, only the connection to close.
      if (!res.headersSent && socket.writable) socket.write(TIMED_OUT);
      socket.destroy();
    };
    let timer = setTimeout(() => end("deadline"), limits.requestTimeoutMs);
    timer.unref();
    // Fired by the socket's idle timer; a listener on the response also stops Node closing the socket by itself.
    const idle = () => {
      if (!req.complete) end("stalled");
      else if (!socket.destroyed) socket.setTimeout(0);
    };
    let slow = false;
    if (req.method === "POST" && isUploadPath(req.path)) {
      const allow: AllowSlowUpload = () => {
        if (slow || ended || req.complete) return;
        slow = true;
        clearTimeout(timer);
        timer = setTimeout(() => end("deadline"), Math.max(0, limits.uploadTimeoutMs - (Date.now() - arrived)));
        timer.unref();
        res.setTimeout(limits.uploadIdleMs, idle);
      };
      res.locals.allowSlowUpload = allow;
    }
    // All of it has arrived: handling it and answering are not held to these limits (keep-alive has its own).
    req.once("end", () => {
      clearTimeout(timer);
      if (!slow) return;
      res.off("timeout", idle);
      if (!socket.destroyed) socket.setTimeout(0);
    });
    // The connection is gone. (Not when the response finishes: a body still arriving after it keeps its deadline.)
    req.once("close", () => clearTimeout(timer));
    next();
  };
}
