import type { TaskStatus } from "../../components/ui/task-list.tsx";

/**
 * A LIFT referral's draft as a GOV.UK task list (ADR 44), as a funding draft is (funding/draft-sections.ts): each
 * section its own page (`/lift/referrals/LIFT-2026-00042/edit/request`), its status worked out from what is saved
 * and what still stops the referral being sent. Client-safe.
 */

export const REFERRAL_SECTIONS = ["meeting", "request", "agreement"] as const;
export type ReferralSection = (typeof REFERRAL_SECTIONS)[number];

export const REFERRAL_SECTION_TITLES: Record<ReferralSection, string> = {
  meeting: "LIFT meeting",
  request: "The request",
  agreement: "Agreement to Engage",
};

/** The draft's fields, by section; `agreementDocument` is the signed document, added on its own page. */
export const REFERRAL_SECTION_FIELDS: Record<ReferralSection, readonly string[]> = {
  meeting: ["meetingId"],
  request: ["discipline", "coreStandardsTried", "question"],
  agreement: ["agreementSignedBy", "agreementSignedOn", "agreementDocument"],
};

export function isReferralSection(value: unknown): value is ReferralSection {
  return typeof value === "string" && (REFERRAL_SECTIONS as readonly string[]).includes(value);
}

/** The section a form field, or a problem's key, belongs to (`agreementSignedOn.day` is the agreement's). */
export function sectionOfReferralField(name: string): ReferralSection | undefined {
  const root = /^[A-Za-z]+/.exec(name)?.[0] ?? "";
  return REFERRAL_SECTIONS.find((section) => REFERRAL_SECTION_FIELDS[section].includes(root));
}

/** The draft fields a POST carries, by root name: a section page sends its own only; one sent empty is cleared. */
export function referralFieldsPosted(names: Iterable<string>): Set<string> {
  const posted = new Set<string>();
  for (const name of names) {
    const root = /^[A-Za-z]+/.exec(name)?.[0] ?? "";
    if (sectionOfReferralField(root)) posted.add(root);
  }
  return posted;
}

export function referralProblemsIn(section: ReferralSection, problems: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(problems).filter(([name]) => sectionOfReferralField(name) === section));
}

/** What is saved, for the sections' statuses. */
export interface SavedReferral {
  meetingId: number | null;
  discipline: string | null;
  coreStandardsTried: string | null;
  question: string | null;
  agreementSignedBy: string | null;
  agreementSignedOn: string | null;
  agreementDocument: boolean;
}

function hasAnything(section: ReferralSection, saved: SavedReferral): boolean {
  switch (section) {
    case "meeting":
      return saved.meetingId !== null;
    case "request":
      return saved.discipline !== null || saved.coreStandardsTried !== null || saved.question !== null;
    case "agreement":
      return saved.agreementSignedBy !== null || saved.agreementSignedOn !== null || saved.agreementDocument;
  }
}

/** Not started (nothing saved in it), completed (nothing in it stops sending) or in progress. */
export function referralSectionStatus(section: ReferralSection, saved: SavedReferral, problems: Record<string, string[]>): TaskStatus {
  if (Object.keys(referralProblemsIn(section, problems)).length === 0) return "completed";
  return hasAnything(section, saved) ? "in_progress" : "not_started";
}
