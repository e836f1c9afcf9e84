/**
 * The largest value a PostgreSQL `integer` column holds. Ids in addresses and `version` fields in forms are
 * checked against it before any query, so a number beyond it is "not found" or a form error, never a
 * database error (a 500).
 */
export const DB_INTEGER_MAX = 2_147_483_647;
