import type { Kysely } from "kysely";
import type { Database } from "../types.ts";
import type { FundingStatus } from "../../app/domain/funding/funding.schema.ts";
import { waitingForSignOff } from "../../app/domain/funding/notices.ts";
import { planLineRows } from "../../app/domain/funding/store.server.ts";
import { bankHolidays } from "../../app/domain/funding/casework/areas.server.ts";
import { addWorkingDays } from "../../app/domain/funding/casework/service-level.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { seedDemoReviews } from "./reviews.ts";
import { seedDemoDocuments } from "./documents.ts";

/**
 * Funding requests for the demo and for benchmarks, written straight into the tables with a history that
 * matches their status (timeline events, decisions), as the workflow itself would have left them.
 */

type SeedStatus = FundingStatus;

export interface FundingSeed {
  schoolId: number;
  schemeId: number;
  schemeCode: string;
  pupilId: number | null;
  status: SeedStatus;
  sencoId: number;
  headId: number;
  officerId: number;
  periodStart: string;
  periodEnd: string;
  requestedPence: number;
  lines: { description: string; deliveredBy: string; hoursPerWeek: number; weeks: number; costPence: number }[];
  evidence: Record<string, string>;
  /** When the draft was started; later steps follow a day or so apart. */
  startedAt: Date;
  awardedPence?: number;
  reasonId?: number | null;
  /** The officer it is assigned to (ADR 30), if any. */
  assignedTo?: number | null;
}

const DAY = 86_400_000;

/** The steps that lead to each status, in order: [action, status after it, who]. */
const PATHS: Record<SeedStatus, [string, SeedStatus, "senco" | "head" | "officer"][]> = {
  draft: [],
  awaiting_headteacher: [["sent_to_headteacher", "awaiting_headteacher", "senco"]],
  submitted: [
    ["sent_to_headteacher", "awaiting_headteacher", "senco"],
    ["signed_off", "submitted", "head"],
  ],
  in_review: [
    ["sent_to_headteacher", "awaiting_headteacher", "senco"],
    ["signed_off", "submitted", "head"],
    ["review_started", "in_review", "officer"],
  ],
  more_information_needed: [
    ["sent_to_headteacher", "awaiting_headteacher", "senco"],
    ["signed_off", "submitted", "head"],
    ["review_started", "in_review", "officer"],
    ["information_requested", "more_information_needed", "officer"],
  ],
  approved: [
    ["sent_to_headteacher", "awaiting_headteacher", "senco"],
    ["signed_off", "submitted", "head"],
    ["review_started", "in_review", "officer"],
    ["decided", "approved", "officer"],
  ],
  partly_approved: [
    ["sent_to_headteacher", "awaiting_headteacher", "senco"],
    ["signed_off", "submitted", "head"],
    ["review_started", "in_review", "officer"],
    ["decided", "partly_approved", "officer"],
  ],
  declined: [
    ["sent_to_headteacher", "awaiting_headteacher", "senco"],
    ["signed_off", "submitted", "head"],
    ["review_started", "in_review", "officer"],
    ["decided", "declined", "officer"],
  ],
  withdrawn: [
    ["sent_to_headteacher", "awaiting_headteacher", "senco"],
    ["signed_off", "submitted", "head"],
    ["withdrawn", "withdrawn", "senco"],
  ],
};

const COMMENTS: Record<string, string> = {
  information_requested: "Please add the educational psychologist's advice and the dates of the LIFT meeting.",
  decided: "Decision made against the Kent High Needs Funding criteria.",
  withdrawn: "The pupil's needs are now met from the school's own resources.",
};

function financialYearOf(iso: string) {
  const [year, month] = iso.split("-").map(Number) as [number, number];
  return month >= 4 ? year : year - 1;
}

