import { type Actor } from "../access/access.server.ts";
import { formatDate } from "../../components/format.ts";
import { type StepResult, takeStep } from "../workflow/engine.server.ts";
import { AGREED_ACTION_STORE, type DB, type LockedAgreedAction } from "./store.server.ts";

/**
 * An agreed action's steps (ADR 52), through the engine on AGREED_ACTION_STORE (versioned, the stale form told
 * what changed, a resent form counted once): the school marks its own actions done with a note; the visit's
 * champion closes an action or carries it forward to a new due date. Whatever a school user posts, an action
 * that is not the school's, a draft's, or another school's is refused (the last two are not in their reach: 404).
 */

/**
 * An action as a notification (and its email) names it: its place in the report and the visit's date, never its
 * words, which the champion typed freely and could name a child. The link opens it.
 */
function actionNamed(row: LockedAgreedAction) {
  return `action ${row.position} of the visit on ${row.visited_on ? formatDate(row.visited_on) : "a date not entered"}`;
}

function championsOwn(actor: Actor, row: LockedAgreedAction) {
  if (row.champion_user_id !== actor.userId) return { ok: false as const, formError: "Only the Inclusion Champion who agreed this action at the visit can change it." };
  if (row.visit_status !== "published") return { ok: false as const, formError: "This action's report is still a draft: publish the report first." };
  return null;
}

export async function completeAction(db: DB, actor: Actor, actionId: number, input: { version: number; note: string }, requestId: string, now = new Date()): Promise<StepResult> {
  return takeStep(db, actor, AGREED_ACTION_STORE, "complete", { key: String(actionId), version: input.version, comment: input.note, fields: { intent: "complete", note: input.note } }, requestId, async (_trx, row) => {
    if (row.visit_status !== "published") return { ok: false, formError: "This action's report has not been published." };
    if (row.owner !== "school") {
      return { ok: false, formError: `This action is for ${row.owner === "council" ? "the council" : "the Inclusion Champion"} to do, not the school: only the school's own actions can be marked done here.` };
    }
    return {
      set: { done_note: input.note, done_at: now, done_by: actor.userId },
      notice: {
        subject: "An agreed action has been marked done",
        message: `The school has marked done ${actionNamed(row)}.`,
        link: `/visits/actions/${row.id}`,
      },
    };
  });
}

export async function closeAction(db: DB, actor: Actor, actionId: number, input: { version: number; comment: string }, requestId: string, now = new Date()): Promise<StepResult> {
  return takeStep(db, actor, AGREED_ACTION_STORE, "close", { key: String(actionId), version: input.version, comment: input.comment, fields: { intent: "close", comment: input.comment } }, requestId, async (_trx, row) => {
    const refused = championsOwn(actor, row);
    if (refused) return refused;
    return { set: { closed_at: now, closed_by: actor.userId } };
  });
}

export async function carryActionForward(
  db: DB,
  actor: Actor,
  actionId: number,
  input: { version: number; dueOn: string; reason: string },
  requestId: string,
): Promise<StepResult> {
  const fields = { intent: "carry", dueOn: input.dueOn, reason: input.reason };
  return takeStep(db, actor, AGREED_ACTION_STORE, "carryForward", { key: String(actionId), version: input.version, fields }, requestId, async (_trx, row) => {
    const refused = championsOwn(actor, row);
    if (refused) return refused;
    if (row.due_on && input.dueOn <= row.due_on) return { ok: false, fieldErrors: { dueOn: [`The new due date must be after the current one, ${formatDate(row.due_on)}`] } };
    if (input.dueOn > "2099-12-31") return { ok: false, fieldErrors: { dueOn: ["The new due date must be before 2100"] } };
    const moved = `Due date moved from ${row.due_on ? formatDate(row.due_on) : "none"} to ${formatDate(input.dueOn)}: ${input.reason}`;
    return {
      set: { due_on: input.dueOn, carried_count: row.carried_count + 1 },
      comment: moved.slice(0, 2000),
      tell: row.owner === "school" ? ["school"] : [],
      notice: {
        subject: "An agreed action has a new due date",
        message: `The Inclusion Champion has carried forward ${actionNamed(row)} to ${formatDate(input.dueOn)}.`,
        link: `/visits/actions/${row.id}`,
      },
    };
  });
}
