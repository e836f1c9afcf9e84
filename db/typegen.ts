import { sql, type Kysely } from "kysely";

/**
 * Writes the TypeScript `Database` interface for the tables the migrations made, from information_schema.
 * `npm run db:types` writes db/types.ts with it; tests/integration/schema-types.test.ts fails when the file
 * and the migrations drift apart.
 */
const TYPE_MAP: Record<string, string> = {
  integer: "number",
  bigint: "number",
  smallint: "number",
  text: "string",
  "character varying": "string",
  boolean: "boolean",
  "timestamp with time zone": "Timestamp",
  date: "string",
  jsonb: "Json",
  numeric: "number",
  uuid: "string",
  bytea: "Bytes",
};

function pascal(name: string) {
  return name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

export async function generateTypes(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: "YES" | "NO";
    column_default: string | null;
    is_identity: "YES" | "NO";
  }>`SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity
     FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%'
     ORDER BY table_name, ordinal_position`.execute(db);

  const tables = new Map<string, string[]>();
  for (const c of rows) {
    const base = TYPE_MAP[c.data_type];
    if (!base) throw new Error(`No TypeScript type for ${c.table_name}.${c.column_name} (${c.data_type})`);
    let type = c.is_nullable === "YES" ? `${base} | null` : base;
    if (c.is_identity === "YES" || c.column_default !== null) type = `Generated<${type}>`;
    const lines = tables.get(c.table_name) ?? [];
    lines.push(`  ${c.column_name}: ${type};`);
    tables.set(c.table_name, lines);
  }

  const out: string[] = [
    "// Written by `npm run db:types` from the migrations; do not edit by hand.",
    "// tests/integration/schema-types.test.ts fails when this file and the migrations drift apart.",
    'import type { ColumnType } from "kysely";',
    "",
    "/** A column the database fills when an insert leaves it out (identity, default). */",
    "export type Generated<T> =",
    "  T extends ColumnType<infer S, infer I, infer U> ? ColumnType<S, I | undefined, U> : ColumnType<T, T | undefined, T>;",
    "export type Timestamp = ColumnType<Date, Date | string, Date | string>;",
    "export type Json = ColumnType<unknown, string, string>;",
    "/** bytea: read as a Uint8Array (a Buffer from `pg`), written from one. */",
    "export type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;",
    "",
  ];
  for (const [table, lines] of tables) {
    out.push(`export interface ${pascal(table)} {`, ...lines, "}", "");
  }
  out.push("export interface Database {");
  for (const table of tables.keys()) out.push(`  ${table}: ${pascal(table)};`);
  out.push("}", "");
  return out.join("\n");
}
