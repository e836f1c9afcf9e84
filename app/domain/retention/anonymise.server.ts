import { type Transaction, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { recordAudit } from "../audit/audit.server.ts";

/**
 * Anonymising one pupil whose records are past the retention period (ADR 60), in the transaction given, so all of
 * it commits or none of it does. What names or describes the child is replaced or cleared; what is counted stays:
 * - the pupil's row: names become "Anonymised pupil", the date of birth keeps only its year (1 January), the UPN
 *   is cleared; the school, year group, SEN provision, needs and dates on the register stay (the council's counts);
 * - funding requests about them (the rows stay, with their scheme, status, amounts, dates and decisions): the
 *   evidence answers, who gave consent, the plan's words, the timeline's comments, case notes, decision and
 *   review wording; their documents are deleted, bytes and all;
 * - LIFT referrals about them: what was tried, the question, who signed the Agreement to Engage, the timeline's
 *   comments, LIFT's advice; their documents deleted;
 * - specialist visits for them: the topic, the note, a cancellation's reason, the timeline's comments.
 * Champion visits and agreed actions are about a school, never a pupil (no pupil column), training bookings name
 * staff, notifications and emails name a request by its reference (notify.server.ts), and audit rows hold ids and
 * counts only (audit.server.ts): none of them is changed. Free text that must stay non-empty (a sent referral's
 * question, a case note) becomes REMOVED.
 */

type Trx = Transaction<Database>;

export const REMOVED = "Removed: this pupil's records passed the council's retention period.";
export const ANONYMISED_NAME = { first: "Anonymised", last: "pupil" } as const;

/** Free text that must stay filled (a CHECK, a sent record's completeness) becomes REMOVED; empty stays empty. */
const removed = (column: string) => sql<string | null>`case when ${sql.ref(column)} is null then null else ${REMOVED} end`;

/** Deletes stored files no document row names any more (a renewal's carried copy shares its source's file). */
async function deleteUnusedFiles(trx: Trx, keys: string[]) {
  if (keys.length === 0) return 0;
  const result = await trx
    .deleteFrom("stored_files")
    .where("storage_key", "in", [...new Set(keys)])
    .where((eb) => eb.not(eb.exists(eb.selectFrom("funding_request_documents as d").select("d.id").whereRef("d.storage_key", "=", "stored_files.storage_key"))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("lift_referral_documents as d").select("d.id").whereRef("d.storage_key", "=", "stored_files.storage_key"))))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface AnonymisedPupil {
  pupilId: number;
  fundingRequests: number;
  liftReferrals: number;
  visits: number;
  documents: number;
}

/**
 * Anonymises the pupil if, under its lock, it is still not anonymised and left before `leftBefore`; undefined when
 * there is nothing to do (another run did it first, or the pupil came back onto the register).
 */
export async function anonymisePupil(trx: Trx, pupilId: number, leftBefore: string, run: { id: number; requestId: string; now: Date }): Promise<AnonymisedPupil | undefined> {
  // One run at a time for a pupil, however many portals run: the second waits, then finds it done.
  await sql`select pg_advisory_xact_lock(hashtext(${`retention:pupil:${pupilId}`}))`.execute(trx);
  const pupil = await trx
    .selectFrom("pupils")
    .select(["id"])
    .where("id", "=", pupilId)
    .where("anonymised_at", "is", null)
    .where("date_left", "<", leftBefore)
    .forUpdate()
    .executeTakeFirst();
  if (!pupil) return undefined;
  // The history tables' one exception (migration 2026-12-02T1520): their free-text columns, in this transaction only.
  await sql`select set_config('portal.retention_scrub', 'on', true)`.execute(trx);

  // Funding requests about the pupil.
  const requests = (await trx.selectFrom("funding_requests").select("id").where("pupil_id", "=", pupilId).orderBy("id").forUpdate().execute()).map((r) => r.id);
  let documents = 0;
  const keys: string[] = [];
  if (requests.length > 0) {
    await trx
      .updateTable("funding_requests")
      .set((eb) => ({ evidence: "{}", consent_given_by: null, version: eb("version", "+", 1) }))
      .where("id", "in", requests)
      .execute();
    await trx
      .updateTable("funding_request_lines")
      .set({
        description: sql<string | null>`case when num_nonnulls(hours_per_week, weeks, cost_pence) > 0 then null else ${REMOVED.slice(0, 200)} end`,
        delivered_by: null,
      })
      .where("funding_request_id", "in", requests)
      .execute();
    await trx.updateTable("funding_request_events").set({ comment: null }).where("funding_request_id", "in", requests).where("comment", "is not", null).execute();
    await trx
      .updateTable("funding_decisions")
      .set({ reason_text: null, period_reason: null })
      .where("funding_request_id", "in", requests)
      .where((eb) => eb.or([eb("reason_text", "is not", null), eb("period_reason", "is not", null)]))
      .execute();
    await trx.updateTable("funding_case_notes").set({ body: REMOVED }).where("funding_request_id", "in", requests).where("body", "<>", REMOVED).execute();
    const reviews = trx.selectFrom("funding_reviews").select("id").where("funding_request_id", "in", requests);
    await trx.updateTable("funding_reviews").set({ progress: removed("progress"), changes: null }).where("funding_request_id", "in", requests).execute();
    await trx.updateTable("funding_review_events").set({ comment: null }).where("funding_review_id", "in", reviews).where("comment", "is not", null).execute();
    const deleted = await trx.deleteFrom("funding_request_documents").where("funding_request_id", "in", requests).returning("storage_key").execute();
    documents += deleted.length;
    keys.push(...deleted.map((d) => d.storage_key));
  }

  // LIFT referrals about the pupil, and LIFT's outcomes on them.
  const referrals = (await trx.selectFrom("lift_referrals").select("id").where("pupil_id", "=", pupilId).orderBy("id").forUpdate().execute()).map((r) => r.id);
  const outcomes: number[] = [];
  if (referrals.length > 0) {
    await trx
      .updateTable("lift_referrals")
      .set((eb) => ({
        core_standards_tried: removed("core_standards_tried"),
        question: removed("question"),
        agreement_signed_by: removed("agreement_signed_by"),
        version: eb("version", "+", 1),
      }))
      .where("id", "in", referrals)
      .execute();
    await trx.updateTable("lift_referral_events").set({ comment: null }).where("lift_referral_id", "in", referrals).where("comment", "is not", null).execute();
    outcomes.push(...(await trx.updateTable("lift_outcomes").set({ advice: REMOVED }).where("lift_referral_id", "in", referrals).returning("id").execute()).map((o) => o.id));
    const deleted = await trx.deleteFrom("lift_referral_documents").where("lift_referral_id", "in", referrals).returning("storage_key").execute();
    documents += deleted.length;
    keys.push(...deleted.map((d) => d.storage_key));
  }
  await deleteUnusedFiles(trx, keys);

  // Specialist visits for the pupil (booked for them, or against LIFT's involvement for them).
  const visits = (
    await trx
      .updateTable("stls_visits")
      .set((eb) => ({ topic: null, outcome_note: removed("outcome_note"), cancelled_reason: removed("cancelled_reason"), version: eb("version", "+", 1) }))
      .where((eb) => eb.or([eb("pupil_id", "=", pupilId), ...(outcomes.length > 0 ? [eb("involvement_id", "in", outcomes)] : [])]))
      .returning("id")
      .execute()
  ).map((v) => v.id);
  if (visits.length > 0) {
    await trx.updateTable("stls_visit_events").set({ comment: null }).where("stls_visit_id", "in", visits).where("comment", "is not", null).execute();
  }

  // The pupil's own row, last: until it is marked, a run that fails before here leaves the pupil to the next one.
  await trx
    .updateTable("pupils")
    .set((eb) => ({
      first_name: ANONYMISED_NAME.first,
      last_name: ANONYMISED_NAME.last,
      date_of_birth: sql<string>`make_date(extract(year from date_of_birth)::int, 1, 1)`,
      upn: null,
      anonymised_at: run.now,
      updated_at: run.now,
      version: eb("version", "+", 1),
    }))
    .where("id", "=", pupilId)
    .execute();
  const done = { pupilId, fundingRequests: requests.length, liftReferrals: referrals.length, visits: visits.length, documents };
  await recordAudit(trx, {
    actor: null,
    action: "pupil.anonymised",
    subjectType: "pupil",
    subjectId: pupilId,
    requestId: run.requestId,
    detail: { run: run.id, fundingRequests: done.fundingRequests, liftReferrals: done.liftReferrals, visits: done.visits, documents },
  });
  return done;
}
