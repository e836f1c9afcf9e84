/**
 * The library's search form (GET, ADR 55): what was typed, a tag, the page, read from the address and written back
 * into links. Client-safe and without zod (pages import it, and what a page imports is sent to the browser, ADR 7).
 */
/** What was typed, a tag, the page. Anything odd is dropped, never an error. */
export interface LibraryQuery {
  q: string;
  tag: string;
  page: number;
}

export const QUERY_MAX = 200;

export function readLibraryQuery(params: URLSearchParams): LibraryQuery {
  const q = (params.get("q") ?? "").replace(/\s+/g, " ").trim().slice(0, QUERY_MAX);
  const tag = params.get("tag") ?? "";
  const page = Number(params.get("page") ?? "1");
  return {
    q,
    tag: /^([A-Z]{2,6}|[a-z][a-z0-9-]{1,39})$/.test(tag) ? tag : "",
    page: Number.isSafeInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

export function libraryHref(query: Partial<LibraryQuery>): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.tag) params.set("tag", query.tag);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  const s = params.toString();
  return s ? `/guidance?${s}` : "/guidance";
}
