import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { lastChangeOf, recordAudit } from "../audit/audit.server.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { uniqueViolationRefusal, updateAtVersion } from "../record.server.ts";
import { type Refusal, type Result, refuse } from "../result.ts";
import { type PupilRule, isPupilRule } from "./pupil-rules.ts";

type DB = Kysely<Database>;

/** One item of a scheme's evidence checklist. Requests store their answers under `key`. */
export interface EvidenceItem {
  key: string;
  label: string;
}

export interface SchemeSummary {
  id: number;
  code: string;
  name: string;
  requiresPupil: boolean;
  contributionApplies: boolean;
  contributionPence: number;
  /** How many reviews a year its awards have. */
  reviewsPerYear: number;
  /** The service level: working days from the headteacher's sign-off to the decision (ADR 30). */
  targetWorkingDays: number;
  evidenceItems: number;
  active: boolean;
}

export interface ReasonSummary {
  id: number;
  label: string;
  active: boolean;
}

/** The schemes and decision reasons, active and retired, in the council's order. */
export async function listFundingSettings(db: DB, actor: Actor): Promise<{ schemes: SchemeSummary[]; reasons: ReasonSummary[] }> {
  requirePermission(actor, "funding:settings");
  const [schemes, reasons] = await Promise.all([
    db
      .selectFrom("funding_schemes")
      .select((eb) => [
        "id",
        "code",
        "name",
        "requires_pupil",
        "school_contribution_applies",
        "school_contribution_pence",
        "reviews_per_year",
        "target_working_days",
        "active",
        eb.fn<number>("jsonb_array_length", ["evidence_checklist"]).as("evidence_items"),
      ])
      .orderBy("active", "desc")
      .orderBy("sort_order")
      .orderBy("name")
      .execute(),
    db.selectFrom("decision_reasons").select(["id", "label", "active"]).orderBy("active", "desc").orderBy("sort_order").orderBy("label").execute(),
  ]);
  return {
    schemes: schemes.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      requiresPupil: s.requires_pupil,
      contributionApplies: s.school_contribution_applies,
      contributionPence: s.school_contribution_pence,
      reviewsPerYear: s.reviews_per_year,
      targetWorkingDays: s.target_working_days,
      evidenceItems: Number(s.evidence_items),
      active: s.active,
    })),
    reasons,
  };
}

export interface SchemeDetail extends SchemeSummary {
  description: string;
  /** Which pupils a request under the scheme can name. */
  pupilRule: PupilRule;
  checklist: EvidenceItem[];
  version: number;
}

function asChecklist(value: unknown): EvidenceItem[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (item): item is EvidenceItem => typeof item === "object" && item !== null && typeof item.key === "string" && typeof item.label === "string",
  );
}

export async function getScheme(db: DB, actor: Actor, schemeId: number): Promise<SchemeDetail> {
  requirePermission(actor, "funding:settings");
  const s = await db.selectFrom("funding_schemes").selectAll().where("id", "=", schemeId).executeTakeFirst();
  if (!s) notFound();
  const checklist = asChecklist(s.evidence_checklist);
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    description: s.description,
    requiresPupil: s.requires_pupil,
    pupilRule: isPupilRule(s.pupil_rule) ? s.pupil_rule : "any",
    contributionApplies: s.school_contribution_applies,
    contributionPence: s.school_contribution_pence,
    reviewsPerYear: s.reviews_per_year,
    targetWorkingDays: s.target_working_days,
    evidenceItems: checklist.length,
    checklist,
    active: s.active,
    version: s.version,
  };
}

const MAX_KEY_LENGTH = 40;

/**
 * A key for a new checklist item, from its label's first words (up to 40 characters, whole words):
 * "LIFT advice has been sought" -> "lift-advice-has-been-sought".
 */
export function slugKey(label: string): string {
  const words = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = "";
  for (const word of words) {
    const longer = slug ? `${slug}-${word}` : word;
    if (longer.length > MAX_KEY_LENGTH) break;
    slug = longer;
  }
  return slug || words[0]?.slice(0, MAX_KEY_LENGTH) || "item";
}

/**
 * The checklist's lines as items. An item whose label is unchanged keeps its key, so answers already given
 * on requests still line up with it. A new or reworded item gets a new key made from its label, never one
 * the scheme used before (an old request's answer under that key was to a different question).
 */
