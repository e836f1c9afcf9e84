import type { Actor } from "../access/access.server.ts";
import { notFound, requirePermission } from "../access/access.server.ts";
import { schoolInReach } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { formatDate } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";
import type { Result } from "../result.ts";
import { stepDigest, type StepResult, takeStep } from "../workflow/engine.server.ts";
import { changedMeanwhile } from "../workflow/resubmission.server.ts";
import { appendToTimeline, lastChangeOn, timelineHas } from "../workflow/timeline.server.ts";
import { focusAreaCodes } from "./focus-areas.server.ts";
import { AGREED_ACTION_TIMELINE, CHAMPION_VISIT_STORE, CHAMPION_VISIT_TIMELINE, type DB, lockChampionVisit, type Trx } from "./store.server.ts";
import { missingToPublish, readVisitDraft, type VisitDraftInput } from "./visit.schema.ts";
import { CHAMPION_VISIT_EVENT_LABELS } from "./visits.workflow.ts";
import { publishedGuidanceArticleIds } from "../guidance/choices.server.ts";
import { recordIdOf } from "../record.ts";

/**
 * Writing a visit report (issue 11, ADR 52): starting one for an assigned school, saving the draft (every answer
 * that can be stored is kept, whatever else is refused), and publishing it to the school. Only the champion who
 * started a report may change or publish it; a school not assigned to them is the same 404 as one that does not
 * exist. Every change is versioned: a form sent against an old version is answered as done when it is the same
 * form sent again (its digest on the timeline), otherwise refused saying what changed.
 */

/** Starts a draft report of a visit to one of the champion's schools; the same key sent again finds the same draft. */
export async function startVisit(db: DB, actor: Actor, input: { schoolId: number; idempotencyKey: string }, requestId: string): Promise<Result<{ visitId: number }>> {
  requirePermission(actor, "visits:log");
  return db.transaction().execute(async (trx) => {
    const school = await trx.selectFrom("schools").select("id").where("id", "=", input.schoolId).where(schoolInReach<"schools">(actor, "schools.id")).executeTakeFirst();
    if (!school) notFound();
    const inserted = await trx
      .insertInto("champion_visits")
      .values({ school_id: school.id, champion_user_id: actor.userId, idempotency_key: input.idempotencyKey })
      .onConflict((oc) => oc.column("idempotency_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) {
      // Sent before (a double click): the draft it started, if it was this champion's.
      const existing = await trx.selectFrom("champion_visits").select("id").where("idempotency_key", "=", input.idempotencyKey).where("champion_user_id", "=", actor.userId).executeTakeFirst();
      if (!existing) notFound();
      return { ok: true, visitId: existing.id };
    }
    await appendToTimeline(trx, CHAMPION_VISIT_TIMELINE, inserted.id, actor, { action: "started", from: null, to: "draft" });
    await recordAudit(trx, { actor, action: "champion_visit.started", subjectType: "champion_visit", subjectId: inserted.id, requestId, detail: { schoolId: school.id } });
    return { ok: true, visitId: inserted.id };
  });
}

async function savedActions(trx: Trx, visitId: number) {
  return trx.selectFrom("agreed_actions").select(["id", "description", "owner", "due_on", "guidance_article_id"]).where("champion_visit_id", "=", visitId).orderBy("position").execute();
}

/**
 * Saves a draft from its form. Returns the new version and, when some answers could not be stored, a refusal
 * with their messages carrying that version (what could be stored is saved).
 */
export async function saveVisitDraft(
  db: DB,
  actor: Actor,
  visitId: number,
  input: VisitDraftInput,
  requestId: string,
  now = new Date(),
): Promise<Result<{ version: number; actions: number }>> {
  requirePermission(actor, "visits:log");
  // The focus areas, and which of the articles the actions chose are ones the form offers (published, in reach).
  const chosen = [...new Set(input.actions.flatMap((a) => recordIdOf(a.guidance) ?? []))];
  const [codes, articleIds] = await Promise.all([focusAreaCodes(db), publishedGuidanceArticleIds(db, actor, chosen)]);
  const { version: _version, intent: _intent, ...fields } = input;
  const digest = stepDigest(input.version, "draft_saved", fields);
  return db.transaction().execute(async (trx): Promise<Result<{ version: number; actions: number }>> => {
    const row = await lockChampionVisit(trx, actor, String(visitId));
    if (!row || row.champion_user_id !== actor.userId) notFound();
    if (row.version !== input.version) {
      if (await timelineHas(trx, CHAMPION_VISIT_TIMELINE, row.id, actor.userId, digest)) {
        return { ok: true, version: row.version, actions: (await savedActions(trx, row.id)).length };
      }
      return changedMeanwhile(trx, actor, await lastChangeOn(trx, CHAMPION_VISIT_TIMELINE, row.id, CHAMPION_VISIT_EVENT_LABELS));
    }
    if (row.status !== "draft") return { ok: false, formError: "This visit report has been published, so it can no longer be changed. The page shows it as the school reads it." };
    const { patch, errors } = readVisitDraft(input, { focusAreas: codes, visitedOn: row.visited_on, today: londonToday(now), articleIds });
    const set: Record<string, unknown> = {};
    if (patch.visitedOn !== undefined) set.visited_on = patch.visitedOn;
    if (patch.format !== undefined) set.format = patch.format;
    if (patch.seen !== undefined) set.seen = patch.seen;
    if (patch.strengths !== undefined) set.strengths = patch.strengths;
    const updated = await trx
      .updateTable("champion_visits")
      .set((eb) => ({ ...set, updated_at: now, version: eb("version", "+", 1) }))
      .where("id", "=", row.id)
      .returning("version")
      .executeTakeFirstOrThrow();
    if (patch.focusAreas !== undefined) {
      await trx.deleteFrom("champion_visit_focus_areas").where("champion_visit_id", "=", row.id).execute();
      if (patch.focusAreas.length > 0) await trx.insertInto("champion_visit_focus_areas").values(patch.focusAreas.map((code) => ({ champion_visit_id: row.id, focus_area: code }))).execute();
    }
    // The actions as the form lists them: a row it names by id (one of this draft's) is updated, a new one added,
    // one it no longer lists (removed) deleted. A draft's actions have no timeline yet: it begins at publication.
    const existing = await savedActions(trx, row.id);
    const kept = new Set<number>();
    const actions = errors.actions ? [] : patch.actions;
    for (const [index, action] of actions.entries()) {
      const before = action.id === null ? undefined : existing.find((e) => e.id === action.id && !kept.has(e.id));
      const dueOn = action.dueOn === undefined ? (before?.due_on ?? null) : action.dueOn;
      const guidanceArticleId = action.guidanceArticleId === undefined ? (before?.guidance_article_id ?? null) : action.guidanceArticleId;
      const values = { position: index + 1, description: action.description, owner: action.owner, due_on: dueOn, guidance_article_id: guidanceArticleId };
      // A row wholly emptied is no action: removed, like one taken off the list.
      if (values.description === null && values.owner === null && values.due_on === null && values.guidance_article_id === null) continue;
      if (before) {
        kept.add(before.id);
        await trx.updateTable("agreed_actions").set(values).where("id", "=", before.id).execute();
      } else {
        await trx.insertInto("agreed_actions").values({ ...values, champion_visit_id: row.id }).execute();
      }
    }
    // An action removed by a form refused for another answer stays saved: the refused page shows the form as sent,
    // that action with it, so the draft and the page agree until the form is sent again.
    const removing = /^remove-action-(\d+)$/.exec(input.intent)?.[1];
    const removedId = removing === undefined ? undefined : Number(input.actions[Number(removing)]?.id);
    if (Object.keys(errors).length > 0 && removedId !== undefined) kept.add(removedId);
    const removed = errors.actions ? [] : existing.filter((e) => !kept.has(e.id)).map((e) => e.id);
    if (removed.length > 0) await trx.deleteFrom("agreed_actions").where("id", "in", removed).where("champion_visit_id", "=", row.id).execute();
    await appendToTimeline(trx, CHAMPION_VISIT_TIMELINE, row.id, actor, { action: "draft_saved", from: "draft", to: "draft", digest });
    await recordAudit(trx, { actor, action: "champion_visit.draft_saved", subjectType: "champion_visit", subjectId: row.id, requestId, detail: { schoolId: row.school_id } });
    const count = (await savedActions(trx, row.id)).length;
    if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors, version: updated.version };
    return { ok: true, version: updated.version, actions: count };
  });
}

