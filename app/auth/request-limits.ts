/**
 * The bounds every request must keep, in one place. server/app.ts refuses an oversized body before it is read
 * (413) and an address with a NUL byte (400); the form reader (csrf.server.ts) refuses, before anything is
 * built from a form, field names and counts no form of the portal's sends (400). They are generous for what
 * the portal's own pages send and small enough that nothing built from a request can take much memory or time
 * (ADR 0014).
 */
export const REQUEST_LIMITS = {
  /** Request bodies, in bytes: the default, and smaller ones for forms that carry a few short fields. */
  bodyBytes: {
    default: 100 * 1024,
    routes: [
      { path: "/login", bytes: 8 * 1024 },
      { path: "/logout", bytes: 2 * 1024 },
      { path: "/session/extend", bytes: 2 * 1024 },
      { path: "/account", bytes: 8 * 1024 },
      // Two answers of 500 and 1,200 characters, each of which may take 9 bytes once percent-encoded, and an email.
      { path: "/feedback", bytes: 24 * 1024 },
      // An evidence document (ADR 29): one file of up to 20 MB (checked as it streams in, with a page saying so)
      // and a few short fields; a body far beyond that is refused before it is read.
      // It is an upload: its body has the upload deadline, not the ordinary one (ADR 35).
      {
        path: "/funding/:ref/documents/new",
        bytes: 25 * 1024 * 1024,
        message: "The file is too large. Files must be smaller than 20 MB: go back and choose a smaller file.",
        upload: true,
      },
      // A CSV of staff to invite (ADR 59): a file of up to 256 KB (checked as it streams in) and a choice.
      { path: "/admin/invitations/upload", bytes: 512 * 1024, message: "The file is too large. It must be smaller than 256 KB: go back and split it into several files." },
      { path: "/school/invitations/upload", bytes: 512 * 1024, message: "The file is too large. It must be smaller than 256 KB: go back and split it into several files." },
      // A LIFT referral's signed Agreement to Engage (ADR 44): the same kind of upload.
      {
        path: "/lift/referrals/:ref/documents/new",
        bytes: 25 * 1024 * 1024,
        message: "The file is too large. Files must be smaller than 20 MB: go back and choose a smaller file.",
        upload: true,
      },
      // A GIAS extract (ADR 62): one CSV file of up to 60 MB, streamed to a temporary file as it arrives.
      {
        path: "/admin/schools/import",
        bytes: 61 * 1024 * 1024,
        message: "The file is too large. A GIAS extract must be smaller than 60 MB: go back and choose the file for your LA only.",
        upload: true,
      },
    ],
  },
  /** Fields in one form (the longest, a funding request, sends about 130). */
  fields: 500,
  /** Characters in one field's name (the longest the portal uses is under 40). */
  nameLength: 100,
  /** Segments in a field's name: `lines[3].cost` has three. */
  depth: 4,
  /** The largest list index in a field's name (`lines[99]`): a plan has at most 20 lines. */
  arrayIndex: 99,
  /**
   * Time the server waits for a request's body to arrive, once its headers have, before it answers 408 and closes
   * (server/app.ts, ADR 35). Every request but an upload's.
   */
  requestTimeoutMs: 30_000,
  /** Time for the headers alone (every request, uploads too: Node's own headersTimeout). */
  headersTimeoutMs: 20_000,
  /**
   * An upload's body (a route marked `upload`, ADR 35): 20 MB at 2 Mbit/s, a slow school connection, takes 80 s,
   * so it has ten minutes in all, but may never pause for longer than `uploadIdleMs`: a stalled upload ends then.
   */
  uploadTimeoutMs: 10 * 60_000,
  uploadIdleMs: 60_000,
} as const;

/** The server's time limits (REQUEST_LIMITS'), which tests shorten. */
export interface RequestTimeouts {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  uploadTimeoutMs: number;
  uploadIdleMs: number;
}

type BodyRoute = { path: string; bytes: number; message?: string; upload?: boolean };

