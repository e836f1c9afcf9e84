import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { type Notice, notifyUsers } from "../notifications/notify.server.ts";
import type { Refusal, Result } from "../result.ts";
import { type ChangeDescription, changedMeanwhile, submissionDigest } from "./resubmission.server.ts";
import type { WorkflowDeclaration } from "./workflow.ts";

/**
 * The workflow engine (ADR 20): runs a step declared in a WorkflowDeclaration on one case. In one transaction:
 * the case's row is locked under the actor's scope (a case they cannot reach is the same 404 as none), the version
 * the form was drawn with is checked (ADR 16: a form sent against an old version is the same submission only if
 * this person's step with exactly these fields is on the timeline, and is then answered as done, counted once;
 * anything else is refused saying what changed), the state is checked against the step's `from`, the step's own
 * rules run, the version is bumped, the timeline event and the audit row are written, and the notifications are
 * queued after the write, in the same transaction: a rolled-back step tells nobody, and emails leave only once
 * it has committed (the outbox dispatcher).
 */

type DB = Kysely<Database>;
type Trx = Transaction<Database>;

/** What the engine needs of a case's row: its id, state and version. */
export interface CaseRow<S extends string> {
  id: number;
  status: S;
  version: number;
}

/** How one kind of case is stored: the area's side of the engine. */
export interface CaseStore<S extends string, K extends string, A extends string, R extends CaseRow<S>> {
  workflow: WorkflowDeclaration<S, K, A>;
  /** How a refusal names the case: "request" ("This request is now in review, so that cannot be done."). */
  noun: string;
  /**
   * The case's row named by `key` (a reference, an id), limited in SQL to what the actor reaches
   * (app/domain/access/scopes.server.ts) and locked FOR UPDATE; undefined when it is not there for them.
   */
  lock(trx: Trx, actor: Actor, key: string): Promise<R | undefined>;
  /** "in review": how a refusal names the state the case is in now. */
  stateLabel(state: S): string;
  /** Writes `set` (the new state among it) and bumps the version. */
  save(trx: Trx, row: R, set: Record<string, unknown>): Promise<void>;
  /** Appends the timeline event: who, the step's event, from and to, the comment and the submission's digest. */
  addEvent(trx: Trx, actor: Actor, row: R, event: { action: string; from: S | null; to: S; comment: string | null; digest: string | null }): Promise<void>;
  /** Whether this person's event with this digest is on the case's timeline (the form was sent before). */
  eventRecorded(trx: Trx, actor: Actor, row: R, digest: string): Promise<boolean>;
  /** What happened to the case meanwhile, for the refusal of a form sent against an old version. */
  lastChange(trx: Trx, row: R): Promise<ChangeDescription>;
  /** The people an audience names for this case. */
  audience(trx: Trx, row: R, audience: A): Promise<number[]>;
  /** What the audit row says of the case besides from and to, e.g. `{ reference }`. */
  auditDetail(row: R, key: string): Record<string, unknown>;
}

/** What a step's own rules decide, beyond the declaration: a refusal, or the details of the move. */
export interface StepOutcome<S extends string, A extends string> {
  /** The state it leads to, when the step decides it (a decision's outcome); else the declared `to`. */
  to?: S;
  /** Columns written with the new state. */
  set?: Record<string, unknown>;
  /** The timeline event's comment, when the step's own rules word it (a deferral names both meetings); else the form's. */
  comment?: string;
  /** Who is told instead of the declared audiences (e.g. nobody, when the council had not seen it yet). */
  tell?: readonly A[];
  /** What they are told. Required when anyone is. */
  notice?: Notice;
}

/** A step's own rules, run on the locked row once the state and version are checked; `step` is the one taken. */
export type StepWork<S extends string, K extends string, A extends string, R> = (trx: Trx, row: R, step: K) => Promise<Refusal | StepOutcome<S, A> | void>;

export interface StepInput {
  /** The case, as the store's `lock` finds it. */
  key: string;
  /** The version the form was drawn with. */
  version: number;
  comment?: string | null;
  /** Every field the form carried, for the submission's digest; by default its comment. */
  fields?: Record<string, unknown>;
}

/** A step's result: `again` when the form had already done its work (a resend, counted once). */
export type StepResult = Result<{ again: boolean }>;

/**
 * The digest a step's timeline event keeps (ADR 16): the version the form was sent against, the step, and every
 * field it carried. A resend of the same form gives the same digest; anything else typed gives another.
 */