export function checklistWithKeys(labels: string[], existing: EvidenceItem[]): EvidenceItem[] {
  const keyByLabel = new Map(existing.map((item) => [item.label, item.key]));
  const taken = new Set(existing.map((item) => item.key));
  const kept = new Set<string>();
  const items = labels.map((label) => {
    const key = keyByLabel.get(label);
    if (key !== undefined && !kept.has(key)) {
      kept.add(key);
      return { key, label };
    }
    return { key: undefined, label };
  });
  return items.map(({ key, label }) => {
    if (key !== undefined) return { key, label };
    const base = slugKey(label);
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
    taken.add(candidate);
    return { key: candidate, label };
  });
}

export interface SchemeRules {
  name: string;
  description: string;
  requiresPupil: boolean;
  /** undefined: keep the rule the scheme has (a new scheme: any pupil). A scheme that names no pupil has "any". */
  pupilRule?: PupilRule;
  contributionApplies: boolean;
  /** null: keep the amount the scheme has (the contribution does not apply and none was typed). */
  contributionPence: number | null;
  /** null: keep the number the scheme has (a new scheme: three a year). */
  reviewsPerYear: number | null;
  /** null: keep the target the scheme has (a new scheme: 20 working days). */
  targetWorkingDays: number | null;
  checklist: string[];
}

const DEFAULT_REVIEWS_PER_YEAR = 3;

/** The database's default too (funding_casework migration). */
const DEFAULT_TARGET_WORKING_DAYS = 20;

const DEFAULT_CONTRIBUTION_PENCE = 600_000;

const NAME_TAKEN = "Another scheme already has this name: choose a different one";
const CODE_TAKEN = "Another scheme already has this code: choose a different one";

async function nameTaken(db: DB, name: string, exceptId?: number) {
  let query = db.selectFrom("funding_schemes").select("id").where(sql<string>`lower(name)`, "=", name.toLowerCase());
  if (exceptId !== undefined) query = query.where("id", "<>", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Reports a lost race on the unique name or code as the same field error the check before it gives. */
function uniqueRefusal(error: unknown): Refusal | null {
  return uniqueViolationRefusal(error, { funding_schemes_name_key: ["name", NAME_TAKEN], funding_schemes_code_key: ["code", CODE_TAKEN] });
}

export async function createScheme(
  db: DB,
  actor: Actor,
  input: SchemeRules & { code: string },
  requestId: string,
): Promise<Result<{ schemeId: number }>> {
  requirePermission(actor, "funding:settings");
  const fieldErrors: Record<string, string[]> = {};
  if (await db.selectFrom("funding_schemes").select("id").where("code", "=", input.code).executeTakeFirst()) fieldErrors.code = [CODE_TAKEN];
  if (await nameTaken(db, input.name)) fieldErrors.name = [NAME_TAKEN];
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  try {
    return await db.transaction().execute(async (trx) => {
      const checklist = checklistWithKeys(input.checklist, []);
      const scheme = await trx
        .insertInto("funding_schemes")
        .values((eb) => ({
          code: input.code,
          name: input.name,
          description: input.description,
          requires_pupil: input.requiresPupil,
          pupil_rule: input.requiresPupil ? (input.pupilRule ?? "any") : "any",
          school_contribution_applies: input.contributionApplies,
          school_contribution_pence: input.contributionPence ?? DEFAULT_CONTRIBUTION_PENCE,
          reviews_per_year: input.reviewsPerYear ?? DEFAULT_REVIEWS_PER_YEAR,
          target_working_days: input.targetWorkingDays ?? DEFAULT_TARGET_WORKING_DAYS,
          evidence_checklist: JSON.stringify(checklist),
          sort_order: eb.selectFrom("funding_schemes").select(sql<number>`coalesce(max(sort_order), 0) + 1`.as("next")),
        }))
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor,
        action: "funding_scheme.create",
        subjectType: "funding_scheme",
        subjectId: scheme.id,
        requestId,
        detail: { code: input.code, ...rulesDetail(input, checklist) },
      });
      return { ok: true as const, schemeId: scheme.id };
    });
  } catch (error) {
    const refusal = uniqueRefusal(error);
    if (refusal) return refusal;
    throw error;
  }
}

function rulesDetail(input: SchemeRules, checklist: EvidenceItem[]) {
  return {
    requiresPupil: input.requiresPupil,
    pupilRule: input.pupilRule,
    contributionApplies: input.contributionApplies,
    contributionPence: input.contributionPence,
    reviewsPerYear: input.reviewsPerYear,
    targetWorkingDays: input.targetWorkingDays,
    evidenceKeys: checklist.map((item) => item.key),
  };
}

/** The pupil rule to write: "any" for a scheme that names no pupil; none (kept as it is) when the form sent none. */
function pupilRuleColumn(input: SchemeRules): { pupil_rule?: PupilRule } {
  if (!input.requiresPupil) return { pupil_rule: "any" };
  return input.pupilRule ? { pupil_rule: input.pupilRule } : {};
}

