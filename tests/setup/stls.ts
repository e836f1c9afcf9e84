import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { londonInstant } from "../../app/domain/london-time.ts";
import { nextReference } from "../../app/domain/references.server.ts";
import { addDays, defaultPapersDueOn } from "../../app/domain/stls/meeting-dates.ts";
import { pdfBytes } from "./documents.ts";

/**
 * STLS and LIFT records made directly in the database for a test (issue 10): each part's own pages are tested
 * through HTTP; these make the records a test starts from. Schools by URN (990001 Oakfield, Maidstone North
 * LIFT; 990002 Riverside, Thanet LIFT; 990003 Bearsted Green, Maidstone North), pupils by name.
 */

type DB = Kysely<Database>;

const id = async (db: DB, table: "users" | "schools", column: "email" | "urn", value: string) =>
  (await db.selectFrom(table).select("id").where(column, "=", value).executeTakeFirstOrThrow()).id;

export const userId = (db: DB, email: string) => id(db, "users", "email", email);
export const schoolId = (db: DB, urn: string) => id(db, "schools", "urn", urn);

/** The LIFT group serving a school. */
export async function groupOf(db: DB, schoolUrn = "990001"): Promise<number> {
  return (
    await db
      .selectFrom("lift_group_schools")
      .innerJoin("schools", "schools.id", "lift_group_schools.school_id")
      .select("lift_group_schools.group_id")
      .where("schools.urn", "=", schoolUrn)
      .executeTakeFirstOrThrow()
  ).group_id;
}

export interface MeetingSeed {
  schoolUrn?: string;
  /** London days from today the meeting is on (negative: held already); 21 by default. */
  startsInDays?: number;
  /** London days from today papers are due; by default the Wednesday before the meeting. */
  papersDueInDays?: number;
  cap?: number;
  status?: "scheduled" | "cancelled";
}

