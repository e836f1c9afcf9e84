/**
 * A value from a table of the portal's own, by a key that came from a request (an address's `?done=`, a form's
 * `intent`): only the table's own entries, never what every object inherits (`constructor`, `__proto__`).
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string | null | undefined): T | undefined {
  return typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;
}
