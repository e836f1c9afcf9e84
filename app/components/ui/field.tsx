import type { FieldMetadata } from "@conform-to/react";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
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
      <HintAndError id={id} hint={hint} errors={errors} />
      {children}
    </div>
  );
}

/** A question's hint and error message, with the ids its control's aria-describedby names (describedBy). */
export function HintAndError({ id, hint, errors }: { id: string; hint?: ReactNode; errors?: string[] }) {
  return (
    <>
      {hint ? (
        <div id={`${id}-hint`} className="mb-2 text-secondary-ink">
          {hint}
        </div>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="mb-2 font-bold text-error">
          <span className="sr-only">Error:</span> {errors.join(". ")}
        </p>
      ) : null}
    </>
  );
}

export function describedBy(id: string, hint: unknown, errors?: string[]) {
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
  prefix,
}: {
  field: FieldMetadata<string | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  // No "date": dates use the GOV.UK date input (ui/date-input.tsx), never a native date picker.
  type?: "text" | "email" | "password" | "search";
  autoComplete?: string;
  width?: string;
  spellCheck?: boolean;
  inputMode?: "text" | "numeric" | "decimal" | "email";
  /** A unit shown before the box, such as "£" (GOV.UK input prefix); the label says it in words. */
  prefix?: string;
}) {
  const { key, ...props } = getInputProps(field, { type, ariaAttributes: false });
  const input = (
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
  );
  return (
    <FieldShell id={field.id} label={label} hint={hint} errors={field.errors}>
      {prefix ? (
        <div className="flex max-w-full items-stretch">
          <span aria-hidden="true" className="flex min-w-10 items-center justify-center border-2 border-r-0 border-ink bg-panel px-2 text-lg">
            {prefix}
          </span>
          {input}
        </div>
      ) : (
        input
      )}
    </FieldShell>
  );
}

/** A file to upload (the GOV.UK file upload): its form must be `encType="multipart/form-data"`, its input last. */
export function FileField({ field, label, hint, accept }: { field: FieldMetadata<unknown>; label: ReactNode; hint?: ReactNode; accept?: string }) {
  const { key, ...props } = getInputProps(field, { type: "file", ariaAttributes: false });
  return (
    <FieldShell id={field.id} label={label} hint={hint} errors={field.errors}>
      <input
        key={key}
        {...props}
        accept={accept}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy(field.id, hint, field.errors)}
        className={`block max-w-full text-lg file:mr-4 file:border-2 file:border-ink file:bg-panel file:px-3 file:py-1.5 ${field.errors?.length ? "border-2 border-error p-1" : ""}`}
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

export function TextAreaField({
  field,
  label,
  hint,
  rows = 4,
}: {
  field: FieldMetadata<string | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  rows?: number;
}) {
  const { key, ...props } = getTextareaProps(field, { ariaAttributes: false });
  return (
    <FieldShell id={field.id} label={label} hint={hint} errors={field.errors}>
      <textarea
        key={key}
        {...props}
        rows={rows}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy(field.id, hint, field.errors)}
        className={`${INPUT} ${field.errors?.length ? "border-error" : ""}`}
      />
    </FieldShell>
  );
}

/**
 * The fieldset of a group of radios or checkboxes: the legend, the hint and the error message, described by both.
 * An option's own hint is `${field.id}-option-${i}-hint`, never `${id}-hint`: the first option's id is the
 * field's, whose hint the group's is.
 */
function ChoiceFieldset({ id, legend, hint, errors, children }: { id: string; legend: ReactNode; hint?: ReactNode; errors?: string[]; children: ReactNode }) {
  const hasError = Boolean(errors?.length);
  return (
    <div className={`mb-6 ${hasError ? "border-l-[5px] border-error pl-4" : ""}`}>
      <fieldset aria-describedby={describedBy(id, hint, errors)}>
        <legend className="mb-1 font-bold">{legend}</legend>
        <HintAndError id={id} hint={hint} errors={errors} />
        {children}
      </fieldset>
    </div>
  );
}

/** One radio or checkbox with its label and, when it has one, its own hint. */
function ChoiceOption({
  type,
  field,
  option,
  index,
  checked,
}: {
  type: "radio" | "checkbox";
  field: { id: string; name: string };
  option: { value: string; label: string; hint?: string };
  index: number;
  checked: boolean;
}) {
  const id = index === 0 ? field.id : `${field.id}-${index}`;
  const hintId = `${field.id}-option-${index}-hint`;
  return (
    <div className="mb-2 flex items-start gap-2">
      <input
        type={type}
        id={id}
        name={field.name}
        value={option.value}
        defaultChecked={checked}
        className="mt-1 size-6 shrink-0 accent-ink"
        aria-describedby={option.hint ? hintId : undefined}
      />
      <label htmlFor={id} className="pt-0.5">
        {option.label}
        {option.hint ? (
          <span id={hintId} className="block text-secondary-ink">
            {option.hint}
          </span>
        ) : null}
      </label>
    </div>
  );
}

/** GOV.UK radios: a fieldset with a legend; the error summary links to the first radio (the field's id). */
export function RadiosField({
  field,
  legend,
  hint,
  options,
  inline,
}: {
  field: FieldMetadata<string | undefined>;
  legend: ReactNode;
  hint?: ReactNode;
  options: { value: string; label: string; hint?: string }[];
  inline?: boolean;
}) {
  const current = typeof field.initialValue === "string" ? field.initialValue : undefined;
  return (
    <ChoiceFieldset id={field.id} legend={legend} hint={hint} errors={field.errors}>
      <div className={inline ? "flex flex-wrap gap-x-6" : ""}>
        {options.map((o, i) => (
          <ChoiceOption key={`${field.key ?? ""}${o.value}`} type="radio" field={field} option={o} index={i} checked={current === o.value} />
        ))}
      </div>
    </ChoiceFieldset>
  );
}

/**
 * GOV.UK checkboxes: a fieldset with a legend, one checkbox per option, all sending the field's name; the error
 * summary links to the first checkbox (the field's id). With none ticked the browser sends nothing at all.
 */
export function CheckboxesField({
  field,
  legend,
  hint,
  options,
}: {
  field: FieldMetadata<string[] | undefined>;
  legend: ReactNode;
  hint?: ReactNode;
  options: { value: string; label: string; hint?: string }[];
}) {
  const initial: unknown = field.initialValue;
  const ticked = new Set(Array.isArray(initial) ? initial.filter((v): v is string => typeof v === "string") : typeof initial === "string" ? [initial] : []);
  return (
    <ChoiceFieldset id={field.id} legend={legend} hint={hint} errors={field.errors}>
      {options.map((o, i) => (
        <ChoiceOption key={`${field.key ?? ""}${o.value}`} type="checkbox" field={field} option={o} index={i} checked={ticked.has(o.value)} />
      ))}
    </ChoiceFieldset>
  );
}
