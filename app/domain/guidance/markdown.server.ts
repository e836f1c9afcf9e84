import { Marked, type Token } from "marked";
import sanitizeHtml from "sanitize-html";
import type { SanitisedHtml } from "./sanitised-html.ts";

/**
 * Guidance articles' Markdown to HTML, on the server (ADR 54): parsed by `marked`, then cleaned by `sanitize-html`,
 * which keeps only the tags of a document's typography and a link's address, so whatever an author types, no
 * script, raw HTML, style, event attribute, image or `javascript:`/`data:` link reaches a reader. Rendered when
 * read (not stored): a tightened rule applies to every article at once. The page draws the result in one component
 * (components/markdown.tsx), which styles it to GOV.UK typography; the HTML itself carries no classes.
 */

const parser = new Marked({
  gfm: true,
  async: false,
  renderer: {
    // Raw HTML in the Markdown (a block or an inline tag) is dropped, not passed on: the sanitiser below would
    // take it out anyway; dropping it here means none of it is ever even handed to the sanitiser as markup.
    html: () => "",
    // No images: an article links to what it shows (an image's address could be anything, a data: URL among them).
    image: ({ text }) => text,
  },
});

const ALLOWED_TAGS = ["h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "del", "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td"];

const SANITISE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  // A link's address and title; nothing else on any tag (no class, style, id or on* attribute).
  allowedAttributes: { a: ["href", "title", "rel"], ol: ["start"] },
  allowedSchemes: ["https", "http", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // Anything else is taken out with its content when it is code (script, style...), else its text kept.
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "svg", "math", "iframe", "object", "template"],
  transformTags: {
    // The page's title is the article's only h1: a Markdown "#" heading becomes a section heading.
    h1: "h2",
    h5: "h4",
    h6: "h4",
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener noreferrer" } }),
  },
};

/** The article's Markdown as sanitised HTML, ready for the one component that draws it. */
export function renderArticleMarkdown(markdown: string): SanitisedHtml {
  const html = parser.parse(markdown) as string;
  return sanitizeHtml(html, SANITISE) as SanitisedHtml;
}

function collectText(tokens: Token[] | undefined, out: string[]) {
  for (const token of tokens ?? []) {
    if (token.type === "html" || token.type === "space" || token.type === "hr" || token.type === "br") continue;
    if (token.type === "list") {
      for (const item of token.items) {
        collectText(item.tokens, out);
        out.push("\n");
      }
      continue;
    }
    if (token.type === "table") {
      const cells = [token.header, ...token.rows];
      for (const row of cells) {
        for (const cell of row) {
          collectText(cell.tokens, out);
          out.push(" ");
        }
        out.push("\n");
      }
      continue;
    }
    if ("tokens" in token && Array.isArray(token.tokens) && token.tokens.length > 0) {
      collectText(token.tokens, out);
      if (token.type === "paragraph" || token.type === "heading" || token.type === "blockquote") out.push("\n");
      continue;
    }
    if ("text" in token && typeof token.text === "string") out.push(token.type === "code" ? `${token.text}\n` : token.text);
  }
}

/** The article's words as plain text (no Markdown, no HTML): what search ranks and highlights. */
export function markdownPlainText(markdown: string): string {
  const out: string[] = [];
  collectText(parser.lexer(markdown), out);
  return out
    .join("")
    .replace(/[ \t]+/g, " ")
    .replace(/\n{2,}/g, "\n")
    .trim();
}
