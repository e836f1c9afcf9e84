import type { CitationKind } from "../funding/evidence-citations.server.ts";
import type { DB, Trx } from "./bespoke-store.server.ts";
import { type CitationStatus, TRAINING_EVIDENCE_KEY, TRAINING_RECORD_YEARS } from "./funding-evidence.ts";

/**
 * High Needs Funding asks whether "relevant staff have been trained in the last two years" (the checklist's
 * `staff-training` item); the portal knows. The evidence section shows the school's attendance records of the last
 * two years (bookings marked attended, of the request's school, on events that have ended), those about the
 * request's area of need first (the pupil's primary need's broad area, matched to the courses' need areas), the
 * others after under "Other training": a SENCO may cite either, and the officer sees whether each cited record is
 * about the pupil's need. The citations are saved with the evidence section; what makes one count (attended, this
 * school, within two years) is worked out whenever it is shown, never stored, so the officer sees it as it is on
 * the day they decide.
 */

export interface TrainingRecord {
  bookingId: number;
  attendee: string;
  role: string;
  course: string;
  endedAt: Date;
  needAreas: string[];
  /** About the request's area of need (every record is, for a request not about one pupil). */
  matchesNeed: boolean;
}

/** Two years before `now`: the oldest end of an event a record may have and still count. */
export function recordsSince(now: Date = new Date()): Date {
  const since = new Date(now);
  since.setUTCFullYear(since.getUTCFullYear() - TRAINING_RECORD_YEARS);
  return since;
}

/** The request's school and its area of need (the pupil's primary need's broad area; none for a school-level request). */
async function requestNeed(db: DB | Trx, fundingRequestId: number) {
  return db
    .selectFrom("funding_requests")
    .leftJoin("pupils", "pupils.id", "funding_requests.pupil_id")
    .leftJoin("sen_need_types", "sen_need_types.code", "pupils.primary_need")
    .select(["funding_requests.school_id", "sen_need_types.broad_area"])
    .where("funding_requests.id", "=", fundingRequestId)
    .executeTakeFirstOrThrow();
}

/** Bookings with their course and its need areas: what a record shows. */
function recordQuery(db: DB | Trx) {
  return db
    .selectFrom("training_bookings")
    .innerJoin("training_events", "training_events.id", "training_bookings.event_id")
    .innerJoin("training_courses", "training_courses.id", "training_events.course_id")
    .select((eb) => [
      "training_bookings.id",
      "training_bookings.school_id",
      "training_bookings.attended",
      "training_bookings.attendee_name",
      "training_bookings.attendee_role",
      "training_events.ends_at",
      "training_courses.title",
      eb
        .selectFrom("training_course_need_areas")
        .select((e) => e.fn.agg<string[] | null>("array_agg", ["training_course_need_areas.need_area"]).as("areas"))
        .whereRef("training_course_need_areas.course_id", "=", "training_courses.id")
        .as("need_areas"),
    ]);
}

type RecordRow = { id: number; attendee_name: string; attendee_role: string; title: string; ends_at: Date; need_areas: string[] | null };

function toRecord(r: RecordRow, need: string | null): TrainingRecord {
  const needAreas = r.need_areas ?? [];
  const matchesNeed = need === null || needAreas.includes(need);
  return { bookingId: r.id, attendee: r.attendee_name, role: r.attendee_role, course: r.title, endedAt: r.ends_at, needAreas, matchesNeed };
}

/** The school's attendance records that may be cited: attended, of the request's school, ended within two years. */
async function citable(db: DB | Trx, schoolId: number, need: string | null, now: Date, only?: number[]) {
  if (only?.length === 0) return [];
  let query = recordQuery(db);
  if (only) query = query.where("training_bookings.id", "in", only);
  const rows = await query
    .where("training_bookings.school_id", "=", schoolId)
    .where("training_bookings.attended", "=", true)
    .where("training_events.ends_at", ">=", recordsSince(now))
    .where("training_events.ends_at", "<=", now)
    .orderBy("training_events.ends_at", "desc")
    .orderBy("training_bookings.id")
    .limit(200)
    .execute();
  return rows.map((r) => toRecord(r, need));
}

/**
 * The evidence section's records, for a request the actor has already been shown (its id from their reach): those
 * about the request's need first, then the other training, and which of them are cited now.
 */
