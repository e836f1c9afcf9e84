// Written by `npm run db:types` from the migrations; do not edit by hand.
// tests/integration/schema-types.test.ts fails when this file and the migrations drift apart.
import type { ColumnType } from "kysely";

/** A column the database fills when an insert leaves it out (identity, default). */
export type Generated<T> =
  T extends ColumnType<infer S, infer I, infer U> ? ColumnType<S, I | undefined, U> : ColumnType<T, T | undefined, T>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Json = ColumnType<unknown, string, string>;
/** bytea: read as a Uint8Array (a Buffer from `pg`), written from one. */
export type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

export interface AgreedActionEvents {
  id: Generated<number>;
  agreed_action_id: number;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number | null;
  actor_role: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  submission_digest: string | null;
}

export interface AgreedActions {
  id: Generated<number>;
  champion_visit_id: number;
  position: number;
  description: string | null;
  owner: string | null;
  due_on: string | null;
  status: Generated<string>;
  done_note: string | null;
  done_at: Timestamp | null;
  done_by: number | null;
  closed_at: Timestamp | null;
  closed_by: number | null;
  carried_count: Generated<number>;
  created_at: Generated<Timestamp>;
  version: Generated<number>;
  guidance_article_id: number | null;
}

export interface AppSecrets {
  name: string;
  secret: string;
  created_at: Generated<Timestamp>;
}

export interface AuditEvents {
  id: Generated<number>;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number | null;
  actor_role: string | null;
  actor_org: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  request_id: string | null;
  detail: Generated<Json>;
}

export interface BankHolidays {
  day: string;
  title: string;
}

export interface ChampionFocusAreas {
  code: string;
  label: string;
  sort_order: number;
  active: Generated<boolean>;
}

export interface ChampionVisitEvents {
  id: Generated<number>;
  champion_visit_id: number;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number | null;
  actor_role: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  submission_digest: string | null;
}

export interface ChampionVisitFocusAreas {
  champion_visit_id: number;
  focus_area: string;
}

export interface ChampionVisits {
  id: Generated<number>;
  school_id: number;
  champion_user_id: number;
  status: Generated<string>;
  visited_on: string | null;
  format: string | null;
  seen: string | null;
  strengths: string | null;
  idempotency_key: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  published_at: Timestamp | null;
  published_by: number | null;
  version: Generated<number>;
}

export interface DecisionReasons {
  id: Generated<number>;
  label: string;
  active: Generated<boolean>;
  sort_order: Generated<number>;
}

export interface Districts {
  id: Generated<number>;
  code: string;
  name: string;
  area: string;
}

export interface EmailOutbox {
  id: Generated<number>;
  to_address: string;
  subject: string;
  body: string;
  link: string;
  created_at: Generated<Timestamp>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Timestamp>;
  sent_at: Timestamp | null;
  last_error: string | null;
  attachments: Json | null;
  password_reset_id: number | null;
  invitation_id: number | null;
}

export interface Feedback {
  id: Generated<number>;
  created_at: Generated<Timestamp>;
  idempotency_key: string;
  user_id: number | null;
  acting_role: string | null;
  from_path: string | null;
  trying_to_do: Generated<string>;
  what_happened: string;
  reply_email: string | null;
}

export interface FeedbackSends {
  id: Generated<number>;
  sent_at: Generated<Timestamp>;
  sender: string;
  signed_in: boolean;
}

export interface FundingCaseNotes {
  id: Generated<number>;
  funding_request_id: number;
  author_user_id: number;
  body: string;
  created_at: Generated<Timestamp>;
  submission_digest: string;
}

export interface FundingDecisions {
  id: Generated<number>;
  funding_request_id: number;
  outcome: string;
  awarded_pence: number;
  award_start: string | null;
  award_end: string | null;
  reason_id: number | null;
  reason_text: string | null;
  corrects_decision_id: number | null;
  decided_by: number;
  decided_at: Generated<Timestamp>;
  period_reason: string | null;
}

export interface FundingRequestCounts {
  school_id: number;
  status: string;
  reached_council: boolean;
  n: number;
}

export interface FundingRequestDocuments {
  id: Generated<number>;
  funding_request_id: number;
  title: string;
  evidence_key: string;
  file_name: string;
  media_type: string;
  extension: string;
  byte_size: number;
  sha256: string;
  storage_key: string;
  upload_key: string;
  uploaded_by: number;
  uploaded_role: string;
  uploaded_at: Generated<Timestamp>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: number | null;
  withdrawn_reason: string | null;
  carried_from_document_id: number | null;
}