/**
 * Publishes a whole draft to the school: its SENCOs and headteachers are told, and each agreed action's own
 * timeline begins. Refused, saying what is missing, while anything the report needs is not there.
 */
export async function publishVisit(db: DB, actor: Actor, visitId: number, input: { version: number }, requestId: string, now = new Date()): Promise<StepResult> {
  return takeStep(db, actor, CHAMPION_VISIT_STORE, "publish", { key: String(visitId), version: input.version, fields: { intent: "publish" } }, requestId, async (trx, row) => {
    if (row.champion_user_id !== actor.userId) return { ok: false, formError: "Only the Inclusion Champion who wrote this report can publish it." };
    const [focus, actions, school] = await Promise.all([
      trx.selectFrom("champion_visit_focus_areas").select("focus_area").where("champion_visit_id", "=", row.id).execute(),
      savedActions(trx, row.id),
      trx.selectFrom("schools").select("name").where("id", "=", row.school_id).executeTakeFirstOrThrow(),
    ]);
    const missing = missingToPublish({
      visitedOn: row.visited_on,
      format: row.format,
      focusAreas: focus.map((f) => f.focus_area),
      seen: row.seen,
      strengths: row.strengths,
      actions: actions.map((a) => ({ description: a.description, owner: a.owner, dueOn: a.due_on })),
    });
    if (missing.length > 0) return { ok: false, formError: `Before you publish this report, add ${missing.join("; ")}. Change the draft, then publish it.` };
    for (const action of actions) await appendToTimeline(trx, AGREED_ACTION_TIMELINE, action.id, actor, { action: "agreed", from: null, to: "open" });
    const count = actions.length === 1 ? "1 agreed action" : `${actions.length} agreed actions`;
    return {
      set: { published_at: now, published_by: actor.userId },
      notice: {
        subject: `Inclusion Champion visit report: ${school.name}`,
        message: `${actor.name} has published the report of the visit to ${school.name} on ${formatDate(row.visited_on!)}, with ${count}.`,
        link: `/visits/${row.id}`,
      },
    };
  });
}
