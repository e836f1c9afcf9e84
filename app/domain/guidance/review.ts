/**
 * When a guidance article is due for review (ADR 54): a year after it was last reviewed (publishing counts as a
 * review). One setting, here; the article page, the owner's list and their home page all read it.
 */
export const REVIEW_AFTER_MONTHS = 12;

/** The day a review falls due: `REVIEW_AFTER_MONTHS` after the last one. */
export function reviewDueAt(lastReviewedAt: Date | string): Date {
  const due = new Date(lastReviewedAt);
  due.setUTCMonth(due.getUTCMonth() + REVIEW_AFTER_MONTHS);
  return due;
}

/** Whether a published article is overdue for review at `now`. */
export function isOverdueForReview(article: { status: string; lastReviewedAt: Date | string | null }, now: Date): boolean {
  return article.status === "published" && article.lastReviewedAt !== null && reviewDueAt(article.lastReviewedAt).getTime() < now.getTime();
}

/** The last-review instant before which a published article is overdue at `now` (for the lists' SQL). */
export function overdueBefore(now: Date): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - REVIEW_AFTER_MONTHS);
  return cutoff;
}
