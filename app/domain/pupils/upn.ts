/**
 * Unique Pupil Numbers (DfE "Unique Pupil Numbers (UPN): a guide for schools and local authorities").
 * Client-safe: the add and edit forms and the use-cases share it.
 *
 * A permanent UPN is 13 characters: a check letter, then 12 digits (LA code, DfE establishment number, the
 * two-digit year of allocation, a three-digit serial). The check letter is worked out from characters 2-13:
 * each is multiplied by its position (2 to 13), the products are summed, and the remainder after dividing by
 * 23 picks a letter from CHECK_LETTERS (0 -> A ... 22 -> Z; I, O and S are never used).
 *
 * Only the permanent form (a letter then 12 digits) is supported. The DfE also issues temporary UPNs, whose
 * last character is a letter; those are refused here as a format problem, and the pupils table's CHECK
 * (`^[A-Z][0-9]{12}$`) refuses them too. A school holding only a temporary UPN leaves the field empty.
 */

export const CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";

/** The check letter for the 12 digits that follow it. */
export function upnCheckLetter(digits: string): string {
  if (!/^[0-9]{12}$/.test(digits)) throw new Error("A UPN's check letter is worked out from exactly 12 digits");
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i + 2);
  return CHECK_LETTERS[sum % 23]!;
}

/** A UPN as typed, with spaces removed and letters in capitals: "r886 2001 24001" -> "R886200124001". */
export function normaliseUpn(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

export type UpnProblem = "format" | "check-letter";

/** What is wrong with a (normalised) UPN, or null when it is a valid permanent UPN. */
export function upnProblem(upn: string): UpnProblem | null {
  if (!/^[A-Z][0-9]{12}$/.test(upn)) return "format";
  return upn[0] === upnCheckLetter(upn.slice(1)) ? null : "check-letter";
}

export function isValidUpn(upn: string): boolean {
  return upnProblem(upn) === null;
}

/** A whole UPN from its 12 digits (the demo seed and tests make valid ones this way). */
export function makeUpn(digits: string): string {
  return upnCheckLetter(digits) + digits;
}
