import type { RouteConfigEntry } from "@remix-run/route-config";
import routes from "../../app/routes.ts";
import type { Role } from "../../app/domain/access/roles.ts";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { bookingSamples } from "./training-bookings.ts";
import { evaluationTokenHash } from "../../app/domain/training/evaluation.server.ts";
import { createTrainingEvent } from "./training.ts";
import { type ChampionVisitSamples, championVisitSamples } from "./champions.ts";
import { provisionSamples } from "./provision.ts";

/** Every route of app/routes.ts, children included: what the route inventory and the form fuzz test walk. */
function flatten(entries: RouteConfigEntry[]): RouteConfigEntry[] {
  return entries.flatMap((e) => [e, ...flatten(e.children ?? [])]);
}
export const ROUTES = flatten(routes as RouteConfigEntry[]);

export const OAKFIELD = "990001"; // Maidstone, in the champion's list
export const RIVERSIDE = "990002"; // Thanet

/** One demo account for each role (db/seed/demo.ts). */
export const ACCOUNTS: { email: string; role: Role }[] = [
  { email: "senco@oakfield.example", role: "senco" },
  { email: "head@oakfield.example", role: "headteacher" },
  { email: "champion@kent.example", role: "inclusion_champion" },
  { email: "stls@kent.example", role: "stls" },
  { email: "officer@kent.example", role: "council_officer" },
  { email: "admin@kent.example", role: "admin" },
];

/** The seeded records a route's sample path names (`:pupilId`, `:ref`, ...). */
export interface SampleRecords {
  userId: number;
  /** A funding request of Oakfield's that has reached the council. */
  ref: string;
  pupilIds: { oakfield: number; riverside: number };
  schemeId: number;
  reasonId: number;
  /** A request of Oakfield's with a decision (an award), and a review of that award not yet recorded. */
  decidedRef: string;
  reviewId: number;
  /** An evidence document of that request (db/seed/documents.ts). */
  documentId: number;
  /** Training (db/seed/training.ts): Oakfield's private upcoming event (whole-school training), a programme and a course. */
  eventId: number;
  programmeId: number;
  courseId: number;
  /** A training event open for booking, and an Oakfield booking on it (tests/setup/training-bookings.ts). */
  training_bookings: { bookingEventId: number; bookingId: number };
  /** A bespoke training request of Oakfield's waiting for the council (db/seed/training-bespoke.ts). */
  bespokeRef: string;
  /** A past training event presented by the demo STLS teacher, with bookings; a booking of Oakfield's on it marked as attended. */
  attendanceEventId: number;
  certificateBookingId: number;
  /** LIFT (db/seed/lift.ts): the next meeting of Oakfield's group, and the referral of Oakfield's waiting for its outcome on the last one held. */
  lift_meetings: { meetingId: number; outcomeRef: string };
  /** LIFT referrals of Oakfield's (db/seed/lift-referrals.ts): one sent to a coming meeting, its Agreement to Engage, and a draft. */
  lift_referrals: { liftRef: string; liftDocumentId: number; liftDraftRef: string };
  /** STLS visits (db/seed/stls-visits.ts): Tom Harding's free visit slot, Freya Holt's involvement, a free clinic slot, Oakfield's booked visit. */
  stls_visits: { stlsSlotId: number; stlsInvolvementId: number; stlsClinicSlotId: number; stlsVisitId: number };
  /** Champion visits (db/seed/champion-visits.ts): Oakfield's published visit, its open school action, the champion's draft. */
  champion_visits: ChampionVisitSamples;
  /** Resource provision (db/seed/provision.ts): Oakfield's SRP and the return window open today. */
  provision: { srpId: number; srpWindowId: number };
  /** A GIAS import (ADR 62): a dry run made by the admin, not applied. */
  giasImportId: number;
}

