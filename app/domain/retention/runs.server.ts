import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { londonToday } from "../financial-year.ts";
import type { Result } from "../result.ts";
import { anonymisePupil } from "./anonymise.server.ts";
import { leftBeforeDate, readRetentionSettings } from "./settings.server.ts";

/**
 * Running the retention job (ADR 60): every pupil who left before the cut-off and is not yet anonymised, each in a
 * transaction of their own (anonymise.server.ts), so a run stopped half-way (the process killed, one pupil's change
 * failing) leaves each pupil either done or untouched, and the next run picks up the rest. Two runs at once (two
 * portals, the night's run and an administrator's) anonymise each pupil once: the pupil's lock, and its re-read
 * under it.
 *
 * The scheduled run is the ten-minute sweep's (server/email.ts), which acts once a London day, from 02:00: the
 * first portal to claim the day's row in retention_runs runs it, the others find the day claimed. A run the
 * administrator starts from the settings page is its own row, at once.
 */

type DB = Kysely<Database>;

/** The hour (London) from which the night's run may start. */
export const SCHEDULED_FROM_HOUR = 2;

/** Pupils past the period, oldest leaving first. */
function pupilsPast(db: DB, leftBefore: string) {
  return db.selectFrom("pupils").where("date_left", "is not", null).where("date_left", "<", leftBefore).where("anonymised_at", "is", null);
}

export interface RunReport {
  runId: number;
  anonymised: number;
  failed: number;
  leftBefore: string;
}

async function runFrom(db: DB, run: { id: number; leftBefore: string; actor: Actor | null; requestId: string; now: Date; years: number }): Promise<RunReport> {
  const ids = (await pupilsPast(db, run.leftBefore).select("id").orderBy("date_left").orderBy("id").execute()).map((p) => p.id);
  let anonymised = 0;
  let failed = 0;
  for (const id of ids) {
    try {
      const done = await db.transaction().execute((trx) => anonymisePupil(trx, id, run.leftBefore, { id: run.id, requestId: run.requestId, now: run.now }));
      if (done) anonymised++;
    } catch {
      // Rolled back: the pupil is as they were, and the next run tries again. What failed is not logged here: an
      // error may quote a row's values.
      failed++;
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("retention_runs").set({ finished_at: new Date(), anonymised, failed }).where("id", "=", run.id).execute();
    await recordAudit(trx, {
      actor: run.actor,
      action: "retention.run",
      subjectType: "retention_run",
      subjectId: run.id,
      requestId: run.requestId,
      detail: { yearsAfterLeaving: run.years, leftBefore: run.leftBefore, anonymised, failed },
    });
  });
  return { runId: run.id, anonymised, failed, leftBefore: run.leftBefore };
}

/**
 * The night's run, from the ten-minute sweep: nothing before 02:00 London time, and nothing if any portal has
 * claimed today's run already. Returns what it did (`runs: 0` when it did not run).
 */
export async function sweepRetention(db: DB, now = new Date(), requestId = "sweep:retention"): Promise<{ anonymised: number; failed: number; runs: number }> {
  const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).format(now));
  if (hour < SCHEDULED_FROM_HOUR) return { anonymised: 0, failed: 0, runs: 0 };
  // Most sweeps of the day find it done: one read, no insert (a refused insert would still use up an id).
  const done = await db.selectFrom("retention_runs").select("id").where("kind", "=", "scheduled").where("run_on", "=", londonToday(now)).executeTakeFirst();
  if (done) return { anonymised: 0, failed: 0, runs: 0 };
  const settings = await readRetentionSettings(db);
  const leftBefore = await leftBeforeDate(db, settings.yearsAfterLeaving, now);
  const claimed = await db
    .insertInto("retention_runs")
    .values({ kind: "scheduled", run_on: londonToday(now), started_at: now, years_after_leaving: settings.yearsAfterLeaving, left_before: leftBefore })
    .onConflict((oc) => oc.column("run_on").where("kind", "=", "scheduled").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!claimed) return { anonymised: 0, failed: 0, runs: 0 };
  const report = await runFrom(db, { id: claimed.id, leftBefore, actor: null, requestId, now, years: settings.yearsAfterLeaving });
  return { anonymised: report.anonymised, failed: report.failed, runs: 1 };
}

