import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { londonToday } from "../../app/domain/financial-year.ts";
import { nextReference } from "../../app/domain/references.server.ts";
import { londonInstant } from "../../app/domain/london-time.ts";
import { addDays, weekdayOf } from "../../app/domain/stls/meeting-dates.ts";
import type { Database } from "../types.ts";
import { demoPdf } from "./documents.ts";

/**
 * Demo specialist visits and drop-in clinics (issue 10, ADR 45), for Tom Harding (stls@kent.example, Maidstone):
 * Oakfield's LIFT referrals for Freya Holt and Harry Reid, sent to the last meeting its group has held, each with
 * LIFT's outcome allocating Tom three visits; Tom's open visit slots over the next weeks, one of them booked for
 * Freya; a past visit of Freya's with its note; two past visits of Harry's waiting for their notes; one of Harry's
 * cancelled by the school; and drop-in clinic slots, one booked by Bearsted Green's SENCO (Laura Bennett,
 * senco@bearsted-green.example, a demo account made here with the demo password). Slots are in the afternoon, so
 * the tests' own slots (mornings, tests/setup/stls.ts) never overlap them. Does nothing when Tom has slots already.
 */

type DB = Kysely<Database>;

/** The first weekday (Monday to Friday) on or after `days` from today. */
function weekdayFrom(today: string, days: number): string {
  let day = addDays(today, days);
  while (weekdayOf(day) === 0 || weekdayOf(day) === 6) day = addDays(day, 1);
  return day;
}

const userId = async (db: DB, email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst())?.id;

async function bearstedSenco(db: DB, schoolId: number): Promise<number> {
  const existing = await userId(db, "senco@bearsted-green.example");
  if (existing) return existing;
  const hash = await db.selectFrom("users").select("password_hash").where("email", "=", "senco@oakfield.example").executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({ email: "senco@bearsted-green.example", display_name: "Laura Bennett", password_hash: hash.password_hash })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("memberships").values({ user_id: user.id, role: "senco", school_id: schoolId, district_id: null }).execute();
  return user.id;
}