export async function sampleRecords(database: DatabaseHandle): Promise<SampleRecords> {
  const db = database.db;
  const pupilId = async (lastName: string) => (await db.selectFrom("pupils").select("id").where("last_name", "=", lastName).executeTakeFirstOrThrow()).id;
  const ref = await requestOf(database, OAKFIELD, "submitted");
  const attendance = await attendanceSample(database);
  return {
    ...attendance,
    userId: (await db.selectFrom("users").select("id").where("email", "=", "head@riverside.example").executeTakeFirstOrThrow()).id,
    ref,
    pupilIds: { oakfield: await pupilId("Hart"), riverside: await pupilId("Dunn") }, // Amelia Hart, Oakfield; Sophie Dunn, Riverside
    schemeId: (await db.selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow()).id,
    reasonId: (await db.selectFrom("decision_reasons").select("id").orderBy("id").executeTakeFirstOrThrow()).id,
    decidedRef: await requestOf(database, OAKFIELD, "approved"),
    reviewId: (
      await db
        .selectFrom("funding_reviews")
        .innerJoin("funding_requests", "funding_requests.id", "funding_reviews.funding_request_id")
        .innerJoin("schools", "schools.id", "funding_requests.school_id")
        .select("funding_reviews.id")
        .where("schools.urn", "=", OAKFIELD)
        .where("funding_reviews.status", "=", "due")
        .orderBy("funding_reviews.id")
        .executeTakeFirstOrThrow()
    ).id,
    documentId: (
      await db
        .selectFrom("funding_request_documents")
        .innerJoin("funding_requests", "funding_requests.id", "funding_request_documents.funding_request_id")
        .select("funding_request_documents.id")
        .where("funding_requests.reference", "=", ref)
        .where("funding_request_documents.withdrawn_at", "is", null)
        .orderBy("funding_request_documents.id")
        .executeTakeFirstOrThrow()
    ).id,
    eventId: (
      await db
        .selectFrom("training_events")
        .innerJoin("schools", "schools.id", "training_events.private_school_id")
        .select("training_events.id")
        .where("schools.urn", "=", OAKFIELD)
        .where("training_events.status", "=", "published")
        .where("training_events.starts_at", ">", new Date())
        .orderBy("training_events.starts_at")
        .orderBy("training_events.id")
        .executeTakeFirstOrThrow()
    ).id,
    programmeId: (await db.selectFrom("training_programmes").select("id").where("name", "=", "Autism Education Trust").executeTakeFirstOrThrow()).id,
    courseId: (await db.selectFrom("training_courses").select("id").where("title", "=", "Making Sense of Autism").executeTakeFirstOrThrow()).id,
    training_bookings: await bookingSamples(database),
    bespokeRef: await bespokeOf(database, OAKFIELD),
    lift_meetings: await liftMeetingSamples(database),
    lift_referrals: await liftReferralSamples(database),
    stls_visits: await stlsVisitSamples(database),
    champion_visits: await championVisitSamples(database),
    provision: await provisionSamples(database),
    giasImportId: await giasImportSample(database),
  };
}

/** The LIFT meeting pages' samples: Maidstone North's next meeting, and the seed's referral waiting on the last one held. */
async function liftMeetingSamples(database: DatabaseHandle) {
  const db = database.db;
  const group = await db
    .selectFrom("lift_group_schools")
    .innerJoin("schools", "schools.id", "lift_group_schools.school_id")
    .select("lift_group_schools.group_id")
    .where("schools.urn", "=", OAKFIELD)
    .executeTakeFirstOrThrow();
  const meeting = await db
    .selectFrom("lift_meetings")
    .select("id")
    .where("group_id", "=", group.group_id)
    .where("status", "=", "scheduled")
    .where("starts_at", ">", new Date())
    .orderBy("starts_at")
    .executeTakeFirstOrThrow();
  const waiting = await db
    .selectFrom("lift_referrals")
    .innerJoin("lift_meetings", "lift_meetings.id", "lift_referrals.meeting_id")
    .select("lift_referrals.reference")
    .where("lift_meetings.group_id", "=", group.group_id)
    .where("lift_meetings.ends_at", "<", new Date())
    .where("lift_referrals.status", "=", "sent")
    .orderBy("lift_referrals.id")
    .executeTakeFirstOrThrow();
  return { meetingId: meeting.id, outcomeRef: waiting.reference };
}

/** Oakfield's demo referrals: Amelia Hart's sent to a coming meeting (with its document), Noah Bennett's draft. */
async function liftReferralSamples(database: DatabaseHandle): Promise<SampleRecords["lift_referrals"]> {
  const of = (lastName: string, status: string) =>
    database.db
      .selectFrom("lift_referrals")
      .innerJoin("pupils", "pupils.id", "lift_referrals.pupil_id")
      .select(["lift_referrals.id", "lift_referrals.reference"])
      .where("pupils.last_name", "=", lastName)
      .where("lift_referrals.status", "=", status)
      .orderBy("lift_referrals.id")
      .executeTakeFirstOrThrow();
  const sent = await of("Hart", "sent");
  const document = await database.db.selectFrom("lift_referral_documents").select("id").where("lift_referral_id", "=", sent.id).executeTakeFirstOrThrow();
  return { liftRef: sent.reference, liftDocumentId: document.id, liftDraftRef: (await of("Bennett", "draft")).reference };
}