export async function trainingRecordsFor(db: DB, fundingRequestId: number, now: Date = new Date()) {
  const request = await requestNeed(db, fundingRequestId);
  const [records, cited] = await Promise.all([
    citable(db, request.school_id, request.broad_area, now),
    db.selectFrom("funding_request_training_citations").select("training_booking_id").where("funding_request_id", "=", fundingRequestId).execute(),
  ]);
  return {
    needArea: request.broad_area,
    matching: records.filter((r) => r.matchesNeed),
    other: records.filter((r) => !r.matchesNeed),
    cited: cited.map((c) => c.training_booking_id),
  };
}
export type TrainingRecords = Awaited<ReturnType<typeof trainingRecordsFor>>;

export interface CitedRecord {
  bookingId: number;
  status: CitationStatus;
  /** The record, when it is this school's: another school's is never shown. */
  record: TrainingRecord | null;
}

/** The records a request cites, each with whether it really counts (attended, this school, within two years). */
export async function citedTrainingOf(db: DB, fundingRequestId: number, now: Date = new Date()): Promise<{ needArea: string | null; cited: CitedRecord[] }> {
  const request = await requestNeed(db, fundingRequestId);
  const rows = await recordQuery(db)
    .innerJoin("funding_request_training_citations", "funding_request_training_citations.training_booking_id", "training_bookings.id")
    .where("funding_request_training_citations.funding_request_id", "=", fundingRequestId)
    .orderBy("training_events.ends_at", "desc")
    .orderBy("training_bookings.id")
    .execute();
  const since = recordsSince(now);
  return {
    needArea: request.broad_area,
    cited: rows.map((r): CitedRecord => {
      const ours = r.school_id === request.school_id;
      const status: CitationStatus = !ours || r.attended !== true || r.ends_at > now ? "not_found" : r.ends_at < since ? "too_old" : "confirmed";
      return { bookingId: r.id, status, record: ours ? toRecord(r, request.broad_area) : null };
    }),
  };
}

/**
 * Citing attendance records (the shared machinery: funding/evidence-citations.server.ts): a key is the booking's
 * id; a record may be cited when it is attended, of the request's school, on an event ended within two years.
 */
export const TRAINING_CITATIONS: CitationKind = {
  field: "trainingCitations",
  shownField: "trainingCitationsShown",
  max: 50,
  asks: (checklist) => checklist.some((item) => item.key === TRAINING_EVIDENCE_KEY),
  wellFormed: (key) => /^[1-9]\d{0,8}$/.test(key),
  async saved(db, fundingRequestId) {
    const rows = await db.selectFrom("funding_request_training_citations").select("training_booking_id").where("funding_request_id", "=", fundingRequestId).execute();
    return rows.map((c) => String(c.training_booking_id));
  },
  async citable(db, request, keys, now) {
    return (await citable(db, request.schoolId, null, now, keys.map(Number))).map((r) => String(r.bookingId));
  },
  async replace(trx, fundingRequestId, keys) {
    await trx.deleteFrom("funding_request_training_citations").where("funding_request_id", "=", fundingRequestId).execute();
    if (keys.length === 0) return;
    await trx
      .insertInto("funding_request_training_citations")
      .values(keys.map((key) => ({ funding_request_id: fundingRequestId, training_booking_id: Number(key) })))
      .execute();
  },
  messages: {
    tooMany: "Cite 50 training records or fewer",
    notFromList: "Select training records from the list",
    refused: "Only your school's attendance records from the last two years can be cited: select training your staff attended, from the list",
    changed: "The request changed while you were working on it: tick the training records again",
  },
  audit: { action: "funding_request.training_cited", detail: (keys) => ({ evidence: TRAINING_EVIDENCE_KEY, bookings: keys.map(Number).sort((a, b) => a - b) }) },
};

/**
 * A request's cited training for its pages (request, decision, check answers), given the request as the actor was
 * shown it (their reach already checked): null when its scheme does not ask about staff training.
 */
export async function citedTrainingFor(db: DB, request: { id: number; scheme: { checklist: { key: string }[] } }) {
  if (!request.scheme.checklist.some((item) => item.key === TRAINING_EVIDENCE_KEY)) return null;
  return citedTrainingOf(db, request.id);
}
