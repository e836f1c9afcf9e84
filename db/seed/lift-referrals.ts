import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { formatDate } from "../../app/components/format.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { londonDateAndTime } from "../../app/domain/london-time.ts";
import { nextReference } from "../../app/domain/references.server.ts";
import { addDays } from "../../app/domain/stls/meeting-dates.ts";
import { referralSent } from "../../app/domain/stls/referral-notices.ts";
import type { Database } from "../types.ts";
import { demoPdf } from "./documents.ts";

/**
 * Demo LIFT referrals (issue 10, ADR 44), after the groups and meetings (db/seed/lift.ts): Oakfield's and
 * Riverside's, in every state: drafts; sent to a coming meeting; sent to a meeting already held and not yet
 * reached; outcomes recorded (advice; training with a catalogue course; deferred, then sent on to the next
 * meeting); withdrawn. Each sent one has its signed Agreement to Engage. (Freya Holt and Harry Reid are the
 * visits' seed's.) Does nothing when these pupils already have referrals: run twice, it adds nothing.
 */

type DB = Kysely<Database>;

type Plan = {
  pupil: [string, string];
  /** Which meeting of the school's group: "coming" (the first whose papers are not yet due), "held" (the last held), "earlier" (the one before). */
  meeting: "coming" | "held" | "earlier" | null;
  status: "draft" | "sent" | "outcome" | "withdrawn";
  discipline?: string;
  tried?: string;
  question?: string;
  outcome?: { kind: "advice" | "training" | "deferred"; advice: string; course?: string };
  /** Deferred at `earlier`, then sent on to the coming meeting. */
  deferred?: boolean;
};

const TRIED = "Precision teaching three times a week for a term; visual timetable and a quiet workstation; small-group phonics with the class teaching assistant.";

const PLANS: Record<string, { senco: string; plans: Plan[] }> = {
  "Oakfield Primary School": {
    senco: "senco@oakfield.example",
    plans: [
      { pupil: ["Amelia", "Hart"], meeting: "coming", status: "sent", discipline: "Cognition and learning", tried: TRIED, question: "What more should we put in place for reading and spelling?" },
      { pupil: ["Noah", "Bennett"], meeting: "coming", status: "draft", discipline: "Communication and interaction / autism" },
      { pupil: ["Leo", "Kemp"], meeting: "held", status: "sent", discipline: "Social, emotional and mental health", tried: TRIED, question: "How can we help Leo manage transitions between activities?" },
      {
        pupil: ["Isla", "Foster"],
        meeting: "earlier",
        status: "outcome",
        discipline: "Communication and interaction / autism",
        tried: TRIED,
        question: "Which strategies would help with expressive language in class?",
        outcome: { kind: "advice", advice: "Use a word-learning routine for topic vocabulary and model sentence frames; review in six weeks with the class teacher." },
      },
      {
        pupil: ["Ava", "Quinn"],
        meeting: "held",
        status: "outcome",
        discipline: "Social, emotional and mental health",
        tried: TRIED,
        question: "What training would help staff support emotional regulation?",
        outcome: { kind: "training", advice: "Staff working with Ava would benefit from the autism course; the SENCO to share the session's strategies with the team.", course: "Making Sense of Autism" },
      },
      { pupil: ["Amelia", "Hart"], meeting: null, status: "withdrawn", discipline: "Sensory" },
    ],
  },
  "Riverside Academy": {
    senco: "senco@riverside.example",
    plans: [
      {
        pupil: ["Sophie", "Dunn"],
        meeting: "coming",
        status: "sent",
        deferred: true,
        discipline: "Communication and interaction / autism",
        tried: TRIED,
        question: "How can we support Sophie's attendance at lunchtimes?",
        outcome: { kind: "deferred", advice: "Deferred: bring the speech and language therapist's latest report and the attendance figures to the next meeting." },
      },
      { pupil: ["Kai", "Edwards"], meeting: null, status: "draft" },
      {
        pupil: ["Kai", "Edwards"],
        meeting: "earlier",
        status: "outcome",
        discipline: "Social, emotional and mental health",
        tried: TRIED,
        question: "What would help Kai re-engage with lessons after exclusion?",
        outcome: { kind: "advice", advice: "A key adult check-in each morning and a reduced, reviewed timetable for four weeks." },
      },
      { pupil: ["Sophie", "Dunn"], meeting: "coming", status: "withdrawn", discipline: "Sensory", tried: TRIED, question: "Would a sensory audit help?" },
    ],
  },
};

async function meetingsOf(db: DB, schoolId: number, now: Date) {
  const rows = await db
    .selectFrom("lift_meetings")
    .innerJoin("lift_group_schools", "lift_group_schools.group_id", "lift_meetings.group_id")
    .select(["lift_meetings.id", "lift_meetings.starts_at", "lift_meetings.papers_due_on"])
    .where("lift_group_schools.school_id", "=", schoolId)
    .where("lift_meetings.status", "=", "scheduled")
    .orderBy("lift_meetings.starts_at")
    .execute();
  const today = londonToday(now);
  const held = rows.filter((m) => m.starts_at < now);
  return {
    coming: rows.find((m) => m.starts_at > now && m.papers_due_on >= today),
    held: held.at(-1),
    earlier: held.at(-2),
  };
}