/** The STLS visits pages' samples, from the demo seed (db/seed/stls-visits.ts). */
async function stlsVisitSamples(database: DatabaseHandle) {
  const db = database.db;
  const free = (kind: "visit" | "clinic") =>
    db
      .selectFrom("stls_slots")
      .innerJoin("users", "users.id", "stls_slots.teacher_user_id")
      .select("stls_slots.id")
      .where("users.email", "=", "stls@kent.example")
      .where("stls_slots.kind", "=", kind)
      .where("stls_slots.status", "=", "open")
      .where("stls_slots.starts_at", ">", new Date())
      .where((eb) => eb.not(eb.exists(eb.selectFrom("stls_visits").select("stls_visits.id").whereRef("stls_visits.slot_id", "=", "stls_slots.id").where("stls_visits.status", "<>", "cancelled"))))
      .orderBy("stls_slots.starts_at", "desc")
      .executeTakeFirstOrThrow();
  const involvement = await db
    .selectFrom("lift_outcomes")
    .innerJoin("lift_referrals", "lift_referrals.id", "lift_outcomes.lift_referral_id")
    .innerJoin("pupils", "pupils.id", "lift_referrals.pupil_id")
    .select("lift_outcomes.id")
    .where("lift_outcomes.kind", "=", "involvement")
    .where("pupils.last_name", "=", "Holt")
    .executeTakeFirstOrThrow();
  const visit = await db
    .selectFrom("stls_visits")
    .innerJoin("schools", "schools.id", "stls_visits.school_id")
    .select("stls_visits.id")
    .where("schools.urn", "=", OAKFIELD)
    .where("stls_visits.status", "=", "booked")
    .orderBy("stls_visits.id")
    .executeTakeFirstOrThrow();
  return { stlsSlotId: (await free("visit")).id, stlsInvolvementId: involvement.id, stlsClinicSlotId: (await free("clinic")).id, stlsVisitId: visit.id };
}

/** The reference of a school's first bespoke training request (db/seed/training-bespoke.ts). */
export async function bespokeOf(database: DatabaseHandle, urn: string) {
  const row = await database.db
    .selectFrom("training_bespoke_requests")
    .innerJoin("schools", "schools.id", "training_bespoke_requests.school_id")
    .select("reference")
    .where("schools.urn", "=", urn)
    .orderBy("training_bespoke_requests.id")
    .executeTakeFirstOrThrow();
  return row.reference;
}

/**
 * The attendance pages' sample: a past event presented by stls@kent.example with an Oakfield booking marked as
 * attended (made here when the seed has none) and a fresh evaluation link for it.
 */
async function attendanceSample(database: DatabaseHandle) {
  const db = database.db;
  const stls = await db.selectFrom("users").select("id").where("email", "=", "stls@kent.example").executeTakeFirstOrThrow();
  const existing = await db
    .selectFrom("training_bookings")
    .innerJoin("training_events", "training_events.id", "training_bookings.event_id")
    .innerJoin("schools", "schools.id", "training_bookings.school_id")
    .select(["training_bookings.id", "training_bookings.event_id"])
    .where("training_events.presenter_user_id", "=", stls.id)
    .where("training_events.ends_at", "<", new Date())
    .where("training_bookings.attended", "=", true)
    .where("schools.urn", "=", OAKFIELD)
    .orderBy("training_bookings.id")
    .executeTakeFirst();
  let booking = existing;
  if (!booking) {
    const eventId = await createTrainingEvent(db, { courseTitle: "Sample attendance course", startsInDays: -7, presenterEmail: "stls@kent.example" });
    const school = await db.selectFrom("schools").select("id").where("urn", "=", OAKFIELD).executeTakeFirstOrThrow();
    const senco = await db.selectFrom("users").select("id").where("email", "=", "senco@oakfield.example").executeTakeFirstOrThrow();
    booking = await db
      .insertInto("training_bookings")
      .values({
        event_id: eventId,
        school_id: school.id,
        status: "booked",
        attendee_name: "Sam Sample",
        attendee_role: "Teaching assistant",
        attendee_email: "sam.sample@oakfield.example",
        booked_by: senco.id,
        attended: true,
        attendance_marked_by: stls.id,
        attendance_marked_at: new Date(),
      })
      .returning(["id", "event_id"])
      .executeTakeFirstOrThrow();
  }
  // The evaluation page's sample token (app/domain/training/attendance.routes.ts), as a live link of that booking.
  const link = { token_hash: evaluationTokenHash("sampleevaluationlinkaaaaaaaaaaaa"), created_at: new Date(), expires_at: new Date(Date.now() + 30 * 86_400_000) };
  await db
    .insertInto("training_evaluation_links")
    .values({ booking_id: booking.id, ...link })
    .onConflict((oc) => oc.column("booking_id").doUpdateSet(link))
    .execute();
  return { attendanceEventId: booking.event_id, certificateBookingId: booking.id };
}