/** A meeting of the school's group, 09:30 to 12:00 London time. Returns its id. */
export async function createLiftMeeting(db: DB, seed: MeetingSeed = {}, now = new Date()): Promise<number> {
  const date = addDays(londonToday(now), seed.startsInDays ?? 21);
  const officer = await userId(db, "officer@kent.example");
  const row = await db
    .insertInto("lift_meetings")
    .values({
      group_id: await groupOf(db, seed.schoolUrn),
      starts_at: londonInstant(date, "09:30"),
      ends_at: londonInstant(date, "12:00"),
      venue: "Test STLS base",
      papers_due_on: seed.papersDueInDays === undefined ? defaultPapersDueOn(date) : addDays(londonToday(now), seed.papersDueInDays),
      referral_cap: seed.cap ?? 3,
      status: seed.status ?? "scheduled",
      cancelled_reason: seed.status === "cancelled" ? "Test cancellation" : null,
      created_by: officer,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A stored signed Agreement to Engage (a small PDF) on a referral. */
export async function attachAgreement(db: DB, referralId: number, uploadedByEmail = "senco@oakfield.example"): Promise<number> {
  const bytes = pdfBytes();
  const key = randomUUID();
  await db.insertInto("stored_files").values({ storage_key: key, byte_size: bytes.length, complete: true }).execute();
  await db.insertInto("stored_file_chunks").values({ storage_key: key, seq: 0, bytes: Buffer.from(bytes) }).execute();
  const row = await db
    .insertInto("lift_referral_documents")
    .values({
      lift_referral_id: referralId,
      kind: "agreement_to_engage",
      title: "Agreement to Engage",
      file_name: "agreement-to-engage.pdf",
      media_type: "application/pdf",
      extension: "pdf",
      byte_size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      storage_key: key,
      upload_key: randomBytes(16).toString("hex"),
      uploaded_by: await userId(db, uploadedByEmail),
      uploaded_role: "senco",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ReferralSeed {
  schoolUrn?: string;
  /** The pupil by first and last name, of the school's register; Amelia Hart (Oakfield) by default. */
  pupil?: [string, string];
  /** The meeting; by default a new one three weeks ahead. */
  meetingId?: number;
  status?: "draft" | "sent" | "outcome" | "withdrawn";
  /** Whether the signed Agreement to Engage is attached (always, once sent). */
  agreement?: boolean;
  senderEmail?: string;
  discipline?: string;
}

/** A referral in the state asked, with a `created` (and for a sent one `sent`) timeline event. */
export async function createLiftReferral(db: DB, seed: ReferralSeed = {}): Promise<{ id: number; reference: string; meetingId: number }> {
  const schoolUrn = seed.schoolUrn ?? "990001";
  const school = await schoolId(db, schoolUrn);
  const [first, last] = seed.pupil ?? ["Amelia", "Hart"];
  const pupil = await db.selectFrom("pupils").select("id").where("school_id", "=", school).where("first_name", "=", first).where("last_name", "=", last).executeTakeFirstOrThrow();
  const sender = await userId(db, seed.senderEmail ?? (schoolUrn === "990002" ? "senco@riverside.example" : "senco@oakfield.example"));
  const meetingId = seed.meetingId ?? (await createLiftMeeting(db, { schoolUrn }));
  const status = seed.status ?? "sent";
  const sent = status !== "draft" && !(status === "withdrawn" && seed.agreement === false);
  const now = new Date();
  const row = await db
    .insertInto("lift_referrals")
    .values({
      reference: await nextReference(db, "LIFT"),
      school_id: school,
      pupil_id: pupil.id,
      meeting_id: meetingId,
      status,
      discipline: seed.discipline ?? "Cognition and learning",
      core_standards_tried: "Precision teaching three times a week for a term; a reading intervention at the personalised level.",
      question: "What more should we put in place for reading and spelling?",
      agreement_signed_by: "Sarah Hart (mother)",
      agreement_signed_on: addDays(londonToday(now), -7),
      created_by: sender,
      sent_at: sent ? now : null,
      sent_by: sent ? sender : null,
      withdrawn_at: status === "withdrawn" ? now : null,
    })
    .returning(["id", "reference"])
    .executeTakeFirstOrThrow();
  await db.insertInto("lift_referral_events").values({ lift_referral_id: row.id, actor_user_id: sender, actor_role: "senco", action: "created", from_status: null, to_status: "draft" }).execute();
  if (sent) await db.insertInto("lift_referral_events").values({ lift_referral_id: row.id, actor_user_id: sender, actor_role: "senco", action: "sent", from_status: "draft", to_status: "sent" }).execute();
  if (seed.agreement ?? sent) await attachAgreement(db, row.id, seed.senderEmail ?? (schoolUrn === "990002" ? "senco@riverside.example" : "senco@oakfield.example"));
  return { ...row, meetingId };
}

/**
 * LIFT's outcome allocating specialist involvement to a sent referral (the referral moves to `outcome`). Returns
 * the outcome's id: the involvement visits are booked against.
 */
export async function createInvolvement(db: DB, referralId: number, seed: { specialistEmail?: string; visits?: number } = {}): Promise<number> {
  const specialist = await userId(db, seed.specialistEmail ?? "stls@kent.example");
  const referral = await db.selectFrom("lift_referrals").select(["meeting_id"]).where("id", "=", referralId).executeTakeFirstOrThrow();
  const outcome = await db
    .insertInto("lift_outcomes")
    .values({
      lift_referral_id: referralId,
      meeting_id: referral.meeting_id!,
      kind: "involvement",
      advice: "Specialist teacher to observe in class and model precision teaching with the class teacher.",
      specialist_user_id: specialist,
      visits_allocated: seed.visits ?? 3,
      recorded_by: specialist,
      recorded_role: "stls",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.updateTable("lift_referrals").set((eb) => ({ status: "outcome", version: eb("version", "+", 1) })).where("id", "=", referralId).execute();
  await db.insertInto("lift_referral_events").values({ lift_referral_id: referralId, actor_user_id: specialist, actor_role: "stls", action: "outcome_recorded", from_status: "sent", to_status: "outcome" }).execute();
  return outcome.id;
}

export interface SlotSeed {
  teacherEmail?: string;
  kind?: "visit" | "clinic";
  /** Days from today (London) the slot is on; 7 by default. */
  startsInDays?: number;
  /** Its London start time ("10:00" by default); it lasts an hour. */
  time?: string;
  minutes?: number;
  status?: "open" | "withdrawn";
}

/** A slot of a specialist teacher in their district. Returns its id. */
export async function createStlsSlot(db: DB, seed: SlotSeed = {}, now = new Date()): Promise<number> {
  const teacher = await db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .select(["users.id", "memberships.district_id"])
    .where("users.email", "=", seed.teacherEmail ?? "stls@kent.example")
    .where("memberships.role", "=", "stls")
    .executeTakeFirstOrThrow();
  const date = addDays(londonToday(now), seed.startsInDays ?? 7);
  const startsAt = londonInstant(date, seed.time ?? "10:00");
  const kind = seed.kind ?? "visit";
  const row = await db
    .insertInto("stls_slots")
    .values({
      teacher_user_id: teacher.id,
      district_id: teacher.district_id!,
      kind,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + (seed.minutes ?? 60) * 60_000),
      place: kind === "clinic" ? "Maidstone STLS base" : "At the school",
      topic: kind === "clinic" ? "Reading and spelling" : null,
      status: seed.status ?? "open",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface VisitSeed {
  /** booked by default; a cancelled visit has a reason (the school's side by default), a done one the specialist's note. */
  status?: "booked" | "cancelled" | "done";
  note?: string;
  reason?: string;
  cancelledBy?: "school" | "specialist";
}

/**
 * A visit booked on a slot against an involvement (a LIFT outcome allocating visits), for the involvement's pupil
 * and school, in the state asked, with its timeline events. Returns its id.
 */
export async function createVisit(db: DB, slotId: number, involvementId: number, seed: VisitSeed = {}): Promise<number> {
  const involvement = await db
    .selectFrom("lift_outcomes")
    .innerJoin("lift_referrals", "lift_referrals.id", "lift_outcomes.lift_referral_id")
    .select(["lift_referrals.school_id", "lift_referrals.pupil_id", "lift_outcomes.specialist_user_id", "lift_referrals.created_by"])
    .where("lift_outcomes.id", "=", involvementId)
    .executeTakeFirstOrThrow();
  const status = seed.status ?? "booked";
  const now = new Date();
  const specialist = involvement.specialist_user_id!;
  const cancelledBy = seed.cancelledBy ?? "school";
  const row = await db
    .insertInto("stls_visits")
    .values({
      slot_id: slotId,
      school_id: involvement.school_id,
      involvement_id: involvementId,
      pupil_id: involvement.pupil_id,
      status,
      booked_by: involvement.created_by,
      cancelled_at: status === "cancelled" ? now : null,
      cancelled_by: status === "cancelled" ? (cancelledBy === "school" ? involvement.created_by : specialist) : null,
      cancelled_side: status === "cancelled" ? cancelledBy : null,
      cancelled_reason: status === "cancelled" ? (seed.reason ?? "The pupil is off sick that day.") : null,
      outcome_note: status === "done" ? (seed.note ?? "Observed in class; modelled precision teaching with the class teacher.") : null,
      note_by: status === "done" ? specialist : null,
      note_at: status === "done" ? now : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("stls_visit_events").values({ stls_visit_id: row.id, actor_user_id: involvement.created_by, actor_role: "senco", action: "booked", from_status: null, to_status: "booked" }).execute();
  if (status === "cancelled") {
    await db
      .insertInto("stls_visit_events")
      .values({
        stls_visit_id: row.id,
        actor_user_id: cancelledBy === "school" ? involvement.created_by : specialist,
        actor_role: cancelledBy === "school" ? "senco" : "stls",
        action: cancelledBy === "school" ? "cancelled_by_school" : "cancelled_by_specialist",
        from_status: "booked",
        to_status: "cancelled",
      })
      .execute();
  }
  if (status === "done") {
    await db.insertInto("stls_visit_events").values({ stls_visit_id: row.id, actor_user_id: specialist, actor_role: "stls", action: "note_written", from_status: "booked", to_status: "done" }).execute();
  }
  return row.id;
}

/** The London date `days` from today as the GOV.UK date input's three boxes, for a form (issue 10, visits). */
export function dateBoxes(name: string, days: number, now = new Date()): Record<string, string> {
  const [year, month, day] = addDays(londonToday(now), days).split("-");
  return { [`${name}.day`]: String(Number(day)), [`${name}.month`]: String(Number(month)), [`${name}.year`]: year! };
}

/** Another STLS teacher (signing in with the demo password), in a district by code. Returns their id. */
export async function createStlsTeacher(db: DB, email: string, districtCode = "maidstone", name = "Test Specialist"): Promise<number> {
  const hash = await db.selectFrom("users").select("password_hash").where("email", "=", "stls@kent.example").executeTakeFirstOrThrow();
  const district = await db.selectFrom("districts").select("id").where("code", "=", districtCode).executeTakeFirstOrThrow();
  const user = await db.insertInto("users").values({ email, display_name: name, password_hash: hash.password_hash }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("memberships").values({ user_id: user.id, role: "stls", school_id: null, district_id: district.id }).execute();
  return user.id;
}

/**
 * A booking made directly (for a slot already begun, which the booking use-case refuses): booked by the school's
 * SENCO, with its `booked` event. Returns the visit's id.
 */
export async function createStlsVisit(db: DB, slotId: number, seed: { involvementId?: number; schoolUrn?: string; topic?: string } = {}): Promise<number> {
  const schoolUrn = seed.schoolUrn ?? "990001";
  const senco = await userId(db, schoolUrn === "990002" ? "senco@riverside.example" : "senco@oakfield.example");
  const involvement = seed.involvementId
    ? await db
        .selectFrom("lift_outcomes")
        .innerJoin("lift_referrals", "lift_referrals.id", "lift_outcomes.lift_referral_id")
        .select("lift_referrals.pupil_id")
        .where("lift_outcomes.id", "=", seed.involvementId)
        .executeTakeFirstOrThrow()
    : null;
  const visit = await db
    .insertInto("stls_visits")
    .values({
      slot_id: slotId,
      school_id: await schoolId(db, schoolUrn),
      involvement_id: seed.involvementId ?? null,
      pupil_id: involvement?.pupil_id ?? null,
      topic: seed.topic ?? (seed.involvementId ? null : "A question for the clinic"),
      booked_by: senco,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("stls_visit_events").values({ stls_visit_id: visit.id, actor_user_id: senco, actor_role: "senco", action: "booked", from_status: null, to_status: "booked" }).execute();
  return visit.id;
}