/** Inserts the requests with their lines, timelines and decisions; numbers references on from the counters. */
export async function insertFundingRequests(db: Kysely<Database>, seeds: FundingSeed[], options: { batch?: number } = {}) {
  const batch = options.batch ?? 500;
  const counters = new Map<string, number>();
  for (const row of await db.selectFrom("reference_counters").selectAll().execute()) counters.set(`${row.prefix}-${row.year}`, row.last_number);
  // Due dates as sign-off sets them: the scheme's target in working days from the day it was signed off.
  const holidays = await bankHolidays(db);
  const targets = new Map((await db.selectFrom("funding_schemes").select(["id", "target_working_days"]).execute()).map((s) => [s.id, s.target_working_days]));
  for (let offset = 0; offset < seeds.length; offset += batch) {
    const chunk = seeds.slice(offset, offset + batch);
    const rows = chunk.map((s) => {
      const year = s.startedAt.getUTCFullYear();
      const key = `${s.schemeCode}-${year}`;
      const number = (counters.get(key) ?? 0) + 1;
      counters.set(key, number);
      const steps = PATHS[s.status];
      const at = (i: number) => new Date(s.startedAt.getTime() + (i + 1) * DAY);
      const signedOffIndex = steps.findIndex(([action]) => action === "signed_off");
      const decided = ["approved", "partly_approved", "declined"].includes(s.status);
      const awarded = s.status === "approved" ? s.requestedPence : s.status === "partly_approved" ? (s.awardedPence ?? Math.round(s.requestedPence * 0.6)) : 0;
      return {
        seed: s,
        steps,
        at,
        awarded,
        decided,
        values: {
          reference: `${s.schemeCode}-${year}-${String(number).padStart(5, "0")}`,
          school_id: s.schoolId,
          scheme_id: s.schemeId,
          pupil_id: s.pupilId,
          status: s.status,
          amount_requested_pence: s.requestedPence,
          period_start: s.periodStart,
          period_end: s.periodEnd,
          financial_year: financialYearOf(s.periodStart),
          evidence: JSON.stringify(s.evidence),
          awarded_pence: decided ? awarded : null,
          award_start: decided && awarded > 0 ? s.periodStart : null,
          award_end: decided && awarded > 0 ? s.periodEnd : null,
          created_by: s.sencoId,
          created_at: s.startedAt,
          updated_at: steps.length ? at(steps.length - 1) : s.startedAt,
          submitted_at: signedOffIndex >= 0 ? at(signedOffIndex) : null,
          due_on: signedOffIndex >= 0 ? addWorkingDays(londonToday(at(signedOffIndex)), targets.get(s.schemeId) ?? 20, holidays) : null,
          assigned_to: s.assignedTo ?? null,
          decided_at: decided ? at(steps.length - 1) : null,
          // A request past draft that names a pupil was sent with the parents' consent recorded (issue 8).
          ...(s.pupilId !== null && s.status !== "draft"
            ? {
                consent_given_by: number % 2 ? "The pupil's mother" : "Both parents",
                consent_date: s.startedAt.toISOString().slice(0, 10),
                consent_method: number % 2 ? "in_writing" : "meeting",
              }
            : {}),
          idempotency_key: `seed-${key}-${number}`,
          version: steps.length + 2,
        },
      };
    });
    const inserted = await db.insertInto("funding_requests").values(rows.map((r) => r.values)).returning(["id", "reference"]).execute();
    const idOf = new Map(inserted.map((r) => [r.reference, r.id]));
    const lines = rows.flatMap((r) => planLineRows(idOf.get(r.values.reference)!, r.seed.lines));
    if (lines.length) await db.insertInto("funding_request_lines").values(lines).execute();
    const events = rows.flatMap((r) => {
      const id = idOf.get(r.values.reference)!;
      const who = { senco: [r.seed.sencoId, "senco"], head: [r.seed.headId, "headteacher"], officer: [r.seed.officerId, "council_officer"] } as const;
      const created = { funding_request_id: id, occurred_at: r.seed.startedAt, actor_user_id: r.seed.sencoId, actor_role: "senco", action: "created", from_status: null, to_status: "draft", comment: null };
      let from: string = "draft";
      return [
        created,
        ...r.steps.map(([action, to, role], i) => {
          const event = { funding_request_id: id, occurred_at: r.at(i), actor_user_id: who[role][0], actor_role: who[role][1], action, from_status: from, to_status: to, comment: COMMENTS[action] ?? null };
          from = to;
          return event;
        }),
      ];
    });
    await db.insertInto("funding_request_events").values(events).execute();
    const decisions = rows
      .filter((r) => r.decided)
      .map((r) => ({
        funding_request_id: idOf.get(r.values.reference)!,
        outcome: r.seed.status,
        awarded_pence: r.awarded,
        award_start: r.values.award_start,
        award_end: r.values.award_end,
        reason_id: r.seed.status === "approved" ? null : (r.seed.reasonId ?? null),
        reason_text: COMMENTS.decided!,
        decided_by: r.seed.officerId,
        decided_at: r.values.decided_at!,
      }));
    if (decisions.length) await db.insertInto("funding_decisions").values(decisions).execute();
  }
  for (const [key, last] of counters) {
    const [prefix, year] = key.split("-") as [string, string];
    await db
      .insertInto("reference_counters")
      .values({ prefix, year: Number(year), last_number: last })
      .onConflict((oc) => oc.columns(["prefix", "year"]).doUpdateSet({ last_number: last }))
      .execute();
  }
}

