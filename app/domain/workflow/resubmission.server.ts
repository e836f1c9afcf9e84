import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { formatDateTime } from "../../components/format.ts";
import { type Refusal, staleMessage } from "../result.ts";

/**
 * A form sent against a version of a record older than the one saved now. One rule for every versioned form:
 * it is the same submission (a double click, a form sent again after a slow reply, a second tab sending what the
 * first one sent) only when every field it carries matches what was recorded, and then it is answered as done
 * and counted once: nothing more is written. Anything else is refused (the routes answer 409), saying what
 * changed, by whom and when; the route's reply keeps what was typed in the form.
 *
 * What "was recorded" is, by kind of record:
 * - a step of a workflow (a funding request's transitions and decisions) keeps a digest of the fields that made
 *   it, with the version they were sent against, on its timeline event (`submissionDigest`): a resend matches
 *   only the event it repeats, by the same person;
 * - a plain record (a draft, a pupil, a scheme, a reason, a user, a budget) is compared field by field with what
 *   is stored now (`answerOldVersion`).
 */

/** JSON with every object's keys in order and `undefined` left out: the same fields always give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonical(item)));
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** SHA-256 (hex) of the canonical JSON of a submission's fields: what a timeline event keeps of the form that made it. */
export function submissionDigest(fields: unknown): string {
  return createHash("sha256").update(canonicalJson(fields)).digest("hex");
}

/** The fields of `submitted` (those it carries: `undefined` is "not sent") whose values differ from `recorded`'s. */
export function differingFields<T extends Record<string, unknown>>(submitted: T, recorded: { [K in keyof T]: unknown }): (keyof T & string)[] {
  return (Object.keys(submitted) as (keyof T & string)[]).filter(
    (key) => submitted[key] !== undefined && canonicalJson(submitted[key]) !== canonicalJson(recorded[key] ?? null),
  );
}

/** A change made meanwhile: by whom (a user id) and when, as the record or the audit log holds them. */
export interface ChangeMade {
  userId: number | null;
  at: Date | string | null;
}

export interface ChangeDescription {
  /** Who made the last change and when, if known. */
  changed?: ChangeMade;
  /** What it did, from the record's side, e.g. "it was partly approved for £3,000.00": then "... by Name on date". */
  did?: string;
  /** How the record now stands against what was sent, e.g. "it now differs from what you sent in: first name". */
  now?: string | null;
}

/**
 * The refusal for a form sent against an old version that is not the same submission:
 * "Someone else changed this record while you were working on it: it was partly approved for £3,000.00 by Helen
 * Marsh on 1 December 2026 at 10:04 am. The page now shows their change: check it and try again."
 */
export async function changedMeanwhile(db: Kysely<Database>, actor: { userId: number }, change: ChangeDescription): Promise<Refusal> {
  const { changed } = change;
  let who: string | null = null;
  if (changed?.userId != null) {
    const user = await db.selectFrom("users").select("display_name").where("id", "=", changed.userId).executeTakeFirst();
    if (user) who = changed.userId === actor.userId ? `${user.display_name} (you, in another tab or window)` : user.display_name;
  }
  const on = changed?.at ? ` on ${formatDateTime(changed.at)}` : "";
  const what = change.did ? `${change.did}${who ? ` by ${who}` : ""}${on}` : `${who ?? "someone"} changed it${on}`;
  const description = change.now ? `${what}, and ${change.now}` : what;
  return { ok: false, formError: staleMessage(description) };
}

/** "it now differs from what you sent in: first name, year group", from the labels of the fields that differ. */
export function differsIn(labels: string[]): string {
  return `it now differs from what you sent in: ${labels.join(", ")}`;
}

/**
 * The answer to a plain record's form sent against an old version: `{ ok: true, same: true }` when every field it
 * carries matches what is stored now (nothing to write: the change it asks for is already there), otherwise the
 * refusal saying who changed the record, when, and which of the fields sent now differ.
 */
export async function answerOldVersion<T extends Record<string, unknown>>(
  db: Kysely<Database>,
  actor: { userId: number },
  /** `now`, if given, instead of the list of fields that differ (null: say nothing more). */
  record: { submitted: T; recorded: { [K in keyof T]: unknown }; labels: { [K in keyof T]: string } } & ChangeDescription,
): Promise<{ ok: true; same: true } | Refusal> {
  const differing = differingFields(record.submitted, record.recorded);
  if (differing.length === 0) return { ok: true, same: true };
  return changedMeanwhile(db, actor, {
    changed: record.changed,
    did: record.did,
    now: record.now === undefined ? differsIn(differing.map((key) => record.labels[key])) : record.now,
  });
}