/**
 * "Run now", confirmed by an administrator who saw the dry run for `years`: refused if the period has changed since
 * (what they saw is no longer what would go).
 */
export async function runRetentionNow(db: DB, actor: Actor, input: { years: number }, requestId: string, now = new Date()): Promise<Result<RunReport>> {
  requirePermission(actor, "retention:manage");
  const settings = await readRetentionSettings(db);
  if (settings.yearsAfterLeaving !== input.years) {
    return { ok: false, formError: "The retention period changed since you opened this page. Check what would be anonymised now and confirm again." };
  }
  const leftBefore = await leftBeforeDate(db, settings.yearsAfterLeaving, now);
  const run = await db
    .insertInto("retention_runs")
    .values({ kind: "admin", run_on: londonToday(now), started_at: now, started_by: actor.userId, years_after_leaving: settings.yearsAfterLeaving, left_before: leftBefore })
    .returning("id")
    .executeTakeFirstOrThrow();
  const report = await runFrom(db, { id: run.id, leftBefore, actor, requestId, now, years: settings.yearsAfterLeaving });
  return { ok: true, ...report };
}

export interface DryRun {
  yearsAfterLeaving: number;
  leftBefore: string;
  total: number;
  oldestLeft: string | null;
  /** Per school: how many pupils would be anonymised, and the earliest date one of them left. No child is named. */
  schools: { urn: string; name: string; pupils: number; oldestLeft: string }[];
}

/** What the next run would anonymise, without changing anything. */
export async function retentionDryRun(db: DB, actor: Actor, now = new Date()): Promise<DryRun> {
  requirePermission(actor, "retention:manage");
  const settings = await readRetentionSettings(db);
  const leftBefore = await leftBeforeDate(db, settings.yearsAfterLeaving, now);
  const rows = await pupilsPast(db, leftBefore)
    .innerJoin("schools", "schools.id", "pupils.school_id")
    .select((eb) => ["schools.urn", "schools.name", eb.fn.countAll<string | number>().as("pupils"), eb.fn.min<string>("pupils.date_left").as("oldest_left")])
    .groupBy(["schools.id", "schools.urn", "schools.name"])
    .orderBy("schools.name")
    .orderBy("schools.urn")
    .execute();
  const schools = rows.map((r) => ({ urn: r.urn, name: r.name, pupils: Number(r.pupils), oldestLeft: String(r.oldest_left) }));
  const oldest = schools.reduce<string | null>((min, s) => (min === null || s.oldestLeft < min ? s.oldestLeft : min), null);
  return { yearsAfterLeaving: settings.yearsAfterLeaving, leftBefore, total: schools.reduce((n, s) => n + s.pupils, 0), oldestLeft: oldest, schools };
}

export interface RunSummary {
  id: number;
  kind: "scheduled" | "admin";
  startedAt: Date;
  startedBy: string | null;
  finishedAt: Date | null;
  yearsAfterLeaving: number;
  anonymised: number;
  failed: number;
}

/** The latest runs, newest first. */
export async function recentRetentionRuns(db: DB, actor: Actor, limit = 10): Promise<RunSummary[]> {
  requirePermission(actor, "retention:manage");
  const rows = await db
    .selectFrom("retention_runs")
    .leftJoin("users", "users.id", "retention_runs.started_by")
    .select([
      "retention_runs.id",
      "retention_runs.kind",
      "retention_runs.started_at",
      "users.display_name",
      "retention_runs.finished_at",
      "retention_runs.years_after_leaving",
      "retention_runs.anonymised",
      "retention_runs.failed",
    ])
    .orderBy("retention_runs.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind === "admin" ? "admin" : "scheduled",
    startedAt: r.started_at,
    startedBy: r.display_name,
    finishedAt: r.finished_at,
    yearsAfterLeaving: r.years_after_leaving,
    anonymised: r.anonymised,
    failed: r.failed,
  }));
}
