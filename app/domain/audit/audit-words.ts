import { ownEntry } from "../lookup.ts";

/**
 * What each audit action means, in words, for the admin's audit log. Zod-free and client-safe: the log's
 * filter lists these. An action not listed here is shown by its code, so a new one is never hidden.
 */
export const AUDIT_ACTION_WORDS: Record<string, string> = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in refused (wrong email or password)",
  "auth.sign_in_rate_limited": "Sign-in paused (too many failed attempts)",
  "auth.sign_out": "Signed out",
  "auth.password_change": "Changed their password",
  "auth.password_change_failed": "Password change refused (wrong current password)",
  "auth.password_change_rate_limited": "Password change paused (too many failed attempts)",
  "auth.switch_membership": "Switched the role they act in",
  "auth.two_factor_asked": "Password accepted; asked for a code from their authenticator app",
  "auth.two_factor_failed": "Sign-in code refused (wrong or already used)",
  "auth.two_factor_rate_limited": "Sign-in code paused (too many wrong codes)",
  "auth.recovery_code_used": "Signed in with a recovery code",
  "auth.two_factor_set_up": "Set up two-factor authentication",
  "auth.two_factor_turned_off": "Turned off two-factor authentication",
  "auth.two_factor_turn_off_failed": "Turning off two-factor authentication refused (wrong password)",
  "user.create": "Created an account",
  "user.change_role": "Changed an account's role",
  "user.deactivate": "Deactivated an account",
  "user.reactivate": "Reactivated an account",
  "user.add_membership": "Gave an account another role",
  "user.remove_membership": "Took a role away from an account",
  "user.set_officer_areas": "Changed the areas a council officer works in",
  "user.reset_two_factor": "Reset an account's two-factor authentication (lost phone)",
  "pupil.list": "Opened the pupil register",
  "pupil.view": "Viewed a pupil's record",
  "pupil.create": "Added a pupil to the register",
  "pupil.update": "Changed a pupil's record",
  "pupil.left": "Marked a pupil as left",
  "pupil.return": "Put a pupil back on the register",
  "pupil.subject_access_export": "Downloaded everything held about a pupil (subject access)",
  "pupil.anonymised": "Anonymised a pupil's records (past the retention period)",
  "retention.settings_update": "Changed how long records of pupils who left are kept",
  "retention.run": "Ran the retention job",
  "funding_request.create": "Started a funding request",
  "funding_request.update": "Saved a funding request",
  "funding_request.view": "Viewed a funding request",
  "funding_request.sent_to_headteacher": "Sent a funding request to the headteacher",
  "funding_request.signed_off": "Signed off a funding request",
  "funding_request.returned": "Returned a funding request to the SENCO",
  "funding_request.withdrawn": "Withdrew a funding request",
  "funding_request.review_started": "Started reviewing a funding request",
  "funding_request.information_requested": "Asked the school for more information",
  "funding_request.decided": "Decided a funding request",
  "funding_request.corrected": "Corrected a funding decision",
  "funding.tracker_view": "Viewed the funding tracker",
  "funding.tracker_export": "Downloaded the funding tracker (CSV)",
  "school_budget.update": "Changed the notional SEN budget",
  "funding_scheme.create": "Created a funding scheme",
  "funding_scheme.update": "Changed a funding scheme",
  "decision_reason.create": "Added a decision reason",
  "decision_reason.rename": "Renamed a decision reason",
  "decision_reason.deactivate": "Withdrew a decision reason",
  "decision_reason.reactivate": "Brought back a decision reason",
  "feedback.send": "Sent feedback about the portal",
};

/** How the log names each kind of record. */
export const AUDIT_SUBJECT_WORDS: Record<string, string> = {
  user: "Account",
  pupil: "Pupil record",
  funding_request: "Funding request",
  funding_scheme: "Funding scheme",
  decision_reason: "Decision reason",
  school: "School",
  sign_in: "Sign-in",
  feedback: "Feedback",
  retention_settings: "Retention settings",
  retention_run: "Retention run",
};

export function auditActionWords(action: string): string {
  return ownEntry(AUDIT_ACTION_WORDS, action) ?? action;
}
