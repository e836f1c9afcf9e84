import { sql, type Kysely } from "kysely";

// Issue 3: the pupil register, funding schemes and requests (with their costed lines, timeline and
// decisions), the school's notional SEN budget, in-portal notifications and the email outbox.
// Reference lists the council edits (need types, schemes, decision reasons) are rows, seeded here so a new
// installation has them; after that they belong to the council.
// One statement per query: the PGlite dialect rejects multi-statement strings.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE sen_need_types (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2,6}$'),
    name text NOT NULL,
    broad_area text NOT NULL,
    sen_support_only boolean NOT NULL DEFAULT false,
    active boolean NOT NULL DEFAULT true,
    sort_order integer NOT NULL
  )`.execute(db);
  await sql`INSERT INTO sen_need_types (code, name, broad_area, sen_support_only, sort_order) VALUES
    ('SPLD', 'Specific learning difficulty', 'Cognition and learning', false, 1),
    ('MLD', 'Moderate learning difficulty', 'Cognition and learning', false, 2),
    ('SLD', 'Severe learning difficulty', 'Cognition and learning', false, 3),
    ('PMLD', 'Profound and multiple learning difficulty', 'Cognition and learning', false, 4),
    ('SEMH', 'Social, emotional and mental health', 'Social, emotional and mental health', false, 5),
    ('SLCN', 'Speech, language and communication needs', 'Communication and interaction', false, 6),
    ('ASD', 'Autistic spectrum disorder', 'Communication and interaction', false, 7),
    ('HI', 'Hearing impairment', 'Sensory and/or physical', false, 8),
    ('VI', 'Vision impairment', 'Sensory and/or physical', false, 9),
    ('MSI', 'Multi-sensory impairment', 'Sensory and/or physical', false, 10),
    ('PD', 'Physical disability', 'Sensory and/or physical', false, 11),
    ('OTH', 'Other difficulty or disability', 'Other', false, 12),
    ('NSA', 'SEN support but no specialist assessment of type of need', 'Not assessed', true, 13)`.execute(db);

  await sql`CREATE TABLE pupils (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id integer NOT NULL REFERENCES schools (id),
    first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    date_of_birth date NOT NULL,
    upn text CHECK (upn ~ '^[A-Z][0-9]{12}$'),
    year_group text NOT NULL CHECK (year_group IN ('N', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13')),
    sen_provision text NOT NULL CHECK (sen_provision IN ('K', 'E')),
    primary_need text NOT NULL REFERENCES sen_need_types (code),
    secondary_need text REFERENCES sen_need_types (code),
    date_added date NOT NULL,
    date_left date,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pupils_needs_differ CHECK (secondary_need IS NULL OR secondary_need <> primary_need),
    CONSTRAINT pupils_left_after_added CHECK (date_left IS NULL OR date_left >= date_added)
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX pupils_school_upn_key ON pupils (school_id, upn) WHERE upn IS NOT NULL`.execute(db);
  await sql`CREATE INDEX pupils_school_name_idx ON pupils (school_id, lower(last_name), lower(first_name))`.execute(db);

  await sql`CREATE TABLE funding_schemes (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{2,6}$'),
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '',
    requires_pupil boolean NOT NULL,
    school_contribution_applies boolean NOT NULL,
    school_contribution_pence integer NOT NULL DEFAULT 600000 CHECK (school_contribution_pence >= 0),
    evidence_checklist jsonb NOT NULL DEFAULT '[]'::jsonb,
    active boolean NOT NULL DEFAULT true,
    sort_order integer NOT NULL DEFAULT 0,
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`INSERT INTO funding_schemes (code, name, description, requires_pupil, school_contribution_applies, evidence_checklist, sort_order) VALUES
    ('HNF', 'High Needs Funding (mainstream, no EHC plan)',
     'Top-up for a pupil on SEN support whose additional provision costs £6,000 or more a year. The school meets the first £6,000 from its notional SEN budget.',
     true, true, ${JSON.stringify([
       { key: "complex-needs", label: "The pupil has an EHC plan, or is on SEN support with severe and complex needs" },
       { key: "full-time", label: "The pupil is on roll full time" },
       { key: "external-professionals", label: "Needs have been identified with external professionals" },
       { key: "own-resources", label: "The school's own resources have been used first" },
       { key: "personalised", label: "Provision is at the personalised level of the Mainstream Core Standards" },
       { key: "lift-advice", label: "LIFT advice has been sought (if the pupil has no EHC plan)" },
       { key: "lift-recommendations", label: "LIFT's recommendations have been put in place" },
       { key: "staff-training", label: "Relevant staff have been trained in the last two years" },
     ])}::jsonb, 1),
    ('EHC', 'EHC plan top-up',
     'Top-up for a pupil with an EHC plan, for provision the plan specifies beyond what the school meets itself.',
     true, true, ${JSON.stringify([
       { key: "ehc-plan", label: "The pupil has a current EHC plan naming this school" },
       { key: "provision-specified", label: "The costed provision is specified in section F of the plan" },
       { key: "own-resources", label: "The school's own resources have been used first" },
       { key: "annual-review", label: "The last annual review was held in the past 12 months" },
     ])}::jsonb, 2),
    ('SIS', 'SEN inclusion support (school-level, no named pupil)',
     'Support for the school as a whole, for example to run a nurture group or to train staff, with no named pupil.',
     false, false, ${JSON.stringify([
       { key: "need-shown", label: "The school has shown the need across its pupils" },
       { key: "core-standards", label: "The Mainstream Core Standards are in place across the school" },
       { key: "outcomes", label: "The school has said how it will measure the difference the support makes" },
     ])}::jsonb, 3)`.execute(db);

  await sql`CREATE TABLE decision_reasons (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    label text NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 200),
    active boolean NOT NULL DEFAULT true,
    sort_order integer NOT NULL DEFAULT 0
  )`.execute(db);
  await sql`INSERT INTO decision_reasons (label, sort_order) VALUES
    ('Provision can be met within the school''s notional SEN budget', 1),
    ('Evidence of need is not sufficient', 2),
    ('The Mainstream Core Standards have not yet been applied', 3),
    ('LIFT advice has not been sought or put in place', 4),
    ('Costs are higher than the provision needs', 5),
    ('Part of the provision is funded elsewhere', 6),
    ('The pupil is not eligible for this scheme', 7)`.execute(db);

  await sql`CREATE TABLE reference_counters (
    prefix text NOT NULL,
    year integer NOT NULL,
    last_number integer NOT NULL,
    PRIMARY KEY (prefix, year)
  )`.execute(db);

  await sql`CREATE TABLE funding_requests (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference text NOT NULL UNIQUE CHECK (reference ~ '^[A-Z]{2,6}-[0-9]{4}-[0-9]{5,}$'),
    school_id integer NOT NULL REFERENCES schools (id),
    scheme_id integer NOT NULL REFERENCES funding_schemes (id),
    pupil_id integer REFERENCES pupils (id),
    status text NOT NULL CHECK (status IN ('draft', 'awaiting_headteacher', 'submitted', 'in_review',
      'more_information_needed', 'approved', 'partly_approved', 'declined', 'withdrawn')),
    amount_requested_pence integer CHECK (amount_requested_pence > 0 AND amount_requested_pence <= 20000000),
    period_start date,
    period_end date,
    financial_year integer,
    evidence jsonb NOT NULL DEFAULT '{}'::jsonb,
    awarded_pence integer CHECK (awarded_pence >= 0),
    award_start date,
    award_end date,
    created_by integer NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    decided_at timestamptz,
    idempotency_key text NOT NULL UNIQUE,
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT funding_requests_period CHECK (period_end IS NULL OR period_start IS NULL OR period_end >= period_start)
  )`.execute(db);
  await sql`CREATE INDEX funding_requests_school_idx ON funding_requests (school_id, financial_year)`.execute(db);
  await sql`CREATE INDEX funding_requests_queue_idx ON funding_requests (status, submitted_at)`.execute(db);
  await sql`CREATE INDEX funding_requests_pupil_idx ON funding_requests (pupil_id)`.execute(db);

  await sql`CREATE TABLE funding_request_lines (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    funding_request_id integer NOT NULL REFERENCES funding_requests (id) ON DELETE CASCADE,
    position integer NOT NULL,
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
    delivered_by text NOT NULL CHECK (length(delivered_by) BETWEEN 1 AND 120),
    hours_per_week numeric(5, 2) NOT NULL CHECK (hours_per_week >= 0 AND hours_per_week <= 60),
    weeks integer NOT NULL CHECK (weeks BETWEEN 1 AND 52),
    cost_pence integer NOT NULL CHECK (cost_pence > 0 AND cost_pence <= 20000000),
    UNIQUE (funding_request_id, position)
  )`.execute(db);

  await sql`CREATE TABLE funding_request_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    funding_request_id integer NOT NULL REFERENCES funding_requests (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id integer NOT NULL REFERENCES users (id),
    actor_role text NOT NULL,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    comment text CHECK (length(comment) <= 2000)
  )`.execute(db);
  await sql`CREATE INDEX funding_request_events_request_idx ON funding_request_events (funding_request_id, id)`.execute(db);

  await sql`CREATE TABLE funding_decisions (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    funding_request_id integer NOT NULL REFERENCES funding_requests (id),
    outcome text NOT NULL CHECK (outcome IN ('approved', 'partly_approved', 'declined')),
    awarded_pence integer NOT NULL CHECK (awarded_pence >= 0 AND awarded_pence <= 20000000),
    award_start date,
    award_end date,
    reason_id integer REFERENCES decision_reasons (id),
    reason_text text CHECK (length(reason_text) <= 2000),
    corrects_decision_id integer REFERENCES funding_decisions (id),
    decided_by integer NOT NULL REFERENCES users (id),
    decided_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX funding_decisions_request_idx ON funding_decisions (funding_request_id, id)`.execute(db);
  await sql`CREATE FUNCTION funding_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
    END;
  $$`.execute(db);
  await sql`CREATE TRIGGER funding_decisions_no_change BEFORE UPDATE OR DELETE ON funding_decisions
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);
  await sql`CREATE TRIGGER funding_request_events_no_change BEFORE UPDATE OR DELETE ON funding_request_events
    FOR EACH ROW EXECUTE FUNCTION funding_history_append_only()`.execute(db);

  await sql`CREATE TABLE school_sen_budgets (
    school_id integer NOT NULL REFERENCES schools (id),
    financial_year integer NOT NULL CHECK (financial_year BETWEEN 2000 AND 2100),
    notional_sen_budget_pence bigint NOT NULL CHECK (notional_sen_budget_pence >= 0 AND notional_sen_budget_pence <= 10000000000),
    updated_by integer NOT NULL REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    PRIMARY KEY (school_id, financial_year)
  )`.execute(db);

  await sql`CREATE TABLE notifications (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message text NOT NULL,
    link text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz
  )`.execute(db);
  await sql`CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC)`.execute(db);
  await sql`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`.execute(db);

  await sql`CREATE TABLE email_outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    link text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    last_error text
  )`.execute(db);
  await sql`CREATE INDEX email_outbox_pending_idx ON email_outbox (next_attempt_at) WHERE sent_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE email_outbox`.execute(db);
  await sql`DROP TABLE notifications`.execute(db);
  await sql`DROP TABLE school_sen_budgets`.execute(db);
  await sql`DROP TABLE funding_decisions`.execute(db);
  await sql`DROP TABLE funding_request_events`.execute(db);
  await sql`DROP FUNCTION funding_history_append_only()`.execute(db);
  await sql`DROP TABLE funding_request_lines`.execute(db);
  await sql`DROP TABLE funding_requests`.execute(db);
  await sql`DROP TABLE reference_counters`.execute(db);
  await sql`DROP TABLE decision_reasons`.execute(db);
  await sql`DROP TABLE funding_schemes`.execute(db);
  await sql`DROP TABLE pupils`.execute(db);
  await sql`DROP TABLE sen_need_types`.execute(db);
}
