import { sql, type Kysely } from "kysely";

// Issue 12 (ADR 62): schools loaded from a Get Information About Schools (GIAS) CSV extract.
// - gias_imports: each upload (who, when, the file's name and SHA-256, the LA code it was filtered to, counts)
//   and where it is: 'reading' (the dry run being worked out), 'ready' (a dry run to look at), 'applying',
//   'applied', 'refused' (the file could not be read: why), 'stale' (the schools changed after the dry run),
//   'failed' (stopped part-way: nothing was applied). At most one import is reading or applying at a time, in
//   the whole council, however many portals run: a unique index on a constant over those rows. `heartbeat_at`
//   moves while it works, so one left behind by a crashed portal can be told from one still running.
// - gias_import_rows: what the dry run found, row by row (creates, updates, closures, refused rows): `before`
//   holds the school's values when the dry run read them (updates and closures), `after` the file's. Applying
//   reads these rows, never the file again; the report is made from them.
// - schools.closed_on: the CloseDate GIAS gives a closed school (dd-mm-yyyy in the file).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE gias_imports (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uploaded_by integer NOT NULL REFERENCES users (id),
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    file_name text NOT NULL CHECK (length(file_name) <= 255),
    file_bytes bigint NOT NULL DEFAULT 0 CHECK (file_bytes >= 0),
    sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    encoding text CHECK (encoding IN ('utf-8', 'windows-1252')),
    la_code text NOT NULL CHECK (la_code ~ '^[0-9]{3}$'),
    status text NOT NULL DEFAULT 'reading' CHECK (status IN ('reading', 'ready', 'applying', 'applied', 'refused', 'stale', 'failed')),
    problem text,
    rows_read integer NOT NULL DEFAULT 0 CHECK (rows_read >= 0),
    creates integer NOT NULL DEFAULT 0 CHECK (creates >= 0),
    updates integer NOT NULL DEFAULT 0 CHECK (updates >= 0),
    closures integer NOT NULL DEFAULT 0 CHECK (closures >= 0),
    unchanged integer NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
    refused integer NOT NULL DEFAULT 0 CHECK (refused >= 0),
    other_la integer NOT NULL DEFAULT 0 CHECK (other_la >= 0),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    applied_by integer REFERENCES users (id),
    applied_at timestamptz,
    CONSTRAINT gias_imports_applied CHECK ((status = 'applied') = (applied_at IS NOT NULL AND applied_by IS NOT NULL))
  )`.execute(db);
  await sql`CREATE UNIQUE INDEX gias_imports_one_running ON gias_imports ((true)) WHERE status IN ('reading', 'applying')`.execute(db);
  await sql`CREATE INDEX gias_imports_recent_idx ON gias_imports (uploaded_at DESC, id DESC)`.execute(db);

  await sql`CREATE TABLE gias_import_rows (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_id integer NOT NULL REFERENCES gias_imports (id) ON DELETE CASCADE,
    line integer NOT NULL CHECK (line >= 1),
    kind text NOT NULL CHECK (kind IN ('create', 'update', 'close', 'refused')),
    urn text,
    name text,
    school_id integer REFERENCES schools (id),
    before jsonb,
    after jsonb,
    reason text,
    CONSTRAINT gias_import_rows_shape CHECK (
      (kind = 'create' AND after IS NOT NULL AND school_id IS NULL AND reason IS NULL)
      OR (kind IN ('update', 'close') AND after IS NOT NULL AND before IS NOT NULL AND school_id IS NOT NULL AND reason IS NULL)
      OR (kind = 'refused' AND reason IS NOT NULL)
    )
  )`.execute(db);
  await sql`CREATE INDEX gias_import_rows_import_idx ON gias_import_rows (import_id, kind, line)`.execute(db);

  await sql`ALTER TABLE schools ADD COLUMN closed_on date`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE schools DROP COLUMN closed_on`.execute(db);
  await sql`DROP TABLE gias_import_rows`.execute(db);
  await sql`DROP TABLE gias_imports`.execute(db);
}
