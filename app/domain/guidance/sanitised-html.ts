declare const sanitised: unique symbol;

/**
 * HTML that has been through the guidance library's sanitiser (renderArticleMarkdown, markdown.server.ts) and only
 * that: the one kind of string components/markdown.tsx will draw as HTML. A plain string is not one, so no other
 * text can reach the page as markup by mistake. Client-safe (a type only).
 */
export type SanitisedHtml = string & { readonly [sanitised]: true };
