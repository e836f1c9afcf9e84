import type { ErrorItem } from "./ui/error-summary.tsx";

/**
 * Conform's errors as items for the error summary, in the order the fields appear. `fieldIds` maps each
 * field name to its input's id; the form's own errors (key "") come first, linked to `formErrorField`.
 */
export function errorItems(
  allErrors: Record<string, string[]>,
  fieldIds: Record<string, string>,
  formErrorField?: string,
): ErrorItem[] {
  const items: ErrorItem[] = [];
  for (const message of allErrors[""] ?? []) items.push({ fieldId: formErrorField ? fieldIds[formErrorField] : undefined, message });
  for (const [name, id] of Object.entries(fieldIds)) {
    for (const message of allErrors[name] ?? []) items.push({ fieldId: id, message });
  }
  return items;
}

