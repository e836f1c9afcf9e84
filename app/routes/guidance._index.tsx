import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { Highlighted } from "~/components/markdown.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Pagination } from "~/components/ui/pagination.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { libraryHref, QUERY_MAX, readLibraryQuery } from "~/domain/guidance/library-query.ts";
import { ARTICLE_STATUS_LABELS } from "~/domain/guidance/guidance.workflow.ts";
import { searchLibrary } from "~/domain/guidance/search.server.ts";

export const handle = { title: (data: unknown) => ((data as { query?: { q: string } } | undefined)?.query?.q ? "Search the guidance library" : "Guidance library") };

/** The library: searched or browsed by a GET form (it works without JavaScript), paged. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "guidance:view");
  const query = readLibraryQuery(new URL(request.url).searchParams);
  const library = await orUnavailable(() => searchLibrary(context.db, actor, query));
  return { query, library };
}

export default function GuidanceLibrary() {
  const { query, library } = useLoaderData<typeof loader>();
  const searched = library.searchedFor ?? query.q;
  const what = [searched ? `for “${searched}”` : null, library.tagName ? `tagged ${library.tagName}` : null].filter(Boolean).join(", ");
  const caption = `${library.total} ${library.total === 1 ? "article" : "articles"}${what ? ` ${what}` : ""}${
    library.pageCount > 1 ? `, page ${library.page} of ${library.pageCount}` : ""
  }${searched ? ", best match first" : ", by title"}`;
  return (
    <>
      <PageHeading>Guidance library</PageHeading>
      <p className="mb-6 max-w-3xl">
        Guidance on inclusive practice in Kent&apos;s schools, written by Inclusion Champions and council officers.
        {library.seesDrafts ? (
          <>
            {" "}
            <a href="/guidance/new">Write an article</a> · <a href="/guidance/yours">Your articles</a>
          </>
        ) : null}
      </p>
      <Form method="get" role="search" aria-label="Guidance library" className="mb-8 max-w-3xl">
        <div className="flex flex-wrap items-end gap-4">
          <div className="min-w-0 flex-1">
            <label htmlFor="guidance-q" className="mb-1 block font-bold">
              Search the library
            </label>
            <input
              id="guidance-q"
              name="q"
              type="search"
              defaultValue={query.q}
              maxLength={QUERY_MAX}
              className="block w-full border-2 border-ink px-2 py-1.5 text-lg"
            />
          </div>
          <div>
            <label htmlFor="guidance-tag" className="mb-1 block font-bold">
              Tag
            </label>
            <select id="guidance-tag" name="tag" defaultValue={query.tag} className="block max-w-full border-2 border-ink bg-white px-2 py-1.5">
              <option value="">Any tag</option>
              <optgroup label="Areas of need">
                {library.tags.needs.map((n) => (
                  <option key={n.code} value={n.code}>
                    {n.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Topics">
                {library.tags.topics.map((t) => (
                  <option key={t.code} value={t.code}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <Button variant="secondary" className="!mb-0">
            Search
          </Button>
        </div>
        {query.q || query.tag ? (
          <p className="mt-2">
            <a href="/guidance">Clear the search</a>
          </p>
        ) : null}
      </Form>
      {library.searchedFor ? (
        <p className="mb-4 max-w-3xl" role="status">
          No articles matched “{query.q}”. Showing results for <strong>{library.searchedFor}</strong> instead.
        </p>
      ) : null}
      {library.didYouMean ? (
        <p className="mb-4 max-w-3xl">
          Did you mean <a href={libraryHref({ q: library.didYouMean, tag: query.tag })}>{library.didYouMean}</a>?
        </p>
      ) : null}
      <h2 className="mb-4 text-2xl font-bold">{caption}</h2>
      {library.rows.length === 0 ? (
        <p className="mb-8">No articles found. Check the spelling, use fewer words, or browse by tag.</p>
      ) : (
        <ol className="mb-8 max-w-3xl">
          {library.rows.map((row) => (
            <li key={row.slug} className="border-b border-border py-4">
              <h3 className="mb-1 text-xl font-bold">
                <a href={`/guidance/${row.slug}`}>
                  <Highlighted segments={row.title} />
                </a>
              </h3>
              {library.seesDrafts && row.status !== "published" ? (
                <p className="mb-1">
                  <Tag colour={row.status === "archived" ? "grey" : "blue"}>{ARTICLE_STATUS_LABELS[row.status]}</Tag>
                </p>
              ) : null}
              {row.overdueForYou ? <p className="mb-1 font-bold text-error">You own this article and it is overdue for review</p> : null}
              <p className="mb-1">
                <Highlighted segments={row.summary} />
              </p>
              {row.passage ? (
                <p className="text-secondary-ink">
                  <Highlighted segments={row.passage} />
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <Pagination page={library.page} pageCount={library.pageCount} hrefFor={(page) => libraryHref({ q: query.q, tag: query.tag, page })} label="Pages of results" />
    </>
  );
}
