/**
 * GOV.UK pagination: Previous and Next, the first and last page, the current page and its neighbours, and
 * ellipses between. `hrefFor(page)` keeps every filter as chosen. Nothing shows for a single page.
 */
export function Pagination({ page, pageCount, hrefFor, label = "Pages" }: { page: number; pageCount: number; hrefFor: (page: number) => string; label?: string }) {
  if (pageCount <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
  const items: (number | "gap")[] = [];
  shown.forEach((p, i) => {
    if (i > 0 && p - shown[i - 1]! > 1) items.push("gap");
    items.push(p);
  });
  return (
    <nav aria-label={label} className="mb-8 flex flex-wrap items-center gap-x-4 gap-y-2">
      {page > 1 ? (
        <a href={hrefFor(page - 1)} rel="prev" className="font-bold">
          Previous<span className="sr-only"> page</span>
        </a>
      ) : null}
      <ul className="flex flex-wrap gap-x-3">
        {items.map((item, i) =>
          item === "gap" ? (
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={item}>
              {item === page ? (
                <a href={hrefFor(item)} aria-current="page" aria-label={`Page ${item}`} className="bg-link px-2 font-bold !text-white">
                  {item}
                </a>
              ) : (
                <a href={hrefFor(item)} aria-label={`Page ${item}`} className="px-2">
                  {item}
                </a>
              )}
            </li>
          ),
        )}
      </ul>
      {page < pageCount ? (
        <a href={hrefFor(page + 1)} rel="next" className="font-bold">
          Next<span className="sr-only"> page</span>
        </a>
      ) : null}
    </nav>
  );
}