/** A typical costed plan whose total is `totalPence`: teaching assistant time plus a specialist programme. */
export function typicalPlan(totalPence: number) {
  const specialist = Math.round(totalPence * 0.15);
  return [
    { description: "1:1 teaching assistant support in lessons and at unstructured times", deliveredBy: "Level 3 teaching assistant", hoursPerWeek: 15, weeks: 38, costPence: totalPence - specialist },
    { description: "Speech and language programme, planned by a therapist", deliveredBy: "Speech and language therapist", hoursPerWeek: 1, weeks: 12, costPence: specialist },
  ];
}

export function evidenceFor(checklist: unknown): Record<string, string> {
  const items = Array.isArray(checklist) ? (checklist as { key: string }[]) : [];
  return Object.fromEntries(items.map((i) => [i.key, "Yes: see the pupil's provision map and the LIFT notes of the spring term meeting."]));
}

/**
 * The demo's requests: Oakfield Primary has one in every status (and an award from last year), Riverside
 * Academy a few, so each role sees a realistic picture from the first sign-in.
 */
export async function seedDemoFunding(db: Kysely<Database>, now = new Date()) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(now);
  const fy = financialYearOf(today);
  const current = { start: `${fy}-09-01`, end: `${fy + 1}-03-31` };
  const previous = { start: `${fy - 1}-09-01`, end: `${fy}-03-31` };
  const schemes = await db.selectFrom("funding_schemes").select(["id", "code", "evidence_checklist"]).execute();
  const hnf = schemes.find((s) => s.code === "HNF")!;
  const sis = schemes.find((s) => s.code === "SIS")!;
  const reasons = await db.selectFrom("decision_reasons").select("id").orderBy("sort_order").execute();
  const officer = await db.selectFrom("users").select("id").where("email", "=", "officer@kent.example").executeTakeFirstOrThrow();
  // Who the demo's requests are assigned to (ADR 30): Oakfield (Maidstone, West) those in hand to Helen Marsh,
  // of the West area; Riverside (Thanet, East) its oldest waiting to the East area's officer.
  const eastOfficer = await db.selectFrom("users").select("id").where("email", "=", "officer.east@kent.example").executeTakeFirst();
  const assigned: Record<string, Partial<Record<SeedStatus, number>>> = {
    "990001": { in_review: officer.id, more_information_needed: officer.id },
    "990002": eastOfficer ? { submitted: eastOfficer.id } : {},
  };
  const seeds: FundingSeed[] = [];
  const plan = [
    // [status, total plan £, requested £, days ago started, previous year?]
    ["approved", 14_800, 8_800, 300, true],
    ["draft", 12_000, 6_000, 3, false],
    ["awaiting_headteacher", 15_500, 9_500, 6, false],
    // Sent 24 and 38 days ago: due soon (or just overdue) and overdue against a 20-working-day target (ADR 30).
    ["submitted", 13_200, 7_200, 24, false],
    ["in_review", 18_000, 12_000, 38, false],
    ["more_information_needed", 11_400, 5_400, 25, false],
    ["approved", 16_000, 10_000, 45, false],
    ["partly_approved", 21_000, 15_000, 50, false],
    ["declined", 9_000, 3_000, 55, false],
    ["withdrawn", 10_500, 4_500, 30, false],
  ] as const;
  for (const [urn, take] of [["990001", plan.length], ["990002", 4]] as const) {
    const school = await db.selectFrom("schools").select("id").where("urn", "=", urn).executeTakeFirstOrThrow();
    const staff = await db.selectFrom("memberships").select(["user_id", "role"]).where("school_id", "=", school.id).execute();
    const senco = staff.find((m) => m.role === "senco")!.user_id;
    const head = staff.find((m) => m.role === "headteacher")!.user_id;
    // High Needs Funding is for pupils on SEN support (its pupil rule): its requests name only those.
    const pupils = await db
      .selectFrom("pupils")
      .select("id")
      .where("school_id", "=", school.id)
      .where("date_left", "is", null)
      .where("sen_provision", "=", "K")
      .orderBy("id")
      .execute();
    plan.slice(0, take).forEach(([status, total, requested, daysAgo, last], i) => {
      const pupil = pupils[i % Math.max(1, pupils.length)];
      const scheme = pupil ? hnf : sis;
      const period = last ? previous : current;
      seeds.push({
        schoolId: school.id,
        schemeId: scheme.id,
        schemeCode: scheme.code,
        pupilId: pupil?.id ?? null,
        status,
        sencoId: senco,
        headId: head,
        officerId: officer.id,
        periodStart: period.start,
        periodEnd: period.end,
        requestedPence: requested * 100,
        lines: typicalPlan(total * 100),
        evidence: evidenceFor(scheme.evidence_checklist),
        startedAt: new Date(now.getTime() - daysAgo * DAY),
        reasonId: reasons[i % reasons.length]?.id ?? null,
        assignedTo: assigned[urn]?.[status] ?? null,
      });
    });
    // A school-level request with no named pupil, waiting for the council.
    seeds.push({
      schoolId: school.id,
      schemeId: sis.id,
      schemeCode: sis.code,
      pupilId: null,
      status: "submitted",
      sencoId: senco,
      headId: head,
      officerId: officer.id,
      periodStart: current.start,
      periodEnd: current.end,
      requestedPence: 4_500_00,
      lines: [{ description: "Nurture group, two afternoons a week", deliveredBy: "Trained nurture practitioner", hoursPerWeek: 5, weeks: 30, costPence: 4_500_00 }],
      evidence: evidenceFor(sis.evidence_checklist),
      startedAt: new Date(now.getTime() - 9 * DAY),
    });
  }
  seeds.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  await insertFundingRequests(db, seeds);
  await seedSignOffNotifications(db);
  await seedDemoReviews(db, now);
  await seedDemoDocuments(db);
}

