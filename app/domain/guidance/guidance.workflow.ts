import type { Role } from "../access/roles.ts";
import { canFlags, declareWorkflow } from "../workflow/workflow.ts";

/**
 * A guidance article as a case (ADR 20, ADR 54): written as a draft, published to everyone who reads the library,
 * archived when it no longer holds (and restored to a draft to be worked on again). Steps:
 * - edit: its title, summary, Markdown, tags or owner changed at the version the writer saw (every version kept);
 * - publish: readers see it from now on; publishing counts as a review;
 * - markReviewed: the owner (or a council officer) confirms a published article still holds;
 * - archive / restore.
 * Nobody is told: the library is read, not sent (the owner sees what is overdue for review on their home page).
 */

export const ARTICLE_STATUSES = ["draft", "published", "archived"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const ARTICLE_STATUS_LABELS: Record<ArticleStatus, string> = { draft: "Draft", published: "Published", archived: "Archived" };

export function isArticleStatus(value: string): value is ArticleStatus {
  return (ARTICLE_STATUSES as readonly string[]).includes(value);
}

export const ARTICLE_WORKFLOW = declareWorkflow({
  name: "guidance_article",
  states: ARTICLE_STATUSES,
  steps: {
    edit: { from: ["draft", "published"], permission: "guidance:write", event: "edited", tell: [], intent: "save" },
    publish: { from: ["draft"], to: "published", permission: "guidance:write", event: "published", tell: [], intent: "publish" },
    markReviewed: { from: ["published"], permission: "guidance:write", event: "reviewed", tell: [], intent: "reviewed" },
    archive: { from: ["draft", "published"], to: "archived", permission: "guidance:write", event: "archived", tell: [], intent: "archive" },
    restore: { from: ["archived"], to: "draft", permission: "guidance:write", event: "restored", tell: [], intent: "restore" },
  },
});

export type ArticleStep = keyof typeof ARTICLE_WORKFLOW.steps;
export type ArticleAudience = (typeof ARTICLE_WORKFLOW.steps)[ArticleStep]["tell"][number];

export const ARTICLE_EVENT_LABELS: Record<string, string> = {
  created: "Written as a draft",
  edited: "Changed",
  published: "Published",
  reviewed: "Marked as reviewed",
  archived: "Archived",
  restored: "Restored as a draft",
};

/** What someone in `role` may do with an article in `status` (the owner rule for reviews is the step's own). */
export function articleCan(role: Role, status: ArticleStatus) {
  return canFlags(ARTICLE_WORKFLOW, role, status);
}

/** The article page's address: what a champion's visit action links to. */
export function guidanceArticleHref(slug: string): string {
  return `/guidance/${slug}`;
}
