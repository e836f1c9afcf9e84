import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { EDITABLE } from "../funding/funding.workflow.ts";
import { FUNDING_STORE } from "../funding/store.server.ts";
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

/** What the section's POST sent: the ticked records, as the form names them; undefined when the list was not shown. */
export function citationsPosted(form: FormData): string[] | undefined {
  if (!form.has("trainingCitationsShown")) return undefined;
  return form.getAll("trainingCitations").map(String);
}

const CITE_FIELD = "trainingCitations";
const MAX_CITED = 50;

/**
 * Saves the records the evidence section cites (SENCO, on a draft they may edit), replacing those cited before.
 * Any record that cannot be cited (another school's, not attended, older than two years, not a record) refuses the
 * whole answer with a field error: the citations saved before stay, the rest of the draft is saved (saveDraft).
 * `resent`: the draft save found the form was sent against an old version and already saved: nothing is written;
 * a different choice of records is refused, since the request changed meanwhile.
 */
export async function saveTrainingCitations(
  db: DB,
  actor: Actor,
  reference: string,
  ticked: string[],
  options: { resent: boolean },
  requestId: string,
): Promise<{ notSaved: Record<string, string[]> }> {
  const unique = [...new Set(ticked)];
  if (unique.length > MAX_CITED) return { notSaved: { [CITE_FIELD]: [`Cite ${MAX_CITED} training records or fewer`] } };
  if (unique.some((id) => !/^[1-9]\d{0,8}$/.test(id))) return { notSaved: { [CITE_FIELD]: ["Select training records from the list"] } };
  const ids = unique.map(Number).sort((a, b) => a - b);
  return db.transaction().execute(async (trx): Promise<{ notSaved: Record<string, string[]> }> => {
    const row = await FUNDING_STORE.lock(trx, actor, reference);
    if (!row || !(EDITABLE as readonly string[]).includes(row.status)) return { notSaved: {} };
    const saved = (await trx.selectFrom("funding_request_training_citations").select("training_booking_id").where("funding_request_id", "=", row.id).execute())
      .map((c) => c.training_booking_id)
      .sort((a, b) => a - b);
    const same = saved.length === ids.length && saved.every((id, i) => id === ids[i]);
    if (same) return { notSaved: {} };
    if (options.resent) return { notSaved: { [CITE_FIELD]: ["The request changed while you were working on it: tick the training records again"] } };
    const allowed = new Set((await citable(trx, row.school_id, null, new Date(), ids)).map((r) => r.bookingId));
    const refused = ids.filter((id) => !allowed.has(id));
    if (refused.length > 0) {
      return {
        notSaved: {
          [CITE_FIELD]: [
            "Only your school's attendance records from the last two years can be cited: select training your staff attended, from the list",
          ],
        },
      };
    }
    await trx.deleteFrom("funding_request_training_citations").where("funding_request_id", "=", row.id).execute();
    await insertCitations(trx, row.id, ids);
    await recordAudit(trx, {
      actor,
      action: "funding_request.training_cited",
      subjectType: "funding_request",
      subjectId: row.id,
      requestId,
      detail: { reference, evidence: TRAINING_EVIDENCE_KEY, bookings: ids },
    });
    return { notSaved: {} };
  });
}

/**
 * "Apply again" (renewal.server.ts): the new draft cites the records of the one it renews that still count on the
 * day (attended, this school, within two years); the SENCO can add or remove any in the evidence section.
 */
export async function carryCitations(trx: Trx, from: { id: number; schoolId: number }, toId: number, now: Date = new Date()): Promise<void> {
  const cited = await trx.selectFrom("funding_request_training_citations").select("training_booking_id").where("funding_request_id", "=", from.id).execute();
  const carried = (await citable(trx, from.schoolId, null, now, cited.map((c) => c.training_booking_id))).map((r) => r.bookingId);
  await insertCitations(trx, toId, carried);
}

async function insertCitations(trx: Trx, fundingRequestId: number, bookingIds: number[]) {
  if (bookingIds.length === 0) return;
  await trx
    .insertInto("funding_request_training_citations")
    .values(bookingIds.map((id) => ({ funding_request_id: fundingRequestId, training_booking_id: id })))
    .execute();
}

/**
 * A request's cited training for its pages (request, decision, check answers), given the request as the actor was
 * shown it (their reach already checked): null when its scheme does not ask about staff training.
 */
export async function citedTrainingFor(db: DB, request: { id: number; scheme: { checklist: { key: string }[] } }) {
  if (!request.scheme.checklist.some((item) => item.key === TRAINING_EVIDENCE_KEY)) return null;
  return citedTrainingOf(db, request.id);
}
