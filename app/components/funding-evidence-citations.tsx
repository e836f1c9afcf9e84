import type { SubmissionResult } from "@conform-to/react";
import type { ReactNode } from "react";
import { HintAndError, describedBy } from "./ui/field.tsx";

/**
 * Records a funding request's evidence section offers to cite (ADR 41: staff training; ADR 46: LIFT outcomes and
 * visits), as checkboxes in groups. A hidden field says the list was shown, so ticking none clears the citations;
 * after a refused save the boxes keep what was sent, else they show what is saved.
 */

export interface CitationGroup {
  heading?: string;
  choices: { value: string; label: ReactNode }[];
}

/** The ticked values after a refused save (what was sent), else those saved. */
function tickedOf(saved: string[], field: string, shownField: string, lastResult: SubmissionResult<string[]> | undefined): Set<string> {
  const sent = (lastResult?.initialValue as Record<string, unknown> | undefined)?.[field];
  if (lastResult?.initialValue && shownField in lastResult.initialValue) {
    return new Set(Array.isArray(sent) ? sent.map(String) : typeof sent === "string" ? [sent] : []);
  }
  return new Set(saved);
}

export function CitationChoices({
  id,
  field,
  shownField,
  legend,
  hint,
  groups,
  empty,
  saved,
  lastResult,
}: {
  /** The first checkbox's id: the error summary links there. */
  id: string;
  field: string;
  shownField: string;
  legend: string;
  hint: string;
  groups: CitationGroup[];
  /** Said instead of the list when there is nothing to cite. */
  empty: ReactNode;
  saved: string[];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const errors = lastResult?.error?.[field] ?? undefined;
  const ticked = tickedOf(saved, field, shownField, lastResult);
  const none = groups.every((g) => g.choices.length === 0);
  const order = groups.flatMap((g) => g.choices.map((c) => c.value));
  const box = (choice: CitationGroup["choices"][number]) => {
    const index = order.indexOf(choice.value);
    const boxId = index === 0 ? id : `${id}-${index}`;
    return (
      <div key={choice.value} className="mb-2 flex items-start gap-2">
        <input type="checkbox" id={boxId} name={field} value={choice.value} defaultChecked={ticked.has(choice.value)} className="mt-1 size-6 shrink-0 accent-ink" />
        <label htmlFor={boxId} className="pt-0.5">
          {choice.label}
        </label>
      </div>
    );
  };
  return (
    <div className={`mb-6 ${errors?.length ? "border-l-[5px] border-error pl-4" : ""}`}>
      <input type="hidden" name={shownField} value="1" />
      <fieldset aria-describedby={none ? undefined : describedBy(id, hint, errors)}>
        <legend className="mb-1 text-xl font-bold">{legend}</legend>
        {none ? (
          <>
            {errors?.length ? <HintAndError id={id} errors={errors} /> : null}
            <p className="mb-2">{empty}</p>
          </>
        ) : (
          <>
            <HintAndError id={id} hint={hint} errors={errors} />
            {groups.map((group, g) => (
              <div key={group.heading ?? g}>
                {group.heading ? <p className={`mb-2 font-bold ${g > 0 ? "mt-4" : ""}`}>{group.heading}</p> : null}
                {group.choices.map(box)}
              </div>
            ))}
          </>
        )}
      </fieldset>
    </div>
  );
}
