import type { FieldMetadata } from "@conform-to/react";
import { getInputProps, getSelectProps } from "@conform-to/react";
import type { ReactNode } from "react";

interface FieldShellProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  children: ReactNode;
  labelSize?: "s" | "l";
}

/** Label, hint, inline error and control, in the GOV.UK form-group pattern. */
function FieldShell({ id, label, hint, errors, children, labelSize = "s" }: FieldShellProps) {
  const hasError = Boolean(errors?.length);
  return (
    <div className={`mb-6 ${hasError ? "border-l-[5px] border-error pl-4" : ""}`}>
      <label htmlFor={id} className={`mb-1 block font-bold ${labelSize === "l" ? "text-3xl" : ""}`}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="mb-2 text-secondary-ink">
          {hint}
        </div>
      ) : null}
      {hasError ? (
        <p id={`${id}-error`} className="mb-2 font-bold text-error">
          <span className="sr-only">Error:</span> {errors!.join(". ")}
        </p>
      ) : null}
      {children}
    </div>
  );
}

function describedBy(id: string, hint: unknown, errors?: string[]) {
  return [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

const INPUT = "block w-full max-w-full border-2 border-ink px-2 py-1.5 text-lg";

export function TextField({
  field,
  label,
  hint,
  type = "text",
  autoComplete,
  width = "w-full",
  spellCheck,
  inputMode,
}: {
  field: FieldMetadata<string | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  type?: "text" | "email" | "password" | "search";
  autoComplete?: string;
  width?: string;
  spellCheck?: boolean;
  inputMode?: "text" | "numeric" | "email";
}) {
  const { key, ...props } = getInputProps(field, { type, ariaAttributes: false });
  return (
    <FieldShell id={field.id} label={label} hint={hint} errors={field.errors}>
      <input
        key={key}
        {...props}
        // Passwords are never sent back to the page.
        defaultValue={type === "password" ? undefined : props.defaultValue}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        inputMode={inputMode}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy(field.id, hint, field.errors)}
        className={`${INPUT} ${width} ${field.errors?.length ? "border-error" : ""}`}
      />
    </FieldShell>
  );
}

export function SelectField({
  field,
  label,
  hint,
  options,
  placeholder,
}: {
  field: FieldMetadata<string | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  options: { value: string; label: string }[];
  placeholder?: string;
}) {
  const { key, ...props } = getSelectProps(field, { ariaAttributes: false });
  return (
    <FieldShell id={field.id} label={label} hint={hint} errors={field.errors}>
      <select
        key={key}
        {...props}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy(field.id, hint, field.errors)}
        className={`${INPUT} w-auto min-w-60 bg-white ${field.errors?.length ? "border-error" : ""}`}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
