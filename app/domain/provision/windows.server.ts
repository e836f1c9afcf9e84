import type { Kysely } from "kysely";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { isUniqueViolation } from "../record.server.ts";
import type { Result } from "../result.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import type { Database } from "../../../db/types.ts";
import { formatDate } from "../../components/format.ts";
import { termLabel } from "./provision-codes.ts";

/** The return windows the council sets (ADR 50): which is open on a day, which is "the current term". */

type DB = Kysely<Database>;

export interface ReturnWindow {
  id: number;
  academicYear: number;
  term: string;
  label: string;
  opensOn: string;
  closesOn: string;
  version: number;
}

export function toWindow(row: { id: number; academic_year: number; term: string; opens_on: string; closes_on: string; version: number }): ReturnWindow {
  return { id: row.id, academicYear: row.academic_year, term: row.term, label: termLabel(row), opensOn: row.opens_on, closesOn: row.closes_on, version: row.version };
}

const COLUMNS = ["id", "academic_year", "term", "opens_on", "closes_on", "version"] as const;

/** Whether a window takes returns on a London day: from the day it opens to the day it closes, both included. */
export function windowOpenOn(window: { opens_on: string; closes_on: string }, today: string): boolean {
  return window.opens_on <= today && today <= window.closes_on;
}

/** Why a return cannot be saved or sent today, or null when its window is open. */
export function windowRefusal(window: { academic_year: number; term: string; opens_on: string; closes_on: string }, today: string): string | null {
  if (today < window.opens_on) return `The ${termLabel(window)} return window opens on ${formatDate(window.opens_on)}: a return can be saved and sent from then.`;
  if (today > window.closes_on) return `The ${termLabel(window)} return window closed on ${formatDate(window.closes_on)}: its returns can no longer be changed. Ask the council if a figure is wrong.`;
  return null;
}

/** The window open today (the latest to open, if the council set two at once), or undefined. */
export async function openWindow(db: DB, today: string): Promise<ReturnWindow | undefined> {
  const row = await db.selectFrom("srp_return_windows").select(COLUMNS).where("opens_on", "<=", today).where("closes_on", ">=", today).orderBy("opens_on", "desc").orderBy("id", "desc").executeTakeFirst();
  return row ? toWindow(row) : undefined;
}

/** The current term's window: the latest to have opened by today (open now, or closed with nothing after it). */
export async function currentWindow(db: DB, today: string): Promise<ReturnWindow | undefined> {
  const row = await db.selectFrom("srp_return_windows").select(COLUMNS).where("opens_on", "<=", today).orderBy("opens_on", "desc").orderBy("id", "desc").executeTakeFirst();
  return row ? toWindow(row) : undefined;
}

/** The next window to open after today, for a page that has none open. */
export async function nextWindow(db: DB, today: string): Promise<ReturnWindow | undefined> {
  const row = await db.selectFrom("srp_return_windows").select(COLUMNS).where("opens_on", ">", today).orderBy("opens_on").executeTakeFirst();
  return row ? toWindow(row) : undefined;
}

// The council's windows. -------------------------------------------------------------------------------------

export async function listWindows(db: DB, actor: Actor): Promise<ReturnWindow[]> {
  requirePermission(actor, "provision:manage");
  const rows = await db.selectFrom("srp_return_windows").select(COLUMNS).orderBy("opens_on", "desc").limit(60).execute();
  return rows.map(toWindow);
}

export async function getWindow(db: DB, actor: Actor, windowId: number): Promise<ReturnWindow> {
  requirePermission(actor, "provision:manage");
  const row = await db.selectFrom("srp_return_windows").select(COLUMNS).where("id", "=", windowId).executeTakeFirst();
  if (!row) notFound();
  return toWindow(row);
}

export async function createWindow(
  db: DB,
  actor: Actor,
  input: { academicYear: number; term: string; opensOn: string; closesOn: string },
  requestId: string,
): Promise<Result<{ windowId: number }>> {
  requirePermission(actor, "provision:manage");
  if (dayCount(input.opensOn, input.closesOn) > 120) return { ok: false, fieldErrors: { closesOn: ["A window can be open for at most 120 days"] } };
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("srp_return_windows")
        .values({ academic_year: input.academicYear, term: input.term, opens_on: input.opensOn, closes_on: input.closesOn, updated_by: actor.userId })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actor, action: "srp_return_window.create", subjectType: "srp_return_window", subjectId: row.id, requestId, detail: { ...input } });
      return { ok: true as const, windowId: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "srp_return_windows_term")) return { ok: false, fieldErrors: { term: ["This term already has a window: change its dates instead"] } };
    throw error;
  }
}

function dayCount(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export async function updateWindow(db: DB, actor: Actor, windowId: number, input: { opensOn: string; closesOn: string; version: number }, requestId: string): Promise<Result<object>> {
  requirePermission(actor, "provision:manage");
  if (dayCount(input.opensOn, input.closesOn) > 120) return { ok: false, fieldErrors: { closesOn: ["A window can be open for at most 120 days"] } };
  const set = { opens_on: input.opensOn, closes_on: input.closesOn };
  return db.transaction().execute(async (trx): Promise<Result<object>> => {
    const current = await trx.selectFrom("srp_return_windows").selectAll().where("id", "=", windowId).forUpdate().executeTakeFirst();
    if (!current) notFound();
    if (current.version !== input.version) {
      return answerOldVersion(trx, actor, { submitted: set, recorded: current, labels: { opens_on: "opening date", closes_on: "closing date" }, changed: { userId: current.updated_by, at: current.updated_at } });
    }
    await trx
      .updateTable("srp_return_windows")
      .set((eb) => ({ ...set, updated_by: actor.userId, updated_at: new Date(), version: eb("version", "+", 1) }))
      .where("id", "=", windowId)
      .execute();
    await recordAudit(trx, { actor, action: "srp_return_window.update", subjectType: "srp_return_window", subjectId: windowId, requestId, detail: { ...set } });
    return { ok: true };
  });
}
