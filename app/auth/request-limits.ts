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
  /** Time the server waits for a whole request (headers and body) before it answers 408 and closes. */
  requestTimeoutMs: 30_000,
  /** Time for the headers alone. */
  headersTimeoutMs: 20_000,
} as const;

/**
 * The body limit for a path: the route's own, else the default. A form sent with JavaScript goes to the page's
 * data address (Remix's single fetch: `/login.data`), which has the page's limit.
 */
export function bodyLimitFor(pathname: string): number {
  const page = pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
  const route = REQUEST_LIMITS.bodyBytes.routes.find((r) => r.path === page);
  return route?.bytes ?? REQUEST_LIMITS.bodyBytes.default;
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