/**
 * A request waiting for sign-off has told its school's headteachers, as `sendToHeadteacher` does (same words,
 * same link), at the moment it was sent. Oakfield's headteacher has read his already; Riverside's has not, so
 * the demo shows both. No email is queued: the demo's past is not sent again.
 */
async function seedSignOffNotifications(db: Kysely<Database>) {
  const waiting = await db
    .selectFrom("funding_requests")
    .innerJoin("funding_request_events as sent", (join) =>
      join.onRef("sent.funding_request_id", "=", "funding_requests.id").on("sent.action", "=", "sent_to_headteacher"),
    )
    .innerJoin("memberships", (join) => join.onRef("memberships.school_id", "=", "funding_requests.school_id").on("memberships.role", "=", "headteacher"))
    .innerJoin("schools", "schools.id", "funding_requests.school_id")
    .select(["funding_requests.reference", "memberships.user_id", "sent.occurred_at", "schools.urn"])
    .where("funding_requests.status", "=", "awaiting_headteacher")
    .execute();
  if (waiting.length === 0) return;
  await db
    .insertInto("notifications")
    .values(
      waiting.map((w) => ({
        user_id: w.user_id,
        ...(({ message, link }) => ({ message, link }))(waitingForSignOff(w.reference)),
        created_at: w.occurred_at,
        read_at: w.urn === "990001" ? new Date(new Date(w.occurred_at).getTime() + 2 * 3_600_000) : null,
      })),
    )
    .execute();
}