/** Whether a path is the route's (`:name` stands for one segment). */
function matches(route: BodyRoute, pathname: string) {
  if (!route.path.includes(":")) return route.path === pathname;
  const want = route.path.split("/");
  const got = pathname.split("/");
  return want.length === got.length && want.every((segment, i) => (segment.startsWith(":") ? got[i] !== "" : segment === got[i]));
}

/**
 * The route whose limit a path has. A form sent with JavaScript goes to the page's data address (Remix's single
 * fetch: `/login.data`), which has the page's limit.
 */
function bodyRouteFor(pathname: string): BodyRoute | undefined {
  const page = pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
  return (REQUEST_LIMITS.bodyBytes.routes as readonly BodyRoute[]).find((r) => matches(r, page));
}

/** The body limit for a path: the route's own, else the default. */
export function bodyLimitFor(pathname: string): number {
  return bodyRouteFor(pathname)?.bytes ?? REQUEST_LIMITS.bodyBytes.default;
}

/** Whether a path's body is an upload's (a file), with the upload deadline rather than the ordinary one (ADR 35). */
export function isUploadPath(pathname: string): boolean {
  return bodyRouteFor(pathname)?.upload === true;
}

/** What a body over a path's limit is answered with (413). */
export function tooLargeMessage(pathname: string): string {
  return bodyRouteFor(pathname)?.message ?? "The form is too large.";
}

/** Conform's field for its intents; of them the portal's forms send only "validate" (a field checked again as it is corrected). */
const INTENT = "__intent__";
/** Conform's field for list state, which no form of the portal's uses. */
const STATE = "__state__";

/** A name segment: letters, digits, `_` and `-`, or a list index. */
const SEGMENT = /^(?:[A-Za-z0-9_-]+|\[\d{1,9}\])$/;
const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);

/**
 * Why a form's fields are beyond what the portal's forms send, or null when they are within bounds. Looks only
 * at the names and values as sent: nothing is built from them.
 */
export function formProblem(entries: Iterable<[string, FormDataEntryValue]>): string | null {
  let count = 0;
  for (const [name, value] of entries) {
    count += 1;
    if (count > REQUEST_LIMITS.fields) return `more than ${REQUEST_LIMITS.fields} fields`;
    if (typeof value === "string" && value.includes("\u0000")) return "a NUL character in a value";
    if (name === STATE) return `the reserved field ${name}`;
    if (name === INTENT) {
      if (typeof value !== "string" || !isValidateIntent(value)) return `a ${INTENT} the portal does not send`;
      continue;
    }
    const problem = nameProblem(name);
    if (problem) return problem;
  }
  return null;
}

function nameProblem(name: string): string | null {
  if (name.length === 0 || name.length > REQUEST_LIMITS.nameLength) return "a field name of the wrong length";
  const segments = name.split(/(?=\[)|\./);
  if (segments.length > REQUEST_LIMITS.depth) return "a field name nested too deeply";
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || FORBIDDEN_KEYS.has(segment)) return "a field name the portal does not use";
    if (segment.startsWith("[") && Number(segment.slice(1, -1)) > REQUEST_LIMITS.arrayIndex) return "a list index beyond the limit";
  }
  return null;
}

/**
 * Conform's "validate" intent, `{"type":"validate","payload":{"name":"email"}}`, naming a field within the same
 * bounds (or none: the whole form). Anything else Conform would act on (lists, updates) or fail to read.
 */
function isValidateIntent(value: string): boolean {
  if (value.length > 300) return false;
  let intent: unknown;
  try {
    intent = JSON.parse(value);
  } catch {
    return false;
  }
  if (typeof intent !== "object" || intent === null || Array.isArray(intent)) return false;
  const { type, payload } = intent as { type?: unknown; payload?: unknown };
  if (type !== "validate" || typeof payload !== "object" || payload === null || Array.isArray(payload)) return false;
  const keys = Object.keys(payload);
  const fieldName = (payload as { name?: unknown }).name;
  if (keys.some((k) => k !== "name")) return false;
  return fieldName === undefined || (typeof fieldName === "string" && nameProblem(fieldName) === null);
}

/** Whether an address (path and query, still percent-encoded) carries a NUL byte, raw or encoded. */
export function addressHasNul(url: string): boolean {
  return url.includes("\u0000") || /%00/i.test(url);
}
