import { z } from "zod";
import { idField, versionField } from "../record.schema.ts";
import { withoutMarkers } from "./highlight.ts";

/** Client-safe schemas for writing guidance articles (ADR 54): shared by the forms and the routes' actions. */

export const TITLE_MAX = 200;
export const SUMMARY_MAX = 600;
/** The Markdown's longest: a long article is a few thousand words; this is several times that. */
export const BODY_MAX = 60_000;

function text(label: string, max: number, enter: string) {
  return z
    .string({ error: enter })
    .trim()
    .min(1, enter)
    .max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .transform(withoutMarkers);
}

const codes = (pattern: RegExp, message: string) =>
  z
    .array(z.string().regex(pattern, message))
    .max(20, message)
    .optional()
    .transform((v) => [...new Set(v ?? [])].sort());

export const articleSchema = z.object({
  title: text("The title", TITLE_MAX, "Enter the article's title"),
  summary: text("The summary", SUMMARY_MAX, "Enter a summary: readers see it in the list and in search results"),
  body: z
    .string({ error: "Enter the article, in Markdown" })
    .trim()
    .min(1, "Enter the article, in Markdown")
    .max(BODY_MAX, `The article must be ${BODY_MAX.toLocaleString("en-GB")} characters or fewer`)
    // Line endings as one (a browser sends CRLF): the same text saved twice is the same version.
    .transform((v) => withoutMarkers(v).replace(/\r\n?/g, "\n")),
  needCodes: codes(/^[A-Z]{2,6}$/, "Select the areas of need from the list"),
  topicCodes: codes(/^[a-z][a-z0-9-]{1,39}$/, "Select the topics from the list"),
  ownerUserId: idField("Select who owns the article"),
});

export type ArticleInput = z.output<typeof articleSchema>;

export const changeArticleSchema = articleSchema.extend({ intent: z.literal("save"), version: versionField });

/** A step on an article page (publish, mark as reviewed, archive, restore): its intent and the version seen. */
export const articleStepSchema = z.object({
  intent: z.enum(["publish", "reviewed", "archive", "restore"]),
  version: versionField,
});

/** The library's search form (GET): what was typed, a tag, the page. Anything odd is dropped, never an error. */
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
