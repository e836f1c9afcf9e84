import { requirePermission, type Actor, notFound } from "../access/access.server.ts";
import { resourceProvisionInReach } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { formatDateTime } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";
import type { Refusal, Result } from "../result.ts";
import { claimCase, type StepResult, takeStep } from "../workflow/engine.server.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { RETURN_FIGURES, type ReturnFigureKey } from "./provision-codes.ts";
import { type DB, RETURN_STORE, returnKey, type Trx } from "./return-store.server.ts";
import type { ReturnDraftInput, ReturnSendInput } from "./return.schema.ts";
import { RETURN_EVENT_LABELS, type ReturnStatus, returnCan } from "./returns.workflow.ts";
import { nextWindow, openWindow, type ReturnWindow, windowRefusal } from "./windows.server.ts";
import { commissionedFor, srpHeading } from "./register.server.ts";

/**
 * A term's return (ADR 50), as the host school's SENCO or headteacher fills it in: the form for the window open
 * today, a draft saved with what can be stored, sent when complete, corrected until the window closes. Every send
 * keeps its figures (srp_return_versions). Refused: a window not open today, a figure out of range, more pupils
 * with EHC plans (or from other schools) than places filled, and filled above the places commissioned without a
 * comment (allowed with one, and flagged to officers).
 */

type Figures = Partial<Record<ReturnFigureKey, number>>;

function figureColumns(input: Figures, complete: boolean) {
  return Object.fromEntries(RETURN_FIGURES.map((f) => [f.column, input[f.key] ?? (complete ? 0 : null)])) as Record<(typeof RETURN_FIGURES)[number]["column"], number | null>;
}

function figuresOf(row: Record<string, unknown>): Record<ReturnFigureKey, number | null> {
  return Object.fromEntries(RETURN_FIGURES.map((f) => [f.key, (row[f.column] as number | null) ?? null])) as Record<ReturnFigureKey, number | null>;
}

export interface ReturnPage {
  srp: { id: number; heading: string; school: string };
  window: ReturnWindow | null;
  next: ReturnWindow | null;
  /** Places commissioned for the window's academic year (null: none recorded yet). */
  commissioned: number | null;
  /** Current pupils the school's register marks as in this SRP. */
  registerCount: number;
  status: ReturnStatus | null;
  version: number;
  figures: Record<ReturnFigureKey, number | null>;
  comment: string | null;
  can: { save: boolean; send: boolean };
  sentVersions: { number: number; sentAt: string; by: string; placesFilled: number; overCommissioned: boolean }[];
  timeline: { id: number; label: string; who: string; at: string }[];
}

