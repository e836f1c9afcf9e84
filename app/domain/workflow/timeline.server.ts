import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import type { ChangeDescription } from "./resubmission.server.ts";

/**
 * A case's timeline (ADR 20): an append-only table with one row per step taken (who, the step, from and to, the
 * comment, the submission's digest), named by the case's id in `caseColumn`. Every kind of case keeps one of the
 * same shape (funding_request_events, training_event_events, ...); the stores write and read them through here.
 */
export interface Timeline {
  table: string;
  caseColumn: string;
}

export interface TimelineEntry {
  action: string;
  from: string | null;
  to: string;
  comment?: string | null;
  digest?: string | null;
}

/** Appends one entry; `actor` null for the system's own steps (where the table allows it). */
export async function appendToTimeline(db: Kysely<Database>, timeline: Timeline, caseId: number, actor: Pick<Actor, "userId" | "role"> | null, entry: TimelineEntry) {
  await sql`insert into ${sql.table(timeline.table)}
    (${sql.ref(timeline.caseColumn)}, actor_user_id, actor_role, action, from_status, to_status, comment, submission_digest)
    values (${caseId}, ${actor?.userId ?? null}, ${actor?.role ?? null}, ${entry.action}, ${entry.from}, ${entry.to}, ${entry.comment || null}, ${entry.digest ?? null})`.execute(
    db,
  );
}

/** Whether this person's entry with this submission digest is on the case's timeline (the form was sent before). */
export async function timelineHas(db: Kysely<Database>, timeline: Timeline, caseId: number, userId: number, digest: string): Promise<boolean> {
  const found = await sql`select 1 from ${sql.table(timeline.table)}
    where ${sql.ref(timeline.caseColumn)} = ${caseId} and actor_user_id = ${userId} and submission_digest = ${digest} limit 1`.execute(db);
  return found.rows.length > 0;
}

/** The case's latest entry: what happened last, by whom and when. */
export async function lastOnTimeline(db: Kysely<Database>, timeline: Timeline, caseId: number) {
  const found = await sql<{ action: string; actor_user_id: number | null; occurred_at: Date }>`select action, actor_user_id, occurred_at
    from ${sql.table(timeline.table)} where ${sql.ref(timeline.caseColumn)} = ${caseId} order by id desc limit 1`.execute(db);
  return found.rows[0];
}

/**
 * What the engine tells someone whose form is out of date (ChangeDescription) from the case's latest entry: "it
 * was cancelled", by whom and when, the step named in the case's own words (`labels`); nothing when it has none.
 */
export async function lastChangeOn(db: Kysely<Database>, timeline: Timeline, caseId: number, labels: Readonly<Record<string, string>>): Promise<ChangeDescription> {
  const last = await lastOnTimeline(db, timeline, caseId);
  if (!last) return {};
  return { changed: { userId: last.actor_user_id, at: last.occurred_at }, did: `it was ${(labels[last.action] ?? last.action).toLowerCase()}` };
}
