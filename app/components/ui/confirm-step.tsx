import type { FormProps } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button } from "./button.tsx";
import { PortalForm } from "./portal-form.tsx";

/**
 * The confirm step before something that cannot simply be undone (remove a role, withdraw, cancel). It works
 * without JavaScript: the action's link is a GET to the same page with the choice in the query string
 * (`?remove=senco:990009`), which draws this panel near the top of the page; only its button POSTs.
 * "No" is a link back, which changes nothing. The panel says what will happen in words, and its warning button
 * repeats the action ("Yes, remove this role"). A step that also asks for something (an optional reason) puts
 * its field in `inputs`, above the buttons, and passes its form's props (Conform's `getFormProps`) in `form`.
 */
export function ConfirmStep({
  heading,
  children,
  confirmLabel,
  cancelHref,
  cancelLabel = "No, go back",
  fields,
  inputs,
  form,
}: {
  heading: string;
  children: ReactNode;
  confirmLabel: string;
  cancelHref: string;
  cancelLabel?: string;
  /** Hidden fields the POST carries (intent, version, the record's key). */
  fields: Record<string, string | number>;
  /** Fields the person fills in, if the step asks for any. */
  inputs?: ReactNode;
  /** The form's own props, for a step with `inputs` (its id, so a refused POST shows what was typed). */
  form?: Omit<FormProps, "children" | "method">;
}) {
  return (
    <section id="confirm" aria-labelledby="confirm-heading" className="mb-8 border-l-[10px] border-error bg-white py-2 pl-4">
      <h2 id="confirm-heading" className="mb-4 text-2xl font-bold">
        {heading}
      </h2>
      <div className="mb-4">{children}</div>
      <PortalForm {...form}>
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {inputs}
        <div className="flex flex-wrap items-baseline gap-x-6">
          <Button variant="warning">{confirmLabel}</Button>
          <a href={cancelHref} className="mb-8">
            {cancelLabel}
          </a>
        </div>
      </PortalForm>
    </section>
  );
}
