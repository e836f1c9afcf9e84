import type { Actor } from "../access/access.server.ts";
import { type StepResult, takeStep } from "../workflow/engine.server.ts";
import { slotWhen } from "./slots.server.ts";
import { type DB, VISIT_STORE } from "./visit-store.server.ts";

/**
 * A visit's steps (ADR 45), through the workflow engine on VISIT_STORE: cancelling (the school's SENCO or the
 * slot's own teacher, before the visit starts, with a reason the other side is told), and the teacher's outcome
 * note once it has started, which the school reads. Versioned: a stale form is refused saying what changed.
 */

const started = (row: { starts_at: Date | string }, now: Date) => new Date(row.starts_at) <= now;

export async function cancelVisit(db: DB, actor: Actor, visitId: string, input: { version: number; reason: string }, requestId: string, now = new Date()): Promise<StepResult> {
  const step = actor.role === "stls" ? "cancelBySpecialist" : "cancelBySchool";
  return takeStep(db, actor, VISIT_STORE, step, { key: visitId, version: input.version, comment: input.reason, fields: { intent: "cancel", reason: input.reason } }, requestId, async (_trx, row) => {
    if (step === "cancelBySpecialist" && row.teacher_user_id !== actor.userId) return { ok: false, formError: "Only the specialist teacher whose slot this is can cancel it for the specialist side." };
    if (started(row, now)) return { ok: false, formError: `This visit began on ${slotWhen(row)}, so it can no longer be cancelled.` };
    const what = row.kind === "clinic" ? "drop-in clinic booking" : "visit";
    return {
      set: { cancelled_at: now, cancelled_by: actor.userId, cancelled_side: step === "cancelBySpecialist" ? "specialist" : "school", cancelled_reason: input.reason },
      notice: {
        subject: `${what === "visit" ? "Visit" : "Drop-in clinic booking"} cancelled: ${slotWhen(row)}`,
        message: `The ${what} on ${slotWhen(row)} has been cancelled by ${step === "cancelBySpecialist" ? "the specialist teacher" : "the school"}. The reason is on the visit's page.`,
        link: `/stls/visits/${row.id}`,
      },
    };
  });
}

export async function writeVisitNote(db: DB, actor: Actor, visitId: string, input: { version: number; note: string }, requestId: string, now = new Date()): Promise<StepResult> {
  return takeStep(db, actor, VISIT_STORE, "writeNote", { key: visitId, version: input.version, fields: { intent: "note", note: input.note } }, requestId, async (_trx, row) => {
    if (row.teacher_user_id !== actor.userId) return { ok: false, formError: "Only the specialist teacher who holds this visit can write its note." };
    if (!started(row, now)) return { ok: false, formError: `The note can be written once the visit has begun, on ${slotWhen(row)}.` };
    return {
      set: { outcome_note: input.note, note_by: actor.userId, note_at: now },
      notice: {
        subject: `Visit note ready: ${slotWhen(row)}`,
        message: `The specialist teacher has written the note of the ${row.kind === "clinic" ? "drop-in clinic" : "visit"} on ${slotWhen(row)}.`,
        link: `/stls/visits/${row.id}`,
      },
    };
  });
}
