import { sql, type Kysely } from "kysely";

// Issue 8 (ADR 56): how many funding requests each school has in each status, kept by the database, so the
// council's queue can say "49,311 requests" and "Page 1 of 987" without counting every request on every view.
// Counting all of them was most of the PostgreSQL time of the queue's broad views (every status, one district's
// approved requests, the last page) and of the officer's home. A row per school, status and whether the request
// has reached the council (`submitted_at` set: the council's reach, fundingRequestInReach): about 600 schools ×
// 9 statuses × 2, so a county's or a district's count sums a few thousand rows at most, from this table's own
// index. Kept as training_events.booked_count is (ADR 48): statement-level triggers with transition tables add
// what a statement brought in and take off what it moved out, so every writer (the use-cases, the seeds, bulk
// loads) keeps it alike. A row per school, not per district, so decisions at different schools never wait on
// one count row, and a school moved to another district is counted in its new one with nothing to mend.
// PostgreSQL refuses transition tables on a trigger with several events (or a column list), so there is one
// trigger each, and an update that changes no counted column adds nothing (its changes sum to zero).
// One statement per query: the PGlite dialect rejects multi-statement strings.

// A statement's changes summed per row of counts. What it took away is taken off rows that exist (a request being
// changed or deleted was counted); what it brought in is added, the row made if need be. Two statements because a
// row's CHECK is tested on the row an INSERT proposes, before ON CONFLICT turns it into an update: a negative
// change cannot go through the upsert.
const SUMMED = `SELECT school_id, status, reached_council, sum(n)::int AS n FROM changes GROUP BY school_id, status, reached_council HAVING sum(n) <> 0`;
const APPLY = `
  WITH changes AS (%CHANGES%), summed AS (${SUMMED})
  UPDATE funding_request_counts c SET n = c.n + summed.n FROM summed
    WHERE summed.n < 0 AND c.school_id = summed.school_id AND c.status = summed.status AND c.reached_council = summed.reached_council;
  WITH changes AS (%CHANGES%), summed AS (${SUMMED})
  INSERT INTO funding_request_counts AS c (school_id, status, reached_council, n)
    SELECT school_id, status, reached_council, n FROM summed WHERE n > 0 ORDER BY school_id, status, reached_council
  ON CONFLICT (school_id, status, reached_council) DO UPDATE SET n = c.n + excluded.n;`;

function countFunction(name: string, changes: string) {
  return sql.raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${APPLY.replaceAll("%CHANGES%", changes)}
      RETURN NULL;
    END $$`);
}

const ADDED = `SELECT school_id, status, submitted_at IS NOT NULL AS reached_council, 1 AS n FROM new_rows`;
const REMOVED = `SELECT school_id, status, submitted_at IS NOT NULL AS reached_council, -1 AS n FROM old_rows`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE funding_request_counts (
    school_id integer NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    status text NOT NULL,
    reached_council boolean NOT NULL,
    n integer NOT NULL CONSTRAINT funding_request_counts_n_check CHECK (n >= 0),
    PRIMARY KEY (school_id, status, reached_council)
  )`.execute(db);
  await sql`INSERT INTO funding_request_counts (school_id, status, reached_council, n)
    SELECT school_id, status, submitted_at IS NOT NULL, count(*)::int FROM funding_requests
    GROUP BY school_id, status, submitted_at IS NOT NULL`.execute(db);
  await countFunction("funding_request_counts_inserted", ADDED).execute(db);
  await countFunction("funding_request_counts_updated", `${ADDED} UNION ALL ${REMOVED}`).execute(db);
  await countFunction("funding_request_counts_deleted", REMOVED).execute(db);
  await sql`CREATE TRIGGER funding_requests_count_inserted AFTER INSERT ON funding_requests
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION funding_request_counts_inserted()`.execute(db);
  await sql`CREATE TRIGGER funding_requests_count_updated AFTER UPDATE ON funding_requests
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION funding_request_counts_updated()`.execute(db);
  await sql`CREATE TRIGGER funding_requests_count_deleted AFTER DELETE ON funding_requests
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION funding_request_counts_deleted()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER funding_requests_count_deleted ON funding_requests`.execute(db);
  await sql`DROP TRIGGER funding_requests_count_updated ON funding_requests`.execute(db);
  await sql`DROP TRIGGER funding_requests_count_inserted ON funding_requests`.execute(db);
  await sql`DROP FUNCTION funding_request_counts_deleted()`.execute(db);
  await sql`DROP FUNCTION funding_request_counts_updated()`.execute(db);
  await sql`DROP FUNCTION funding_request_counts_inserted()`.execute(db);
  await sql`DROP TABLE funding_request_counts`.execute(db);
}
