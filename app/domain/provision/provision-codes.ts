/**
 * Resource provision's code lists and words, client-safe (no zod: pages import these). Designations are rows of
 * srp_designations (the council's list); the terms, statuses and what follows from them are fixed here, once.
 */

export const SRP_TERMS = ["autumn", "spring", "summer"] as const;
export type SrpTerm = (typeof SRP_TERMS)[number];
export const SRP_TERM_LABELS: Record<SrpTerm, string> = { autumn: "Autumn", spring: "Spring", summer: "Summer" };

export const SRP_STATUSES = ["open", "closing", "closed"] as const;
export type SrpStatus = (typeof SRP_STATUSES)[number];
export const SRP_STATUS_LABELS: Record<SrpStatus, string> = { open: "Open", closing: "Closing", closed: "Closed" };

/** The most places, or pupils in any one figure, a return or the register accepts: above it a figure is a slip. */
export const MAX_PLACES = 200;
/** The longest waiting list a return accepts. */
export const MAX_WAITING = 500;

/** "2026 to 2027": an academic year, named by the calendar year it starts in (September). */
export function academicYearLabel(year: number): string {
  return `${year} to ${year + 1}`;
}

/** The academic year a London date falls in: from 1 September. */
export function academicYearOf(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  return Number(isoDate.slice(5, 7)) >= 9 ? year : year - 1;
}

/** "Autumn 2026", "Spring 2027": a term as schools name it, by the calendar year it falls in. */
export function termLabel(window: { academic_year: number; term: string } | { academicYear: number; term: string }): string {
  const year = "academic_year" in window ? window.academic_year : window.academicYear;
  const term = window.term as SrpTerm;
  return `${SRP_TERM_LABELS[term] ?? term} ${term === "autumn" ? year : year + 1}`;
}

/** Short, for a chart's axis: "Aut 26". */
export function termShortLabel(window: { academicYear: number; term: string }): string {
  const short = { autumn: "Aut", spring: "Spr", summer: "Sum" }[window.term as SrpTerm] ?? window.term;
  const year = window.term === "autumn" ? window.academicYear : window.academicYear + 1;
  return `${short} ${String(year).slice(2)}`;
}

/** The order terms run in: 2026 autumn, 2026 spring (early 2027), 2026 summer. */
export function termOrder(window: { academicYear: number; term: string }): number {
  return window.academicYear * 3 + SRP_TERMS.indexOf(window.term as SrpTerm);
}

export function isSrpStatus(value: string): value is SrpStatus {
  return (SRP_STATUSES as readonly string[]).includes(value);
}

/** The figures of a return, in the order the form asks for them and the tables show them. */
export const RETURN_FIGURES = [
  { key: "placesFilled", column: "places_filled", label: "Places filled", hint: "Pupils on roll in the SRP on the day you fill this in" },
  { key: "ehcPlanPupils", column: "ehc_plan_pupils", label: "Pupils with an EHC plan", hint: "Of the places filled, how many pupils have an EHC plan" },
  { key: "fromOtherSchools", column: "from_other_schools", label: "Pupils on placement from other schools", hint: "Of the places filled, pupils on roll at another school" },
  { key: "admitted", column: "admitted", label: "Pupils admitted this term", hint: "Since the start of the term" },
  { key: "leftInTerm", column: "left_in_term", label: "Pupils who left this term", hint: "Since the start of the term" },
  { key: "waiting", column: "waiting", label: "Waiting for a place", hint: "Pupils the council has named for a place who have not started" },
] as const;

export type ReturnFigureKey = (typeof RETURN_FIGURES)[number]["key"];
export type ReturnFigures = Record<ReturnFigureKey, number>;