/** Changes a scheme's name, description, rules and checklist, at the version the officer was shown. */
export async function updateScheme(
  db: DB,
  actor: Actor,
  schemeId: number,
  input: SchemeRules & { version: number; active: boolean },
  requestId: string,
): Promise<Result<object>> {
  requirePermission(actor, "funding:settings");
  const exists = await db.selectFrom("funding_schemes").select("id").where("id", "=", schemeId).executeTakeFirst();
  if (!exists) notFound();
  if (await nameTaken(db, input.name, schemeId)) return refuse("name", NAME_TAKEN);
  try {
    return await db.transaction().execute(async (trx: Transaction<Database>) => {
      // The checklist the officer edited: read at the version they saw, so keys are matched to what they saw.
      const seen = await trx
        .selectFrom("funding_schemes")
        .select(["code", "evidence_checklist"])
        .where("id", "=", schemeId)
        .where("version", "=", input.version)
        .forUpdate()
        .executeTakeFirst();
      if (!seen) return schemeResubmitted(trx, actor, schemeId, input);
      const checklist = checklistWithKeys(input.checklist, asChecklist(seen.evidence_checklist));
      const updated = await updateAtVersion(trx, "funding_schemes", { id: schemeId }, input.version, {
        name: input.name,
        description: input.description,
        requires_pupil: input.requiresPupil,
        ...pupilRuleColumn(input),
        school_contribution_applies: input.contributionApplies,
        ...(input.contributionPence === null ? {} : { school_contribution_pence: input.contributionPence }),
        ...(input.reviewsPerYear === null ? {} : { reviews_per_year: input.reviewsPerYear }),
        ...(input.targetWorkingDays === null ? {} : { target_working_days: input.targetWorkingDays }),
        evidence_checklist: JSON.stringify(checklist),
        active: input.active,
      });
      if (!updated) return schemeResubmitted(trx, actor, schemeId, input);
      await recordAudit(trx, {
        actor,
        action: "funding_scheme.update",
        subjectType: "funding_scheme",
        subjectId: schemeId,
        requestId,
        detail: { code: seen.code, version: input.version + 1, active: input.active, ...rulesDetail(input, checklist) },
      });
      return { ok: true as const };
    });
  } catch (error) {
    const refusal = uniqueRefusal(error);
    if (refusal) return refusal;
    throw error;
  }
}

/** A scheme's fields as a refusal names them ("it now differs from what you sent in: description"). */
const SCHEME_FIELD_LABELS = {
  name: "name",
  description: "description",
  requiresPupil: "whether a request names a pupil",
  pupilRule: "which pupils a request can name",
  contributionApplies: "whether the school contribution applies",
  contributionPence: "school contribution",
  reviewsPerYear: "reviews a year",
  targetWorkingDays: "target working days to decide",
  checklist: "evidence checklist",
  active: "whether schools can use it",
};

/**
 * A scheme's change sent against an old version (the rule in resubmission.server.ts): the same change sent
 * again if the scheme already has every value sent; otherwise refused, saying who changed it, when and what.
 */
async function schemeResubmitted(db: DB, actor: Actor, schemeId: number, input: SchemeRules & { active: boolean }) {
  const scheme = await db.selectFrom("funding_schemes").selectAll().where("id", "=", schemeId).executeTakeFirstOrThrow();
  return answerOldVersion(db, actor, {
    submitted: {
      name: input.name,
      description: input.description,
      requiresPupil: input.requiresPupil,
      pupilRule: pupilRuleColumn(input).pupil_rule,
      contributionApplies: input.contributionApplies,
      // None typed (and none applies): the form asks to keep the amount, whatever it is.
      contributionPence: input.contributionPence ?? undefined,
      reviewsPerYear: input.reviewsPerYear ?? undefined,
      targetWorkingDays: input.targetWorkingDays ?? undefined,
      checklist: input.checklist,
      active: input.active,
    },
    recorded: {
      name: scheme.name,
      description: scheme.description,
      requiresPupil: scheme.requires_pupil,
      pupilRule: scheme.pupil_rule,
      contributionApplies: scheme.school_contribution_applies,
      contributionPence: scheme.school_contribution_pence,
      reviewsPerYear: scheme.reviews_per_year,
      targetWorkingDays: scheme.target_working_days,
      checklist: asChecklist(scheme.evidence_checklist).map((item) => item.label),
      active: scheme.active,
    },
    labels: SCHEME_FIELD_LABELS,
    changed: await lastChangeOf(db, { type: "funding_scheme", id: schemeId }, ["funding_scheme.create", "funding_scheme.update"]),
  });
}
