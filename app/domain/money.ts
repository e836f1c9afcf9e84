/**
 * The portal's one money type: integer pence. Client-safe. Parsing and formatting live here and nowhere else.
 */

const POUNDS = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });
const WHOLE_POUNDS = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

/** £1,234.50 (or £1,234 when `whole` and the amount has no pence). */
export function formatPence(pence: number, options: { whole?: boolean } = {}): string {
  if (options.whole && pence % 100 === 0) return WHOLE_POUNDS.format(pence / 100);
  return POUNDS.format(pence / 100);
}

/** The amount as typed in a form (pounds, optionally with £, commas and pence): "12,500.50" -> 1250050. */
export function parsePounds(input: string): number | null {
  const cleaned = input.trim().replace(/^£/, "").replace(/,(?=\d{3}(\D|$))/g, "");
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const pence = Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
  return Number.isSafeInteger(pence) ? pence : null;
}

/** Pence as a form shows it back: 1250050 -> "12500.50", 1250000 -> "12500". */
export function penceToInput(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return "";
  // Integer arithmetic only: whole pounds, then the pence padded to two digits.
  // Shown as people write it ("12,500" or "12,500.50"), which the money reader takes back as typed.
  const pounds = String(Math.trunc(pence / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const rest = pence % 100;
  return rest === 0 ? pounds : `${pounds}.${String(rest).padStart(2, "0")}`;
}

/** The most any single request, line or award may be: £200,000. */
export const MAX_AMOUNT_PENCE = 20_000_000;
