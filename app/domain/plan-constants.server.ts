import { type SelectQueryBuilder, sql } from "kysely";

/**
 * Values the code chooses, written into a statement's text instead of sent as parameters (ADR 66).
 *
 * Each pooled connection prepares its statements (ADR 49), but PostgreSQL still plans a prepared statement afresh
 * on every run while its plan for unknown parameters looks dearer than the plans for the values given: a status
 * sent as `$4` is estimated as an average status (5,500 requests) where the real one has 386, a `LIMIT $5` as a tenth
 * of the table. The queue's statements were planned on every run (1.6-3 ms each, ten times their running time).
 * With the workflow's statuses, the page size and the scopes' true and false in the text, a statement's only
 * parameters are what the person chose (a district, a search, an id), and its plan is made once a connection.
 *
 * Only for values from the code: a status from the workflow's list, a number the code worked out. What a person
 * typed is always a parameter. (The literal is escaped all the same: Kysely doubles any quote.)
 */
export function known<T extends string | number | boolean>(value: T) {
  return sql.lit(value);
}

/** A list of the code's own values (the statuses a view allows) for an `in`. */
export function knownList<T extends string>(values: readonly T[]) {
  return values.map((value) => sql.lit(value));
}

/**
 * A page of `limit` rows past `offset`, the page size in the text. The first page (the one nearly everyone reads,
 * and every home page's to-do list) has no offset at all; a later one sends it as a parameter, so one statement
 * serves every page instead of one per page filling the connection's prepared statements.
 */
export function pageSlice<Q extends SelectQueryBuilder<any, any, any>>(query: Q, limit: number, offset: number): Q {
  const limited = query.limit(known(limit)) as Q;
  return offset > 0 ? (limited.offset(offset) as Q) : limited;
}

/**
 * How many rows a part of a page reads (`offset` + the page size): in the text on the first page, a parameter on
 * a later one (one statement for every later page, as `pageSlice`).
 */
export function rowsToRead(rows: number, offset: number) {
  return offset > 0 ? rows : known(rows);
}
