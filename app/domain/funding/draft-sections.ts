import type { TaskStatus } from "../../components/ui/task-list.tsx";

/**
 * A funding request's draft as a GOV.UK task list (issue 14): each section its own page
 * (`/funding/HNF-2026-00042/edit/period`), with its status worked out from what is saved and what still stops
 * the request being sent. Client-safe: the task list, the section pages, check-your-answers' "Change" links and
 * the save all use these names.
 */

export const DRAFT_SECTIONS = ["pupil", "consent", "period", "plan", "amount", "evidence"] as const;
export type DraftSection = (typeof DRAFT_SECTIONS)[number];

export const DRAFT_SECTION_TITLES: Record<DraftSection, string> = {
  pupil: "Pupil",
  consent: "Parental consent",
  period: "Period of funding",
  plan: "Provision plan",
  amount: "Amount requested",
  evidence: "Evidence",
};

export function isDraftSection(value: unknown): value is DraftSection {
  return typeof value === "string" && (DRAFT_SECTIONS as readonly string[]).includes(value);
}

/** The section a form field, or a problem's key, belongs to (`lines[2].cost` is the plan's); undefined if none. */
export function sectionOfField(name: string): DraftSection | undefined {
  const root = /^[A-Za-z]+/.exec(name)?.[0];
  switch (root) {
    case "pupilId":
      return "pupil";
    case "consentGivenBy":
    case "consentDate":
    case "consentMethod":
      return "consent";
    case "periodStart":
    case "periodEnd":
      return "period";
    case "lines":
      return "plan";
    case "amountRequested":
      return "amount";
    case "evidence":
      return "evidence";
    default:
      return undefined;
  }
}

/**
 * The sections a POST carries, from the names of the fields it sent. A section page sends its own fields only,
 * so what it does not carry is left as saved; a field sent empty is cleared.
 */
export function sectionsPosted(names: Iterable<string>): Set<DraftSection> {
  const sections = new Set<DraftSection>();
  for (const name of names) {
    const section = sectionOfField(name);
    if (section) sections.add(section);
  }
  return sections;
}

/** The sections a scheme's request has: the pupil, and their parents' consent, only when the scheme is for one named pupil. */
export function sectionsFor(requiresPupil: boolean): DraftSection[] {
  return DRAFT_SECTIONS.filter((s) => (s !== "pupil" && s !== "consent") || requiresPupil);
}

/** Only the problems of one section (`completenessProblems` gives them for the whole request). */
export function problemsIn(section: DraftSection, problems: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(problems).filter(([name]) => sectionOfField(name) === section));
}

/** What a section holds now, for its status: has anything been saved in it yet? */
export interface SavedDraft {
  pupilId: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  lineCount: number;
  amountRequestedPence: number | null;
  evidence: Record<string, string>;
  consent: { givenBy: string | null; date: string | null; method: string | null };
}

function hasAnything(section: DraftSection, saved: SavedDraft): boolean {
  switch (section) {
    case "pupil":
      return saved.pupilId !== null;
    case "consent":
      return saved.consent.givenBy !== null || saved.consent.date !== null || saved.consent.method !== null;
    case "period":
      return saved.periodStart !== null || saved.periodEnd !== null;
    case "plan":
      return saved.lineCount > 0;
    case "amount":
      return saved.amountRequestedPence !== null;
    case "evidence":
      return Object.values(saved.evidence).some((v) => v.trim() !== "");
  }
}

/** Not started (nothing saved in it), completed (nothing in it stops sending) or in progress. */
export function sectionStatus(section: DraftSection, saved: SavedDraft, problems: Record<string, string[]>): TaskStatus {
  const open = Object.keys(problemsIn(section, problems)).length > 0;
  if (!open) return "completed";
  return hasAnything(section, saved) ? "in_progress" : "not_started";
}
