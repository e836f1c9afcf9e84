import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { type DryRun, type RunSummary, recentRetentionRuns, retentionDryRun } from "./runs.server.ts";
import { type RetentionSettings, readRetentionSettings } from "./settings.server.ts";

/**
 * Retention of pupils' records (issue 12, ADR 60), as routes call it (ADR 20), each module doing one thing:
 * - settings.server.ts: the council's settings (years kept after leaving, the subject access contact), the
 *   cut-off date they give, and the privacy notice's words from them;
 * - runs.server.ts: the dry run, the night's run (the ten-minute sweep) and the administrator's "run now";
 * - anonymise.server.ts: what one pupil's anonymisation changes, all or nothing.
 */
export { privacyNotice, updateRetentionSettings } from "./settings.server.ts";
export { type DryRun, type RunReport, type RunSummary, runRetentionNow, sweepRetention } from "./runs.server.ts";

export interface RetentionPage {
  settings: RetentionSettings;
  dryRun: DryRun;
  runs: RunSummary[];
}

/** The administrator's retention page: the settings, what a run would anonymise now, and the latest runs. */
export async function retentionPage(db: Kysely<Database>, actor: Actor, now = new Date()): Promise<RetentionPage> {
  requirePermission(actor, "retention:manage");
  const [settings, dryRun, runs] = await Promise.all([readRetentionSettings(db), retentionDryRun(db, actor, now), recentRetentionRuns(db, actor)]);
  return { settings, dryRun, runs };
}
