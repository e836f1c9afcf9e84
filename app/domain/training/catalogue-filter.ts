import { type DateParts, type DateRangeReading, readDateRange, setDateRange } from "../date-parts.ts";

/** The schools' list of upcoming events, filtered: read from the query string. Zod-free: the page shares it. */
export interface CatalogueFilter {
  programme: string;
  needArea: string;
  district: string;
  from: DateParts;
  to: DateParts;
  /** Only events with a free place. */
  free: boolean;
  page: number;
}

export interface CatalogueFilterReading {
  filter: CatalogueFilter;
  fromIso: string | null;
  toIso: string | null;
  errors: DateRangeReading["errors"];
}

const ID = /^[1-9][0-9]{0,8}$/;

export function readCatalogueFilter(params: URLSearchParams): CatalogueFilterReading {
  const range = readDateRange(params);
  const text = (name: string, max: number) => (params.get(name) ?? "").trim().slice(0, max);
  const page = Number(params.get("page"));
  const programme = text("programme", 10);
  const district = text("district", 10);
  const filter: CatalogueFilter = {
    programme: ID.test(programme) ? programme : "",
    needArea: text("needArea", 100),
    district: ID.test(district) ? district : "",
    from: range.from,
    to: range.to,
    free: params.get("free") === "yes",
    page: Number.isSafeInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
  return { filter, fromIso: range.fromIso, toIso: range.toIso, errors: range.errors };
}

/** The list's address for a page under a filter: every filter kept, defaults left out. */
export function catalogueHref(filter: CatalogueFilter, page: number): string {
  const params = new URLSearchParams();
  const add = (name: string, value: string | undefined) => {
    if (value) params.set(name, value);
  };
  add("programme", filter.programme);
  add("needArea", filter.needArea);
  add("district", filter.district);
  setDateRange(params, filter);
  if (filter.free) params.set("free", "yes");
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/training${query ? `?${query}` : ""}`;
}
