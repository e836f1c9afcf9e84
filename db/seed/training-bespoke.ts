import type { Kysely } from "kysely";
import type { Database } from "../types.ts";

/**
 * Demo bespoke training (issue 9): Oakfield Primary has asked for whole-school autism training and waits for the
 * council; Riverside asked for training on attachment and was declined, with the reason. Each with its timeline,
 * as the pages would have written it. Needs the demo's schools, accounts and need areas; safe to run again (a
 * school with a request already is left as it is).
 */
export async function seedDemoTrainingBespoke(trx: Kysely<Database>, now = new Date()): Promise<void> {
  const day = 86_400_000;
  const isoDay = (offsetDays: number) => new Date(now.getTime() + offsetDays * day).toISOString().slice(0, 10);
  const year = now.getUTCFullYear();
  const user = async (email: string) => (await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst())?.id;
  const school = async (urn: string) => (await trx.selectFrom("schools").select("id").where("urn", "=", urn).executeTakeFirst())?.id;
  const [oakfield, riverside, oakSenco, riverSenco, officer] = await Promise.all([
    school("990001"),
    school("990002"),
    user("senco@oakfield.example"),
    user("senco@riverside.example"),
    user("officer@kent.example"),
  ]);
  if (!oakfield || !riverside || !oakSenco || !riverSenco || !officer) return;
  const seeds = [
    {
      schoolId: oakfield,
      by: oakSenco,
      role: "senco",
      topic: "Making Sense of Autism for all staff",
      needArea: "Communication and interaction",
      from: isoDay(30),
      to: isoDay(90),
      note: "Our INSET day in the spring term would suit best.",
      staff: 32,
      outcomes: "Every member of staff understands how autistic pupils experience the school day and uses visual supports in class.",
      declined: null,
      askedDaysAgo: 3,
    },
    {
      schoolId: riverside,
      by: riverSenco,
      role: "senco",
      topic: "Attachment and trauma-informed practice",
      needArea: "Social, emotional and mental health",
      from: isoDay(10),
      to: isoDay(40),
      note: null,
      staff: 18,
      outcomes: "Staff respond to dysregulated behaviour consistently and know when to refer to the school's nurture provision.",
      declined: "Nurturing Kent's programme covers this and has places in Thanet this term: please book staff onto it through the catalogue.",
      askedDaysAgo: 12,
    },
  ];
  for (const [i, s] of seeds.entries()) {
    const already = await trx.selectFrom("training_bespoke_requests").select("id").where("school_id", "=", s.schoolId).executeTakeFirst();
    if (already) continue;
    const counter = await trx
      .insertInto("reference_counters")
      .values({ prefix: "TRN", year, last_number: 1 })
      .onConflict((oc) => oc.columns(["prefix", "year"]).doUpdateSet((eb) => ({ last_number: eb("reference_counters.last_number", "+", 1) })))
      .returning("last_number")
      .executeTakeFirstOrThrow();
    const askedAt = new Date(now.getTime() - s.askedDaysAgo * day);
    const decidedAt = new Date(askedAt.getTime() + 2 * day);
    const row = await trx
      .insertInto("training_bespoke_requests")
      .values({
        reference: `TRN-${year}-${String(counter.last_number).padStart(5, "0")}`,
        school_id: s.schoolId,
        topic: s.topic,
        need_area: s.needArea,
        preferred_from: s.from,
        preferred_to: s.to,
        preferred_note: s.note,
        staff_count: s.staff,
        outcomes: s.outcomes,
        status: s.declined ? "declined" : "submitted",
        decision_reason: s.declined,
        decided_by: s.declined ? officer : null,
        decided_at: s.declined ? decidedAt : null,
        created_by: s.by,
        created_at: askedAt,
        updated_at: s.declined ? decidedAt : askedAt,
        idempotency_key: `demo-bespoke-${year}-${i + 1}`,
        version: s.declined ? 2 : 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("training_bespoke_events")
      .values({
        training_bespoke_request_id: row.id,
        occurred_at: askedAt,
        actor_user_id: s.by,
        actor_role: s.role,
        action: "submitted",
        from_status: null,
        to_status: "submitted",
      })
      .execute();
    if (s.declined) {
      await trx
        .insertInto("training_bespoke_events")
        .values({
          training_bespoke_request_id: row.id,
          occurred_at: decidedAt,
          actor_user_id: officer,
          actor_role: "council_officer",
          action: "declined",
          from_status: "submitted",
          to_status: "declined",
          comment: s.declined,
        })
        .execute();
    }
  }
}
