import type { Migration } from "kysely";
import * as core from "./2026-11-29T1700_core.ts";
import * as funding from "./2026-11-29T2000_funding.ts";
import * as fundingIndexes from "./2026-11-29T2100_funding_indexes.ts";
import * as appSecrets from "./2026-12-01T1000_app_secrets.ts";
import * as submissionDigests from "./2026-12-01T1010_submission_digests.ts";
import * as schemePupilRule from "./2026-12-01T1100_scheme_pupil_rule.ts";
import * as actingMembership from "./2026-12-01T1200_acting_membership.ts";
import * as draftPlanLines from "./2026-12-01T1310_draft_plan_lines.ts";
import * as feedback from "./2026-12-01T1320_feedback.ts";
import * as fundingDocuments from "./2026-12-01T1400_funding_documents.ts";
import * as fundingCasework from "./2026-12-01T1410_funding_casework.ts";
import * as fundingConsentRenewal from "./2026-12-01T1420_funding_consent_renewal.ts";
import * as fundingReviews from "./2026-12-01T1430_funding_reviews.ts";
import * as renewalDocuments from "./2026-12-01T1440_renewal_documents.ts";
import * as fundingQueueSorts from "./2026-12-01T1450_funding_queue_sorts.ts";
import * as training from "./2026-12-01T1500_training.ts";
import * as trainingBookings from "./2026-12-01T1520_training_bookings.ts";
import * as trainingBespoke from "./2026-12-01T1540_training_bespoke.ts";
import * as stls from "./2026-12-01T1600_stls.ts";
import * as liftCitations from "./2026-12-01T1610_lift_citations.ts";
import * as trainingBookedCount from "./2026-12-02T0400_training_booked_count.ts";
import * as fundingRequestCounts from "./2026-12-02T0410_funding_request_counts.ts";
import * as sessionDevices from "./2026-12-02T0420_session_devices.ts";
import * as passwordResets from "./2026-12-02T0430_password_resets.ts";
import * as invitations from "./2026-12-02T1510_invitations.ts";
import * as championVisits from "./2026-12-02T0510_champion_visits.ts";
import * as trainingEvaluations from "./2026-12-01T1530_training_evaluations.ts";
import * as provision from "./2026-12-02T0500_provision.ts";
import * as guidance from "./2026-12-02T0520_guidance.ts";
import * as actionGuidance from "./2026-12-02T0530_action_guidance.ts";
import * as twoFactor from "./2026-12-02T1500_two_factor.ts";
import * as retention from "./2026-12-02T1520_retention.ts";
import * as guidanceRanking from "./2026-12-02T1530_guidance_ranking.ts";
import * as guidanceLibraryVersion from "./2026-12-02T1550_guidance_library_version.ts";
import * as giasImportProgress from "./2026-12-02T1600_gias_import_progress.ts";
import * as schemeBudgets from "./2026-12-03T1000_scheme_budgets.ts";
import * as insightChangeCounters from "./2026-12-03T1010_insight_change_counters.ts";
import * as insightMoreWatched from "./2026-12-04T0100_insight_more_watched.ts";
import * as insightChangesAtCommit from "./2026-12-04T0110_insight_changes_at_commit.ts";
import * as insightDisclosureRule from "./2026-12-04T1900_insight_disclosure_rule.ts";
import * as giasImports from "./2026-12-02T1540_gias_imports.ts";

/**
 * Every migration, by name, in the order they run. Listed statically (not read from the file system)
 * so the same list works under tsx, Vitest and a bundled server.
 */
export const migrations: Record<string, Migration> = {
  "2026-11-29T1700_core": core,
  "2026-11-29T2000_funding": funding,
  "2026-11-29T2100_funding_indexes": fundingIndexes,
  "2026-12-01T1000_app_secrets": appSecrets,
  "2026-12-01T1010_submission_digests": submissionDigests,
  "2026-12-01T1100_scheme_pupil_rule": schemePupilRule,
  "2026-12-01T1200_acting_membership": actingMembership,
  "2026-12-01T1310_draft_plan_lines": draftPlanLines,
  "2026-12-01T1320_feedback": feedback,
  "2026-12-01T1400_funding_documents": fundingDocuments,
  "2026-12-01T1410_funding_casework": fundingCasework,
  "2026-12-01T1420_funding_consent_renewal": fundingConsentRenewal,
  "2026-12-01T1430_funding_reviews": fundingReviews,
  "2026-12-01T1440_renewal_documents": renewalDocuments,
  "2026-12-01T1450_funding_queue_sorts": fundingQueueSorts,
  "2026-12-01T1500_training": training,
  "2026-12-01T1520_training_bookings": trainingBookings,
  "2026-12-01T1540_training_bespoke": trainingBespoke,
  "2026-12-01T1530_training_evaluations": trainingEvaluations,
  "2026-12-01T1600_stls": stls,
  "2026-12-01T1610_lift_citations": liftCitations,
  "2026-12-02T0400_training_booked_count": trainingBookedCount,
  "2026-12-02T0410_funding_request_counts": fundingRequestCounts,
  "2026-12-02T0420_session_devices": sessionDevices,
  "2026-12-02T0430_password_resets": passwordResets,
  "2026-12-02T0510_champion_visits": championVisits,
  "2026-12-02T0500_provision": provision,
  "2026-12-02T0520_guidance": guidance,
  "2026-12-02T0530_action_guidance": actionGuidance,
  "2026-12-02T1500_two_factor": twoFactor,
  "2026-12-02T1510_invitations": invitations,
  "2026-12-02T1520_retention": retention,
  "2026-12-02T1530_guidance_ranking": guidanceRanking,
  "2026-12-02T1540_gias_imports": giasImports,
  "2026-12-02T1550_guidance_library_version": guidanceLibraryVersion,
  "2026-12-02T1600_gias_import_progress": giasImportProgress,
  "2026-12-03T1000_scheme_budgets": schemeBudgets,
  "2026-12-03T1010_insight_change_counters": insightChangeCounters,
  "2026-12-04T0100_insight_more_watched": insightMoreWatched,
  "2026-12-04T0110_insight_changes_at_commit": insightChangesAtCommit,
  "2026-12-04T1900_insight_disclosure_rule": insightDisclosureRule,
};
