import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { EDITABLE } from "./funding.workflow.ts";
import { FUNDING_STORE } from "./store.server.ts";
import { type DB, type Trx, checklistOf } from "./store.server.ts";

/**
 * Records cited as a funding request's evidence (ADR 41, ADR 46): the evidence section shows records the portal
 * already holds (the school's training attendance, the pupil's LIFT outcomes and specialist visits) as checkboxes;
 * the SENCO's ticks are saved with the section, only the pair of ids; whether a cited record counts is worked out
 * whenever it is shown. Each kind of record says how its citations are stored and which records the request may
 * cite; the saving, refusing and carrying over on renewal are the same for every kind and live here.
 */

/** The request a citation belongs to: its school and pupil decide what it may cite. */
export interface CitingRequest {
  id: number;
  schoolId: number;
  pupilId: number | null;
}

export interface CitationKind {
  /** The checkboxes' name, and the hidden field saying the list was shown (so ticking none clears them). */
  field: string;
  shownField: string;
  max: number;
  /** Whether the scheme's evidence checklist asks for these records at all. */
  asks(checklist: { key: string }[]): boolean;
  /** Whether a posted value has the shape of one of these records' keys (no database read). */
  wellFormed(value: string): boolean;
  /** The keys of the records the request cites now. */
  saved(db: DB | Trx, fundingRequestId: number): Promise<string[]>;
  /** Of `keys`, those the request may cite on `now` (its school's, its pupil's, still counting). */
  citable(db: DB | Trx, request: CitingRequest, keys: string[], now: Date): Promise<string[]>;
  /** Replaces the request's citations with `keys` (already checked). */
  replace(trx: Trx, fundingRequestId: number, keys: string[]): Promise<void>;
  messages: { tooMany: string; notFromList: string; refused: string; changed: string };
  audit: { action: string; detail(keys: string[]): Record<string, unknown> };
}

/** What the section's POST sent for a kind: the ticked keys; undefined when the page did not show the list. */
export function citationsPosted(form: FormData, kind: CitationKind): string[] | undefined {
  if (!form.has(kind.shownField)) return undefined;
  return form.getAll(kind.field).map(String);
}

const sameKeys = (a: string[], b: string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * Saves the records the evidence section cites (the SENCO, on a draft they may edit), replacing those cited before.
 * Any record that cannot be cited refuses the whole answer with a field error: the citations saved before stay, the
 * rest of the draft is saved (saveDraft). `resent`: the draft save found the form was sent against an old version
 * and already saved: nothing is written; a different choice of records is refused, since the request changed.
 */
export async function saveCitations(
  db: DB,
  actor: Actor,
  reference: string,
  kind: CitationKind,
  ticked: string[],
  options: { resent: boolean },
  requestId: string,
): Promise<{ notSaved: Record<string, string[]> }> {
  const keys = [...new Set(ticked)].sort();
  if (keys.length > kind.max) return { notSaved: { [kind.field]: [kind.messages.tooMany] } };
  if (keys.some((key) => !kind.wellFormed(key))) return { notSaved: { [kind.field]: [kind.messages.notFromList] } };
  return db.transaction().execute(async (trx): Promise<{ notSaved: Record<string, string[]> }> => {
    const row = await FUNDING_STORE.lock(trx, actor, reference);
    if (!row || !(EDITABLE as readonly string[]).includes(row.status)) return { notSaved: {} };
    // A scheme that does not ask for these records never shows them: a crafted POST changes nothing.
    if (!kind.asks(checklistOf(row.evidence_checklist))) return { notSaved: {} };
    const saved = (await kind.saved(trx, row.id)).sort();
    if (sameKeys(saved, keys)) return { notSaved: {} };
    if (options.resent) return { notSaved: { [kind.field]: [kind.messages.changed] } };
    const allowed = new Set(await kind.citable(trx, { id: row.id, schoolId: row.school_id, pupilId: row.pupil_id }, keys, new Date()));
    if (keys.some((key) => !allowed.has(key))) return { notSaved: { [kind.field]: [kind.messages.refused] } };
    await kind.replace(trx, row.id, keys);
    await recordAudit(trx, { actor, action: kind.audit.action, subjectType: "funding_request", subjectId: row.id, requestId, detail: { reference, ...kind.audit.detail(keys) } });
    return { notSaved: {} };
  });
}

/**
 * "Apply again" (renewal.server.ts): the new draft cites the records of the one it renews that still count on the
 * day; the SENCO can add or remove any in the evidence section.
 */
export async function carryCitations(trx: Trx, kind: CitationKind, from: CitingRequest, toId: number, now: Date = new Date()): Promise<void> {
  const saved = await kind.saved(trx, from.id);
  if (saved.length === 0) return;
  const carried = await kind.citable(trx, from, saved, now);
  if (carried.length > 0) await kind.replace(trx, toId, carried);
}