export interface FundingRequestEvents {
  id: Generated<number>;
  funding_request_id: number;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number;
  actor_role: string;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  submission_digest: string | null;
}

export interface FundingRequestLiftCitations {
  id: Generated<number>;
  funding_request_id: number;
  lift_outcome_id: number | null;
  stls_visit_id: number | null;
}

export interface FundingRequestLines {
  id: Generated<number>;
  funding_request_id: number;
  position: number;
  description: string | null;
  delivered_by: string | null;
  hours_per_week: number | null;
  weeks: number | null;
  cost_pence: number | null;
}

export interface FundingRequestTrainingCitations {
  funding_request_id: number;
  training_booking_id: number;
}

export interface FundingRequests {
  id: Generated<number>;
  reference: string;
  school_id: number;
  scheme_id: number;
  pupil_id: number | null;
  status: string;
  amount_requested_pence: number | null;
  period_start: string | null;
  period_end: string | null;
  financial_year: number | null;
  evidence: Generated<Json>;
  awarded_pence: number | null;
  award_start: string | null;
  award_end: string | null;
  created_by: number;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  idempotency_key: string;
  version: Generated<number>;
  assigned_to: number | null;
  due_on: string | null;
  consent_given_by: string | null;
  consent_date: string | null;
  consent_method: string | null;
  renews_request_id: number | null;
  sign_off_declaration: string | null;
}

export interface FundingReviewEvents {
  id: Generated<number>;
  funding_review_id: number;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number;
  actor_role: string;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  submission_digest: string | null;
}

export interface FundingReviews {
  id: Generated<number>;
  funding_request_id: number;
  decision_id: number;
  number: number;
  due_on: string;
  status: Generated<string>;
  progress: string | null;
  provision_continues: boolean | null;
  changes: string | null;
  recorded_by: number | null;
  recorded_at: Timestamp | null;
  version: Generated<number>;
}