export async function seedDemoStlsVisits(db: DB, now: Date = new Date()): Promise<void> {
  const tom = await userId(db, "stls@kent.example");
  const senco = await userId(db, "senco@oakfield.example");
  if (!tom || !senco) return;
  if (await db.selectFrom("stls_slots").select("id").where("teacher_user_id", "=", tom).limit(1).executeTakeFirst()) return;
  const schools = await db.selectFrom("schools").select(["id", "urn", "district_id"]).where("urn", "in", ["990001", "990003"]).execute();
  const oakfield = schools.find((s) => s.urn === "990001");
  const bearsted = schools.find((s) => s.urn === "990003");
  if (!oakfield || !bearsted) return;
  const meeting = await db
    .selectFrom("lift_meetings")
    .innerJoin("lift_group_schools", "lift_group_schools.group_id", "lift_meetings.group_id")
    .select(["lift_meetings.id", "lift_meetings.starts_at"])
    .where("lift_group_schools.school_id", "=", oakfield.id)
    .where("lift_meetings.status", "=", "scheduled")
    .where("lift_meetings.ends_at", "<", now)
    .orderBy("lift_meetings.starts_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!meeting) return;
  const today = londonToday(now);
  const meetingDay = new Date(meeting.starts_at);
  const sentAt = new Date(meetingDay.getTime() - 10 * 86_400_000);

  // The two referrals, sent before the meeting, with LIFT's outcome: Tom, three visits each.
  const involvements: Record<string, { id: number; pupilId: number; reference: string }> = {};
  for (const [first, last, discipline, question] of [
    ["Freya", "Holt", "Physical disability", "How should we adapt PE and playtimes so that Freya can join in safely?"],
    ["Harry", "Reid", "Cognition and learning", "What more should we put in place for Harry's reading and number work?"],
  ] as const) {
    const pupil = await db.selectFrom("pupils").select("id").where("school_id", "=", oakfield.id).where("first_name", "=", first).where("last_name", "=", last).executeTakeFirst();
    if (!pupil) return;
    const referral = await db
      .insertInto("lift_referrals")
      .values({
        reference: await nextReference(db, "LIFT"),
        school_id: oakfield.id,
        pupil_id: pupil.id,
        meeting_id: meeting.id,
        status: "outcome",
        discipline,
        core_standards_tried: "Quality-first teaching adapted at the targeted level for a term, with a weekly small-group intervention and a review with parents.",
        question,
        agreement_signed_by: `Parent of ${first} ${last}`,
        agreement_signed_on: addDays(today, -40),
        created_by: senco,
        created_at: new Date(sentAt.getTime() - 86_400_000),
        sent_at: sentAt,
        sent_by: senco,
      })
      .returning(["id", "reference"])
      .executeTakeFirstOrThrow();
    const bytes = demoPdf(["Agreement to Engage", "Signed by the parent (demo document)"]);
    const key = randomUUID();
    await db.insertInto("stored_files").values({ storage_key: key, byte_size: bytes.length, complete: true }).execute();
    await db.insertInto("stored_file_chunks").values({ storage_key: key, seq: 0, bytes }).execute();
    await db
      .insertInto("lift_referral_documents")
      .values({
        lift_referral_id: referral.id,
        kind: "agreement_to_engage",
        title: "Agreement to Engage",
        file_name: "agreement-to-engage.pdf",
        media_type: "application/pdf",
        extension: "pdf",
        byte_size: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        storage_key: key,
        upload_key: randomBytes(16).toString("hex"),
        uploaded_by: senco,
        uploaded_role: "senco",
      })
      .execute();
    await db
      .insertInto("lift_referral_events")
      .values([
        { lift_referral_id: referral.id, actor_user_id: senco, actor_role: "senco", action: "created", from_status: null, to_status: "draft", occurred_at: new Date(sentAt.getTime() - 86_400_000) },
        { lift_referral_id: referral.id, actor_user_id: senco, actor_role: "senco", action: "sent", from_status: "draft", to_status: "sent", occurred_at: sentAt },
        { lift_referral_id: referral.id, actor_user_id: tom, actor_role: "stls", action: "outcome_recorded", from_status: "sent", to_status: "outcome", occurred_at: meetingDay },
      ])
      .execute();
    const outcome = await db
      .insertInto("lift_outcomes")
      .values({
        lift_referral_id: referral.id,
        meeting_id: meeting.id,
        kind: "involvement",
        advice: `Specialist teacher to observe ${first} in class, advise the class teacher and review the plan with the SENCO.`,
        specialist_user_id: tom,
        visits_allocated: 3,
        recorded_by: tom,
        recorded_role: "stls",
        recorded_at: meetingDay,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    involvements[first] = { id: outcome.id, pupilId: pupil.id, reference: referral.reference };
  }

  const slot = async (kind: "visit" | "clinic", day: string, start: string, end: string, place: string, topic: string | null = null) =>
    (
      await db
        .insertInto("stls_slots")
        .values({ teacher_user_id: tom, district_id: oakfield.district_id, kind, starts_at: londonInstant(day, start), ends_at: londonInstant(day, end), place, topic })
        .returning(["id", "starts_at", "ends_at"])
        .executeTakeFirstOrThrow()
    );
  const book = async (
    slotRow: { id: number; starts_at: Date | string },
    who: { schoolId: number; by: number; involvement?: { id: number; pupilId: number }; topic?: string },
    after?: { note?: string; cancelled?: string },
  ) => {
    const bookedAt = new Date(Math.min(now.getTime(), new Date(slotRow.starts_at).getTime()) - 5 * 86_400_000);
    const visit = await db
      .insertInto("stls_visits")
      .values({
        slot_id: slotRow.id,
        school_id: who.schoolId,
        involvement_id: who.involvement?.id ?? null,
        pupil_id: who.involvement?.pupilId ?? null,
        topic: who.topic ?? null,
        booked_by: who.by,
        booked_at: bookedAt,
        status: after?.note ? "done" : after?.cancelled ? "cancelled" : "booked",
        outcome_note: after?.note ?? null,
        note_by: after?.note ? tom : null,
        note_at: after?.note ? new Date(new Date(slotRow.starts_at).getTime() + 3 * 3_600_000) : null,
        cancelled_at: after?.cancelled ? new Date(bookedAt.getTime() + 86_400_000) : null,
        cancelled_by: after?.cancelled ? who.by : null,
        cancelled_side: after?.cancelled ? "school" : null,
        cancelled_reason: after?.cancelled ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("stls_visit_events").values({ stls_visit_id: visit.id, actor_user_id: who.by, actor_role: "senco", action: "booked", from_status: null, to_status: "booked", occurred_at: bookedAt }).execute();
    if (after?.note) {
      await db.insertInto("stls_visit_events").values({ stls_visit_id: visit.id, actor_user_id: tom, actor_role: "stls", action: "note_written", from_status: "booked", to_status: "done", occurred_at: new Date(new Date(slotRow.starts_at).getTime() + 3 * 3_600_000) }).execute();
    }
    if (after?.cancelled) {
      await db
        .insertInto("stls_visit_events")
        .values({ stls_visit_id: visit.id, actor_user_id: who.by, actor_role: "senco", action: "cancelled_by_school", from_status: "booked", to_status: "cancelled", comment: after.cancelled, occurred_at: new Date(bookedAt.getTime() + 86_400_000) })
        .execute();
    }
  };

  const freya = { schoolId: oakfield.id, by: senco, involvement: involvements.Freya! };
  const harry = { schoolId: oakfield.id, by: senco, involvement: involvements.Harry! };
  // Past: Freya's first visit with its note; Harry's first two, waiting for their notes.
  const pastDone = await slot("visit", addDays(today, -5), "13:30", "14:30", "At the school");
  await book(pastDone, freya, {
    note: "Observed Freya in PE and at lunchtime. Agreed with the class teacher: a buddy for transitions, a seat at the end of the row, and adapted throwing and catching games. I will review at the next visit.",
  });
  await book(await slot("visit", addDays(today, -6), "13:30", "14:30", "At the school"), harry);
  await book(await slot("visit", addDays(today, -2), "13:30", "14:30", "At the school"), harry);
  // To come: open visit slots on weekday afternoons over the next three weeks, one booked for Freya, one of Harry's cancelled.
  const upcoming = [];
  for (const days of [3, 6, 10, 13, 17, 20]) upcoming.push(await slot("visit", weekdayFrom(today, days), "13:30", "14:30", "At the school"));
  await book(upcoming[0]!, freya);
  await book(upcoming[1]!, harry, { cancelled: "Harry's class is on a school trip that afternoon. We will book another visit." });
  // Drop-in clinics at the STLS base, one booked by Bearsted Green.
  const laura = await bearstedSenco(db, bearsted.id);
  const clinics = [];
  for (const days of [4, 11, 18]) clinics.push(await slot("clinic", weekdayFrom(today, days), "15:30", "16:30", "Maidstone STLS base, Oakwood House", "Autism: sensory needs in the classroom"));
  await book(clinics[0]!, { schoolId: bearsted.id, by: laura, topic: "A Year 1 pupil who finds the noise of the dinner hall overwhelming: what can we try?" });
}