export function stepDigest(version: number, event: string, fields: Record<string, unknown>): string {
  return submissionDigest({ version, step: event, fields });
}

/** The refusal for a step asked of a case whose state does not allow it. */
export function wrongState(noun: string, label: string): Refusal {
  return { ok: false, formError: `This ${noun} is now ${label.toLowerCase()}, so that cannot be done. The page shows where it is.` };
}

/**
 * Locks the case for a change: reached by the actor, at the version they saw, in one of the `from` states. A form
 * sent against an old version comes back `stale` with the row: the caller applies the resubmission rule.
 * Also for versioned changes that are not moves between states (a draft saved), which share the lock and checks.
 */
export async function claimCase<S extends string, K extends string, A extends string, R extends CaseRow<S>>(
  trx: Trx,
  actor: Actor,
  store: CaseStore<S, K, A, R>,
  key: string,
  version: number,
  from: readonly S[],
): Promise<{ ok: true; row: R } | { ok: false; stale: true; row: R } | { ok: false; stale: false; refusal: Refusal }> {
  const row = await store.lock(trx, actor, key);
  if (!row || !store.workflow.states.includes(row.status)) notFound();
  if (row.version !== version) return { ok: false, stale: true, row };
  if (!from.includes(row.status)) return { ok: false, stale: false, refusal: wrongState(store.noun, store.stateLabel(row.status)) };
  return { ok: true, row };
}

/**
 * Runs a step of the store's workflow on one case, as described above. `steps` may name several steps one form
 * asks for (a decision, or a correction once decided): after the lock, the first whose `from` holds the case's
 * state is taken. The submission's digest names the first, so a resend matches whichever was taken.
 */
export async function takeStep<S extends string, K extends string, A extends string, R extends CaseRow<S>>(
  db: DB,
  actor: Actor,
  store: CaseStore<S, K, A, R>,
  steps: K | readonly K[],
  input: StepInput,
  requestId: string,
  work?: StepWork<S, K, A, R>,
): Promise<StepResult> {
  const candidates: readonly K[] = typeof steps === "string" ? [steps] : steps;
  const declared = (step: K) => store.workflow.steps[step];
  for (const step of candidates) requirePermission(actor, declared(step).permission);
  const from = [...new Set(candidates.flatMap((step) => declared(step).from))];
  const digest = stepDigest(input.version, eventOf(candidates[0]!, declared(candidates[0]!)), input.fields ?? { comment: input.comment || null });
  return db.transaction().execute(async (trx): Promise<StepResult> => {
    const claimed = await claimCase(trx, actor, store, input.key, input.version, from);
    if (!claimed.ok && !claimed.stale) return claimed.refusal;
    if (!claimed.ok) {
      // Sent against an old version: the same form sent again (a double click, a resubmit after a slow reply)
      // only if this person's step with exactly these fields, from this version, is on the timeline. Then the
      // first send did it: nothing more is written. Anything else is refused, saying what happened meanwhile.
      if (await store.eventRecorded(trx, actor, claimed.row, digest)) return { ok: true, again: true };
      return changedMeanwhile(trx, actor, await store.lastChange(trx, claimed.row));
    }
    const { row } = claimed;
    const step = candidates.find((candidate) => declared(candidate).from.includes(row.status))!;
    const outcome = (await work?.(trx, row, step)) ?? {};
    if ("ok" in outcome) return outcome;
    const to = outcome.to ?? declared(step).to ?? row.status;
    const event = eventOf(step, declared(step));
    await store.save(trx, row, { ...outcome.set, status: to });
    await store.addEvent(trx, actor, row, { action: event, from: row.status, to, comment: outcome.comment ?? (input.comment || null), digest });
    await recordAudit(trx, {
      actor,
      action: `${store.workflow.name}.${event}`,
      subjectType: store.workflow.name,
      subjectId: row.id,
      requestId,
      detail: { ...store.auditDetail(row, input.key), from: row.status, to },
    });
    // After the write: whoever must act next, in the same transaction (a rolled-back step tells nobody).
    const audiences = outcome.tell ?? declared(step).tell;
    if (audiences.length > 0) {
      if (!outcome.notice) throw new Error(`${store.workflow.name}.${event}: tells ${audiences.join(", ")} but says nothing`);
      const people = (await Promise.all(audiences.map((audience) => store.audience(trx, row, audience)))).flat();
      await notifyUsers(trx, people, outcome.notice);
    }
    return { ok: true, again: false };
  });
}

function eventOf(step: string, declared: { event?: string }): string {
  return declared.event ?? step;
}