export interface FundingSchemeBudgets {
  scheme_id: number;
  financial_year: number;
  budget_pence: number;
  updated_by: number;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface FundingSchemes {
  id: Generated<number>;
  code: string;
  name: string;
  description: Generated<string>;
  requires_pupil: boolean;
  school_contribution_applies: boolean;
  school_contribution_pence: Generated<number>;
  evidence_checklist: Generated<Json>;
  active: Generated<boolean>;
  sort_order: Generated<number>;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
  pupil_rule: Generated<string>;
  target_working_days: Generated<number>;
  reviews_per_year: Generated<number>;
}

export interface GiasImportRows {
  id: Generated<number>;
  import_id: number;
  line: number;
  kind: string;
  urn: string | null;
  name: string | null;
  school_id: number | null;
  before: Json | null;
  after: Json | null;
  reason: string | null;
}

export interface GiasImports {
  id: Generated<number>;
  uploaded_by: number;
  uploaded_at: Generated<Timestamp>;
  file_name: string;
  file_bytes: Generated<number>;
  sha256: string | null;
  encoding: string | null;
  la_code: string;
  status: Generated<string>;
  problem: string | null;
  rows_read: Generated<number>;
  creates: Generated<number>;
  updates: Generated<number>;
  closures: Generated<number>;
  unchanged: Generated<number>;
  refused: Generated<number>;
  other_la: Generated<number>;
  heartbeat_at: Generated<Timestamp>;
  applied_by: number | null;
  applied_at: Timestamp | null;
  bytes_read: Generated<number>;
}

export interface GuidanceArticleEvents {
  id: Generated<number>;
  guidance_article_id: number;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number;
  actor_role: string;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  submission_digest: string | null;
}

export interface GuidanceArticleNeedTypes {
  guidance_article_id: number;
  need_code: string;
}

export interface GuidanceArticleTopics {
  guidance_article_id: number;
  topic_code: string;
}

export interface GuidanceArticleVersions {
  id: Generated<number>;
  guidance_article_id: number;
  version: number;
  title: string;
  summary: string;
  body_markdown: string;
  need_codes: Json;
  topic_codes: Json;
  owner_user_id: number;
  saved_by: number;
  saved_at: Generated<Timestamp>;
}

export interface GuidanceArticles {
  id: Generated<number>;
  slug: string;
  title: string;
  summary: string;
  body_markdown: string;
  body_text: string;
  status: Generated<string>;
  owner_user_id: number;
  created_by: number;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  published_at: Timestamp | null;
  last_reviewed_at: Timestamp | null;
  last_reviewed_by: number | null;
  version: Generated<number>;
}

export interface GuidanceTopics {
  code: string;
  name: string;
  sort_order: number;
  active: Generated<boolean>;
}

export interface InsightDisclosureSettings {
  id: Generated<boolean>;
  rule_kind: Generated<string>;
  threshold: Generated<number>;
  protection: Generated<number>;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: Generated<Timestamp>;
}

export interface InvitationAcceptFailures {
  id: Generated<number>;
  ip: string;
  attempted_at: Generated<Timestamp>;
}

export interface Invitations {
  id: Generated<number>;
  email: string;
  display_name: string | null;
  role: string;
  school_id: number | null;
  district_id: number | null;
  memberships: Json;
  invited_by: number;
  created_at: Generated<Timestamp>;
  token_hash: string | null;
  sent_at: Timestamp | null;
  expires_at: Timestamp | null;
  accepted_at: Timestamp | null;
  accepted_user_id: number | null;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  closed_at: Timestamp | null;
}

export interface LiftGroupSchools {
  school_id: number;
  group_id: number;
}

export interface LiftGroups {
  id: Generated<number>;
  district_id: number;
  name: string;
  version: Generated<number>;
}

export interface LiftMeetings {
  id: Generated<number>;
  group_id: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  venue: string | null;
  online_url: string | null;
  papers_due_on: string;
  referral_cap: Generated<number>;
  status: Generated<string>;
  cancelled_reason: string | null;
  created_by: number;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface LiftOutcomes {
  id: Generated<number>;
  lift_referral_id: number;
  meeting_id: number;
  kind: string;
  advice: string;
  training_course_id: number | null;
  supporting_school_id: number | null;
  specialist_user_id: number | null;
  visits_allocated: number | null;
  recorded_by: number;
  recorded_role: string;
  recorded_at: Generated<Timestamp>;
}

export interface LiftReferralDocuments {
  id: Generated<number>;
  lift_referral_id: number;
  kind: string;
  title: string;
  file_name: string;
  media_type: string;
  extension: string;
  byte_size: number;
  sha256: string;
  storage_key: string;
  upload_key: string;
  uploaded_by: number;
  uploaded_role: string;
  uploaded_at: Generated<Timestamp>;
  withdrawn_at: Timestamp | null;
  withdrawn_by: number | null;
}

export interface LiftReferralEvents {
  id: Generated<number>;
  lift_referral_id: number;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number | null;
  actor_role: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  submission_digest: string | null;
}

export interface LiftReferrals {
  id: Generated<number>;
  reference: string;
  school_id: number;
  pupil_id: number;
  meeting_id: number | null;
  status: Generated<string>;
  discipline: string | null;
  core_standards_tried: string | null;
  question: string | null;
  agreement_signed_by: string | null;
  agreement_signed_on: string | null;
  carried_count: Generated<number>;
  idempotency_key: string | null;
  created_by: number;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  sent_at: Timestamp | null;
  sent_by: number | null;
  withdrawn_at: Timestamp | null;
  version: Generated<number>;
}

export interface Memberships {
  id: Generated<number>;
  user_id: number;
  role: string;
  school_id: number | null;
  district_id: number | null;
  created_at: Generated<Timestamp>;
}

export interface NeedAreas {
  name: string;
  short_name: string;
  sort_order: number;
  course_area: Generated<boolean>;
}

export interface Notifications {
  id: Generated<number>;
  user_id: number;
  message: string;
  link: string;
  created_at: Generated<Timestamp>;
  read_at: Timestamp | null;
}

export interface OfficerAreas {
  user_id: number;
  area: string;
}

export interface PasswordResets {
  id: Generated<number>;
  user_id: number | null;
  email: string;
  ip: string;
  requested_at: Generated<Timestamp>;
  token_hash: string | null;
  expires_at: Timestamp | null;
  used_at: Timestamp | null;
}

export interface Pupils {
  id: Generated<number>;
  school_id: number;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  upn: string | null;
  year_group: string;
  sen_provision: string;
  primary_need: string;
  secondary_need: string | null;
  date_added: string;
  date_left: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  resource_provision_id: number | null;
  anonymised_at: Timestamp | null;
}

export interface RecoveryCodes {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: Generated<Timestamp>;
  used_at: Timestamp | null;
}

export interface ReferenceCounters {
  prefix: string;
  year: number;
  last_number: number;
}

export interface ResourceProvisionPlaces {
  resource_provision_id: number;
  academic_year: number;
  commissioned_places: number;
}

export interface ResourceProvisions {
  id: Generated<number>;
  school_id: number;
  designation_code: string;
  first_year_group: string;
  last_year_group: string;
  opened_on: string;
  status: Generated<string>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface RetentionRuns {
  id: Generated<number>;
  kind: string;
  run_on: string;
  started_at: Generated<Timestamp>;
  started_by: number | null;
  years_after_leaving: number;
  left_before: string;
  finished_at: Timestamp | null;
  anonymised: Generated<number>;
  failed: Generated<number>;
}

export interface RetentionSettings {
  id: Generated<boolean>;
  years_after_leaving: Generated<number>;
  subject_access_contact: Generated<string>;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: Generated<Timestamp>;
}

export interface SchoolSenBudgets {
  school_id: number;
  financial_year: number;
  notional_sen_budget_pence: number;
  updated_by: number;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface Schools {
  id: Generated<number>;
  urn: string;
  name: string;
  phase: string;
  establishment_type: string;
  district_id: number;
  number_on_roll: number | null;
  postcode: string | null;
  status: Generated<string>;
  resourced_provision_type: string | null;
  resourced_provision_capacity: number | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  training_lead_email: string | null;
  closed_on: string | null;
}

export interface SenNeedTypes {
  code: string;
  name: string;
  broad_area: string;
  sen_support_only: Generated<boolean>;
  active: Generated<boolean>;
  sort_order: number;
}

export interface Sessions {
  id: string;
  user_id: number;
  created_at: Generated<Timestamp>;
  last_seen_at: Generated<Timestamp>;
  expires_at: Timestamp;
  acting_as: string | null;
  user_agent: string | null;
  public_id: Generated<string>;
}

export interface SignInAttempts {
  id: Generated<number>;
  attempted_at: Generated<Timestamp>;
  ip: string;
  email: string;
  succeeded: boolean;
}

export interface SignInChallenges {
  id: string;
  user_id: number;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  redirect_to: string | null;
  user_agent: string | null;
}

export interface SrpDesignations {
  code: string;
  name: string;
  active: Generated<boolean>;
  sort_order: Generated<number>;
}

export interface SrpReturnEvents {
  id: Generated<number>;
  srp_return_id: number;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number | null;
  actor_role: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  submission_digest: string | null;
}

export interface SrpReturnReminders {
  id: Generated<number>;
  window_id: number;
  school_id: number;
  sent_on: string;
  sent_by: number;
  sent_at: Generated<Timestamp>;
  recipients: number;
}

export interface SrpReturnVersions {
  id: Generated<number>;
  srp_return_id: number;
  number: number;
  places_filled: number;
  ehc_plan_pupils: number;
  from_other_schools: number;
  admitted: number;
  left_in_term: number;
  waiting: number;
  comment: string | null;
  commissioned_places: number | null;
  over_commissioned: boolean;
  sent_by: number;
  sent_at: Generated<Timestamp>;
}

export interface SrpReturnWindows {
  id: Generated<number>;
  academic_year: number;
  term: string;
  opens_on: string;
  closes_on: string;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: Generated<Timestamp>;
}

export interface SrpReturns {
  id: Generated<number>;
  resource_provision_id: number;
  school_id: number;
  window_id: number;
  status: Generated<string>;
  places_filled: number | null;
  ehc_plan_pupils: number | null;
  from_other_schools: number | null;
  admitted: number | null;
  left_in_term: number | null;
  waiting: number | null;
  comment: string | null;
  over_commissioned: Generated<boolean>;
  sent_at: Timestamp | null;
  sent_by: number | null;
  created_by: number;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface StlsDisciplines {
  name: string;
  sort_order: number;
  active: Generated<boolean>;
}

export interface StlsLinkTeachers {
  school_id: number;
  teacher_user_id: number;
  set_by: number;
  set_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface StlsSlots {
  id: Generated<number>;
  teacher_user_id: number;
  district_id: number;
  kind: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  place: string;
  topic: string | null;
  status: Generated<string>;
  created_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface StlsVisitEvents {
  id: Generated<number>;
  stls_visit_id: number;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number | null;
  actor_role: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  submission_digest: string | null;
}

export interface StlsVisits {
  id: Generated<number>;
  slot_id: number;
  school_id: number;
  involvement_id: number | null;
  pupil_id: number | null;
  topic: string | null;
  status: Generated<string>;
  booked_by: number;
  booked_at: Generated<Timestamp>;
  cancelled_at: Timestamp | null;
  cancelled_by: number | null;
  cancelled_side: string | null;
  cancelled_reason: string | null;
  outcome_note: string | null;
  note_by: number | null;
  note_at: Timestamp | null;
  idempotency_key: string | null;
  version: Generated<number>;
}

export interface StoredFileChunks {
  storage_key: string;
  seq: number;
  bytes: Bytes;
}

export interface StoredFiles {
  storage_key: string;
  byte_size: Generated<number>;
  complete: Generated<boolean>;
  created_at: Generated<Timestamp>;
}

export interface TotpCredentials {
  user_id: number;
  secret: Bytes;
  created_at: Generated<Timestamp>;
  confirmed_at: Timestamp | null;
  last_used_step: number | null;
}

export interface TrainingBespokeEvents {
  id: Generated<number>;
  training_bespoke_request_id: number;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number;
  actor_role: string;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  submission_digest: string | null;
}

export interface TrainingBespokeRequests {
  id: Generated<number>;
  reference: string;
  school_id: number;
  topic: string;
  need_area: string;
  preferred_from: string;
  preferred_to: string;
  preferred_note: string | null;
  staff_count: number;
  outcomes: string;
  status: Generated<string>;
  decision_reason: string | null;
  event_id: number | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
  created_by: number;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  idempotency_key: string;
  version: Generated<number>;
}

export interface TrainingBookingEvents {
  id: Generated<number>;
  training_booking_id: number;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number | null;
  actor_role: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  submission_digest: string | null;
}

export interface TrainingBookings {
  id: Generated<number>;
  event_id: number;
  school_id: number;
  status: string;
  attendee_name: string;
  attendee_role: string;
  attendee_email: string;
  booked_by: number;
  created_at: Generated<Timestamp>;
  promoted_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancelled_by: number | null;
  cancelled_why: string | null;
  attended: boolean | null;
  attendance_marked_by: number | null;
  attendance_marked_at: Timestamp | null;
  reminder_sent_at: Timestamp | null;
  version: Generated<number>;
  calendar_sequence: Generated<number>;
}

export interface TrainingCourseNeedAreas {
  course_id: number;
  need_area: string;
}

export interface TrainingCourses {
  id: Generated<number>;
  programme_id: number;
  title: string;
  audience: string;
  description: Generated<string>;
  active: Generated<boolean>;
  version: Generated<number>;
}

export interface TrainingEvaluationLinks {
  booking_id: number;
  token_hash: string;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
}

export interface TrainingEvaluations {
  id: Generated<number>;
  booking_id: number;
  event_id: number;
  usefulness: number;
  will_change: string | null;
  comments: string | null;
  submitted_at: Generated<Timestamp>;
}

export interface TrainingEventEvents {
  id: Generated<number>;
  training_event_id: number;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number;
  actor_role: string;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  submission_digest: string | null;
}

export interface TrainingEvents {
  id: Generated<number>;
  course_id: number;
  status: Generated<string>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  venue: string | null;
  district_id: number | null;
  online_url: string | null;
  places: number;
  booking_closes_at: Timestamp;
  cancellation_closes_at: Timestamp;
  cost_pence: Generated<number>;
  hours: number;
  presenter_name: string;
  presenter_user_id: number | null;
  private_school_id: number | null;
  cancelled_reason: string | null;
  created_by: number;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  version: Generated<number>;
  booked_count: Generated<number>;
}

export interface TrainingProgrammes {
  id: Generated<number>;
  name: string;
  provider: string;
  description: Generated<string>;
  sort_order: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
}

export interface TwoFactorAttempts {
  id: Generated<number>;
  attempted_at: Generated<Timestamp>;
  user_id: number;
  ip: string;
  succeeded: boolean;
}

export interface Users {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string;
  active: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  password_changed_at: Generated<Timestamp>;
  deactivated_at: Timestamp | null;
  version: Generated<number>;
  demo_account: Generated<boolean>;
}

export interface Database {
  agreed_action_events: AgreedActionEvents;
  agreed_actions: AgreedActions;
  app_secrets: AppSecrets;
  audit_events: AuditEvents;
  bank_holidays: BankHolidays;
  champion_focus_areas: ChampionFocusAreas;
  champion_visit_events: ChampionVisitEvents;
  champion_visit_focus_areas: ChampionVisitFocusAreas;
  champion_visits: ChampionVisits;
  decision_reasons: DecisionReasons;
  districts: Districts;
  email_outbox: EmailOutbox;
  feedback: Feedback;
  feedback_sends: FeedbackSends;
  funding_case_notes: FundingCaseNotes;
  funding_decisions: FundingDecisions;
  funding_request_counts: FundingRequestCounts;
  funding_request_documents: FundingRequestDocuments;
  funding_request_events: FundingRequestEvents;
  funding_request_lift_citations: FundingRequestLiftCitations;
  funding_request_lines: FundingRequestLines;
  funding_request_training_citations: FundingRequestTrainingCitations;
  funding_requests: FundingRequests;
  funding_review_events: FundingReviewEvents;
  funding_reviews: FundingReviews;
  funding_scheme_budgets: FundingSchemeBudgets;
  funding_schemes: FundingSchemes;
  gias_import_rows: GiasImportRows;
  gias_imports: GiasImports;
  guidance_article_events: GuidanceArticleEvents;
  guidance_article_need_types: GuidanceArticleNeedTypes;
  guidance_article_topics: GuidanceArticleTopics;
  guidance_article_versions: GuidanceArticleVersions;
  guidance_articles: GuidanceArticles;
  guidance_topics: GuidanceTopics;
  insight_disclosure_settings: InsightDisclosureSettings;
  invitation_accept_failures: InvitationAcceptFailures;
  invitations: Invitations;
  lift_group_schools: LiftGroupSchools;
  lift_groups: LiftGroups;
  lift_meetings: LiftMeetings;
  lift_outcomes: LiftOutcomes;
  lift_referral_documents: LiftReferralDocuments;
  lift_referral_events: LiftReferralEvents;
  lift_referrals: LiftReferrals;
  memberships: Memberships;
  need_areas: NeedAreas;
  notifications: Notifications;
  officer_areas: OfficerAreas;
  password_resets: PasswordResets;
  pupils: Pupils;
  recovery_codes: RecoveryCodes;
  reference_counters: ReferenceCounters;
  resource_provision_places: ResourceProvisionPlaces;
  resource_provisions: ResourceProvisions;
  retention_runs: RetentionRuns;
  retention_settings: RetentionSettings;
  school_sen_budgets: SchoolSenBudgets;
  schools: Schools;
  sen_need_types: SenNeedTypes;
  sessions: Sessions;
  sign_in_attempts: SignInAttempts;
  sign_in_challenges: SignInChallenges;
  srp_designations: SrpDesignations;
  srp_return_events: SrpReturnEvents;
  srp_return_reminders: SrpReturnReminders;
  srp_return_versions: SrpReturnVersions;
  srp_return_windows: SrpReturnWindows;
  srp_returns: SrpReturns;
  stls_disciplines: StlsDisciplines;
  stls_link_teachers: StlsLinkTeachers;
  stls_slots: StlsSlots;
  stls_visit_events: StlsVisitEvents;
  stls_visits: StlsVisits;
  stored_file_chunks: StoredFileChunks;
  stored_files: StoredFiles;
  totp_credentials: TotpCredentials;
  training_bespoke_events: TrainingBespokeEvents;
  training_bespoke_requests: TrainingBespokeRequests;
  training_booking_events: TrainingBookingEvents;
  training_bookings: TrainingBookings;
  training_course_need_areas: TrainingCourseNeedAreas;
  training_courses: TrainingCourses;
  training_evaluation_links: TrainingEvaluationLinks;
  training_evaluations: TrainingEvaluations;
  training_event_events: TrainingEventEvents;
  training_events: TrainingEvents;
  training_programmes: TrainingProgrammes;
  two_factor_attempts: TwoFactorAttempts;
  users: Users;
}
