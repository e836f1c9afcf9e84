import type { Segment } from "~/domain/guidance/highlight.ts";
import type { SanitisedHtml } from "~/domain/guidance/sanitised-html.ts";

/**
 * GOV.UK typography for an article's body, by the wrapper's descendant rules: the HTML itself carries no classes
 * (the sanitiser lets none through). Whole class names, so Tailwind finds them.
 */
const TYPOGRAPHY = [
  "max-w-3xl text-lg",
  "[&_h2]:mb-4 [&_h2]:mt-8 [&_h2]:text-2xl [&_h2]:font-bold",
  "[&_h3]:mb-3 [&_h3]:mt-6 [&_h3]:text-xl [&_h3]:font-bold",
  "[&_h4]:mb-2 [&_h4]:mt-4 [&_h4]:font-bold",
  "[&_p]:mb-4",
  "[&_ul]:mb-4 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:mb-4 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:mb-1",
  "[&_blockquote]:mb-4 [&_blockquote]:border-l-[10px] [&_blockquote]:border-border [&_blockquote]:pl-4",
  "[&_code]:font-mono [&_pre]:mb-4 [&_pre]:overflow-x-auto [&_pre]:bg-panel [&_pre]:p-2",
  "[&_hr]:my-8 [&_hr]:border-border",
  "[&_table]:mb-6 [&_table]:w-full [&_th]:border-b [&_th]:border-border [&_th]:py-2 [&_th]:pr-4 [&_th]:text-left [&_td]:border-b [&_td]:border-border [&_td]:py-2 [&_td]:pr-4",
].join(" ");

/**
 * An article's body. The portal's only dangerouslySetInnerHTML: it is safe because `sanitisedHtml` is only ever
 * the output of renderArticleMarkdown (app/domain/guidance/markdown.server.ts; its type, SanitisedHtml, is made
 * nowhere else, so a plain string does not type-check here), which parses the Markdown with `marked`, drops raw
 * HTML and images, and passes the result through `sanitize-html` keeping only typography tags, links with
 * http(s)/mailto or relative addresses (rel="noopener noreferrer"), and no other attribute: no script, style, event
 * handler or javascript:/data: address can reach the page (tests/integration/guidance-markdown.test.ts).
 */
export function ArticleBody({ sanitisedHtml }: { sanitisedHtml: SanitisedHtml }) {
  return (
    // The sanitiser's output, and only it (see above): the one exception to the rule against raw HTML.
    // eslint-disable-next-line no-restricted-syntax
    <div className={TYPOGRAPHY} dangerouslySetInnerHTML={{ __html: sanitisedHtml }} />
  );
}

/** Search's highlighted text: plain text, with the matching words in <mark> (the browser's own yellow, black text), all drawn by React as text. */
export function Highlighted({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}
    </>
  );
}