async function attachAgreement(db: DB, referralId: number, uploadedBy: number, at: Date) {
  const bytes = demoPdf(["Agreement to Engage with LIFT", "Signed by the pupil's parent (demo document)"]);
  const key = randomUUID();
  await db.insertInto("stored_files").values({ storage_key: key, byte_size: bytes.length, complete: true, created_at: at }).execute();
  await db.insertInto("stored_file_chunks").values({ storage_key: key, seq: 0, bytes }).execute();
  await db
    .insertInto("lift_referral_documents")
    .values({
      lift_referral_id: referralId,
      kind: "agreement_to_engage",
      title: "Agreement to Engage",
      file_name: "Agreement to Engage.pdf",
      media_type: "application/pdf",
      extension: "pdf",
      byte_size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      storage_key: key,
      upload_key: randomBytes(16).toString("base64url"),
      uploaded_by: uploadedBy,
      uploaded_role: "senco",
      uploaded_at: at,
    })
    .execute();
}

export async function seedDemoLiftReferrals(db: DB, now: Date = new Date()): Promise<void> {
  const amelia = await db.selectFrom("pupils").select("id").where("first_name", "=", "Amelia").where("last_name", "=", "Hart").executeTakeFirst();
  if (!amelia) return;
  if (await db.selectFrom("lift_referrals").select("id").where("pupil_id", "=", amelia.id).limit(1).executeTakeFirst()) return;
  const stls = await db.selectFrom("users").select("id").where("email", "=", "stls@kent.example").executeTakeFirst();
  const course = await db.selectFrom("training_courses").select("id").where("title", "=", "Making Sense of Autism").executeTakeFirst();
  for (const [schoolName, { senco: sencoEmail, plans }] of Object.entries(PLANS)) {
    const school = await db.selectFrom("schools").select(["id", "name"]).where("name", "=", schoolName).executeTakeFirst();
    const senco = await db.selectFrom("users").select("id").where("email", "=", sencoEmail).executeTakeFirst();
    if (!school || !senco) continue;
    const meetings = await meetingsOf(db, school.id, now);
    for (const plan of plans) {
      const pupil = await db.selectFrom("pupils").select("id").where("school_id", "=", school.id).where("first_name", "=", plan.pupil[0]).where("last_name", "=", plan.pupil[1]).executeTakeFirst();
      const meeting = plan.meeting ? meetings[plan.meeting] : undefined;
      if (!pupil || (plan.meeting && !meeting)) continue;
      const outcomeMeeting = plan.deferred ? meetings.earlier : meeting;
      if (plan.deferred && !outcomeMeeting) continue;
      const sent = plan.status === "sent" || plan.status === "outcome" || (plan.status === "withdrawn" && plan.question !== undefined);
      const createdAt = new Date(now.getTime() - 40 * 86_400_000);
      const sentAt = outcomeMeeting ? new Date(outcomeMeeting.starts_at.getTime() - 10 * 86_400_000) : new Date(now.getTime() - 2 * 86_400_000);
      const complete = sent || plan.question !== undefined;
      const referral = await db
        .insertInto("lift_referrals")
        .values({
          reference: await nextReference(db, "LIFT"),
          school_id: school.id,
          pupil_id: pupil.id,
          meeting_id: meeting?.id ?? null,
          status: plan.status,
          discipline: plan.discipline ?? null,
          core_standards_tried: plan.tried ?? null,
          question: plan.question ?? null,
          agreement_signed_by: complete ? `Parent of ${plan.pupil[0]}` : null,
          agreement_signed_on: complete ? addDays(londonToday(sentAt), -3) : null,
          carried_count: plan.deferred ? 1 : 0,
          created_by: senco.id,
          created_at: createdAt,
          sent_at: sent ? sentAt : null,
          sent_by: sent ? senco.id : null,
          withdrawn_at: plan.status === "withdrawn" ? new Date(now.getTime() - 86_400_000) : null,
        })
        .returning(["id", "reference"])
        .executeTakeFirstOrThrow();
      const event = (action: string, from: string | null, to: string, at: Date, actor = senco.id, role: string | null = "senco", comment: string | null = null) =>
        db.insertInto("lift_referral_events").values({ lift_referral_id: referral.id, actor_user_id: actor, actor_role: role, action, from_status: from, to_status: to, occurred_at: at, comment }).execute();
      await event("created", null, "draft", createdAt);
      if (complete) await attachAgreement(db, referral.id, senco.id, new Date(createdAt.getTime() + 86_400_000));
      if (sent) {
        await event("sent", "draft", "sent", sentAt);
        // The link teacher was told (in the portal; the email went at the time).
        if (stls && meeting) {
          const notice = referralSent(referral.reference, school.name, formatDate(londonDateAndTime(meeting.starts_at).date));
          await db.insertInto("notifications").values({ user_id: stls.id, message: notice.message, link: notice.link, created_at: sentAt }).execute();
        }
      }
      if (plan.outcome && outcomeMeeting && stls) {
        const recordedAt = new Date(outcomeMeeting.starts_at.getTime() + 3 * 3_600_000);
        await db
          .insertInto("lift_outcomes")
          .values({
            lift_referral_id: referral.id,
            meeting_id: outcomeMeeting.id,
            kind: plan.outcome.kind === "training" && !course ? "advice" : plan.outcome.kind,
            advice: plan.outcome.advice,
            training_course_id: plan.outcome.kind === "training" ? (course?.id ?? null) : null,
            recorded_by: stls.id,
            recorded_role: "stls",
            recorded_at: recordedAt,
          })
          .execute();
        if (plan.deferred) await event("deferred", "sent", "sent", recordedAt, stls.id, "stls", plan.outcome.advice);
        else await event("outcome_recorded", "sent", "outcome", recordedAt, stls.id, "stls");
      }
      if (plan.status === "withdrawn") await event("withdrawn", sent ? "sent" : "draft", "withdrawn", new Date(now.getTime() - 86_400_000), senco.id, "senco", "The family has moved to other support.");
    }
  }
}
