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