/** The return form for an SRP of the actor's school: the window open today, what is saved so far, and its history. */
export async function getReturnPage(db: DB, actor: Actor, srpId: number, now = new Date()): Promise<ReturnPage> {
  requirePermission(actor, "provision:return");
  const srp = await db
    .selectFrom("resource_provisions")
    .innerJoin("schools", "schools.id", "resource_provisions.school_id")
    .innerJoin("srp_designations", "srp_designations.code", "resource_provisions.designation_code")
    .select(["resource_provisions.id", "resource_provisions.status", "schools.name as school", "srp_designations.name as designation", "resource_provisions.designation_code"])
    .where("resource_provisions.id", "=", srpId)
    .where(resourceProvisionInReach(actor))
    .executeTakeFirst();
  if (!srp) notFound();
  const today = londonToday(now);
  const window = (await openWindow(db, today)) ?? null;
  const registerCount = Number(
    (
      await db
        .selectFrom("pupils")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("resource_provision_id", "=", srp.id)
        .where("date_left", "is", null)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const base = { srp: { id: srp.id, heading: srpHeading(srp), school: srp.school }, registerCount };
  const empty = Object.fromEntries(RETURN_FIGURES.map((f) => [f.key, null])) as Record<ReturnFigureKey, number | null>;
  if (!window) {
    return { ...base, window: null, next: (await nextWindow(db, today)) ?? null, commissioned: null, status: null, version: 0, figures: empty, comment: null, can: { save: false, send: false }, sentVersions: [], timeline: [] };
  }
  const commissioned = await commissionedFor(db, srp.id, window.academicYear);
  const row = await db.selectFrom("srp_returns").selectAll().where("resource_provision_id", "=", srp.id).where("window_id", "=", window.id).executeTakeFirst();
  // A row at version 0 is a first save or send that was refused: nothing of it was kept.
  const status = row && row.version > 0 ? (row.status as ReturnStatus) : null;
  const versions = row
    ? await db
        .selectFrom("srp_return_versions")
        .innerJoin("users", "users.id", "srp_return_versions.sent_by")
        .select(["number", "sent_at", "users.display_name", "places_filled", "over_commissioned"])
        .where("srp_return_id", "=", row.id)
        .orderBy("number", "desc")
        .execute()
    : [];
  const events = row
    ? await db
        .selectFrom("srp_return_events")
        .leftJoin("users", "users.id", "srp_return_events.actor_user_id")
        .select(["srp_return_events.id", "action", "occurred_at", "users.display_name"])
        .where("srp_return_id", "=", row.id)
        .orderBy("srp_return_events.id")
        .execute()
    : [];
  const flags = returnCan(actor.role, status ?? "draft");
  const open = srp.status !== "closed";
  return {
    ...base,
    window,
    next: null,
    commissioned,
    status,
    version: row?.version ?? 0,
    figures: row && status ? figuresOf(row) : empty,
    comment: row?.comment ?? null,
    can: { save: open && (status ?? "draft") === "draft", send: open && (flags.send || flags.correct) },
    sentVersions: versions.map((v) => ({ number: v.number, sentAt: formatDateTime(v.sent_at), by: v.display_name, placesFilled: v.places_filled, overCommissioned: v.over_commissioned })),
    timeline: events.map((e) => ({ id: Number(e.id), label: RETURN_EVENT_LABELS[e.action] ?? e.action, who: e.display_name ?? "The portal", at: formatDateTime(e.occurred_at) })),
  };
}

/**
 * Refuses, before anything is locked or made, a form for a window not open today: a return outside its window
 * (the page was drawn before it closed, or the form names another term's window) changes nothing.
 */
async function windowCheck(db: DB, windowId: number, today: string): Promise<Refusal | null> {
  const window = await db.selectFrom("srp_return_windows").select(["academic_year", "term", "opens_on", "closes_on"]).where("id", "=", windowId).executeTakeFirst();
  if (!window) return { ok: false, formError: "This form is out of date. Reload the page and try again." };
  const closed = windowRefusal(window, today);
  return closed ? { ok: false, formError: closed } : null;
}

const DRAFT_LABELS: Record<string, string> = { ...Object.fromEntries(RETURN_FIGURES.map((f) => [f.column, f.label.toLowerCase()])), comment: "comment" };

/** Saves what the form holds as the term's draft (every figure optional), while the window is open. */
export async function saveReturnDraft(db: DB, actor: Actor, srpId: number, input: ReturnDraftInput, requestId: string, now = new Date()): Promise<Result<object>> {
  requirePermission(actor, "provision:return");
  const today = londonToday(now);
  const set = { ...figureColumns(input, false), comment: input.comment ?? null };
  const refused = await windowCheck(db, input.windowId, today);
  if (refused) return refused;
  const result = await db.transaction().execute(async (trx): Promise<Result<object>> => {
    const claimed = await claimCase(trx, actor, RETURN_STORE, returnKey(srpId, input.windowId), input.version, ["draft"]);
    if (!claimed.ok && !claimed.stale) {
      return { ok: false, formError: `This return has been sent, so it is no longer a draft. To change a figure, send a correction below.` };
    }
    if (!claimed.ok) {
      const recorded = claimed.row as unknown as Record<string, unknown>;
      return answerOldVersion(trx, actor, { submitted: set, recorded: recorded as never, labels: DRAFT_LABELS as never, ...(await RETURN_STORE.lastChange(trx, claimed.row)) });
    }
    const { row } = claimed;
    const closed = windowRefusal(row.window, today);
    if (closed) return { ok: false, formError: closed };
    if (row.srp.status === "closed") return { ok: false, formError: "This SRP is closed: it sends no more returns." };
    await RETURN_STORE.save(trx, row, set);
    await recordAudit(trx, { actor, action: "srp_return.draft_saved", subjectType: "srp_return", subjectId: row.id, requestId, detail: { resourceProvisionId: srpId, windowId: row.window.id } });
    return { ok: true };
  });
  if (!result.ok) await dropUnsaved(db, srpId, input.windowId);
  return result;
}

/**
 * A refused first save or send leaves nothing: the row its lock made (version 0, an empty draft) is removed. A
 * concurrent first send holds that row's lock until it commits (at version 1, kept) or is refused too.
 */
async function dropUnsaved(db: DB, srpId: number, windowId: number) {
  await db.deleteFrom("srp_returns").where("resource_provision_id", "=", srpId).where("window_id", "=", windowId).where("version", "=", 0).execute();
}

/**
 * Sends the term's return, or a correction of one sent, complete, while the window is open. Filled above the
 * places commissioned needs the school's comment, and is flagged for officers.
 */
export async function sendReturn(db: DB, actor: Actor, srpId: number, input: ReturnSendInput, requestId: string, now = new Date()): Promise<StepResult> {
  const today = londonToday(now);
  const { intent: _intent, version, windowId, ...fields } = input;
  const refused = await windowCheck(db, windowId, today);
  if (refused) return refused;
  const result = await takeStep(db, actor, RETURN_STORE, ["send", "correct"], { key: returnKey(srpId, windowId), version, fields: { windowId, ...fields } }, requestId, async (trx: Trx, row) => {
    const closed = windowRefusal(row.window, today);
    if (closed) return { ok: false, formError: closed };
    if (row.srp.status === "closed") return { ok: false, formError: "This SRP is closed: it sends no more returns." };
    const commissioned = await commissionedFor(trx, row.srp.id, row.window.academic_year);
    const over = commissioned !== null && input.placesFilled > commissioned;
    if (over && !input.comment) {
      return {
        ok: false,
        fieldErrors: { comment: [`Places filled (${input.placesFilled}) is more than the ${commissioned} places commissioned: say why in the comment, for the council`] },
      };
    }
    const set = { ...figureColumns(input, true), comment: input.comment ?? null, over_commissioned: over, sent_at: now, sent_by: actor.userId };
    const last = await trx.selectFrom("srp_return_versions").select((eb) => eb.fn.max("number").as("n")).where("srp_return_id", "=", row.id).executeTakeFirst();
    await trx
      .insertInto("srp_return_versions")
      .values({
        srp_return_id: row.id,
        number: Number(last?.n ?? 0) + 1,
        ...(figureColumns(input, true) as Record<(typeof RETURN_FIGURES)[number]["column"], number>),
        comment: input.comment ?? null,
        commissioned_places: commissioned,
        over_commissioned: over,
        sent_by: actor.userId,
        sent_at: now,
      })
      .execute();
    return { set };
  });
  if (!result.ok) await dropUnsaved(db, srpId, windowId);
  return result;
}