/** The reference of a school's first funding request in a status. */
export async function requestOf(database: DatabaseHandle, urn: string, status: string) {
  const row = await database.db
    .selectFrom("funding_requests")
    .innerJoin("schools", "schools.id", "funding_requests.school_id")
    .select("reference")
    .where("schools.urn", "=", urn)
    .where("funding_requests.status", "=", status)
    .orderBy("funding_requests.id")
    .executeTakeFirstOrThrow();
  return row.reference;
}

/** A GIAS import's sample (ADR 62): a dry run of one school's change, made by the admin and not applied. */
async function giasImportSample(database: DatabaseHandle): Promise<number> {
  const db = database.db;
  const admin = await db.selectFrom("users").select("id").where("email", "=", "admin@kent.example").executeTakeFirstOrThrow();
  const found = await db.selectFrom("gias_imports").select("id").where("file_name", "=", "sample-gias-extract.csv").executeTakeFirst();
  if (found) return found.id;
  const created = await db
    .insertInto("gias_imports")
    .values({ uploaded_by: admin.id, file_name: "sample-gias-extract.csv", sha256: "0".repeat(64), encoding: "utf-8", la_code: "886", status: "ready", rows_read: 1 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return created.id;
}

/** A route's sample path with the seeded records put in. */
export function samplePath(sample: string, records: SampleRecords, ref = records.ref) {
  return sample
    .replace(":urn", OAKFIELD)
    .replace(":userId", String(records.userId))
    .replace(":pupilId", String(records.pupilIds.oakfield))
    .replace(":riversidePupilId", String(records.pupilIds.riverside))
    .replace(":decidedRef", records.decidedRef)
    .replace(":bespokeRef", records.bespokeRef)
    .replace(":liftRef", records.lift_referrals.liftRef)
    .replace(":liftDraftRef", records.lift_referrals.liftDraftRef)
    .replace(":liftDocumentId", String(records.lift_referrals.liftDocumentId))
    .replace(":reviewId", String(records.reviewId))
    .replace(":ref", ref)
    .replace(":schemeId", String(records.schemeId))
    .replace(":reasonId", String(records.reasonId))
    .replace(":documentId", String(records.documentId))
    .replace(":eventId", String(records.eventId))
    .replace(":programmeId", String(records.programmeId))
    .replace(":courseId", String(records.courseId))
    .replace(":bookingEventId", String(records.training_bookings.bookingEventId))
    .replace(":bookingId", String(records.training_bookings.bookingId))
    .replace(":attendanceEventId", String(records.attendanceEventId))
    .replace(":certificateBookingId", String(records.certificateBookingId))
    .replace(":meetingId", String(records.lift_meetings.meetingId))
    .replace(":liftOutcomeRef", records.lift_meetings.outcomeRef)
    .replace(":stlsSlotId", String(records.stls_visits.stlsSlotId))
    .replace(":stlsInvolvementId", String(records.stls_visits.stlsInvolvementId))
    .replace(":stlsClinicSlotId", String(records.stls_visits.stlsClinicSlotId))
    .replace(":stlsVisitId", String(records.stls_visits.stlsVisitId))
    .replace(":championVisitId", String(records.champion_visits.championVisitId))
    .replace(":championDraftId", String(records.champion_visits.championDraftId))
    .replace(":agreedActionId", String(records.champion_visits.agreedActionId))
    .replace(":srpWindowId", String(records.provision.srpWindowId))
    .replace(":srpId", String(records.provision.srpId))
    .replace(":giasImportId", String(records.giasImportId));
}
