import type { Kysely } from "kysely";
import type { Database } from "../types.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { reviewDueDates } from "../../app/domain/funding/reviews.rules.ts";

/**
 * The demo's review points: each seeded award gets its scheme's reviews over its period, as `decide` writes them
 * (writeReviewPoints). The first review whose due date has passed is recorded by the school's SENCO; later past ones
 * are left overdue, so officers and headteachers see reviews both due and overdue.
 */
export async function seedDemoReviews(db: Kysely<Database>, now = new Date()) {
  const today = londonToday(now);
  const awards = await db
    .selectFrom("funding_decisions")
    .innerJoin("funding_requests", "funding_requests.id", "funding_decisions.funding_request_id")
    .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
    .select([
      "funding_decisions.id",
      "funding_decisions.funding_request_id",
      "funding_decisions.award_start",
      "funding_decisions.award_end",
      "funding_decisions.decided_at",
      "funding_requests.created_by",
      "funding_schemes.reviews_per_year",
    ])
    .where("funding_decisions.awarded_pence", ">", 0)
    .orderBy("funding_decisions.id")
    .execute();
  for (const award of awards) {
    if (!award.award_start || !award.award_end) continue;
    const dates = reviewDueDates(award.award_start, award.award_end, award.reviews_per_year);
    const firstPast = dates.findIndex((d) => d < today);
    if (dates.length === 0) continue;
    await db
      .insertInto("funding_reviews")
      .values(
        dates.map((due_on, i) => ({
          funding_request_id: award.funding_request_id,
          decision_id: award.id,
          number: i + 1,
          due_on,
          ...(i === firstPast && dates.filter((d) => d < today).length > 1
            ? {
                status: "recorded",
                progress: "Reading age up by eight months; the pupil now works in a small group for two of the five literacy sessions.",
                provision_continues: true,
                changes: "Teaching assistant time moves from reading to writing after the spring half term.",
                recorded_by: award.created_by,
                recorded_at: new Date(`${due_on}T10:00:00Z`),
              }
            : {}),
        })),
      )
      .execute();
  }
}
