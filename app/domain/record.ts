/**
 * The largest value a PostgreSQL `integer` column holds. Ids in addresses and `version` fields in forms are
 * checked against it before any query, so a number beyond it is "not found" or a form error, never a
 * database error (a 500).
 */
export const DB_INTEGER_MAX = 2_147_483_647;

/**
 * A record's id written in text (a case's key, a form's hidden id, a chosen option): a plain positive whole number
 * of at most nine digits (so a database integer holds it), else none. The one reading of such ids.
 */
export function recordIdOf(text: string | null | undefined): number | undefined {
  return text && /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : undefined;
}
