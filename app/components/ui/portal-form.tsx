import { Form, useRouteLoaderData, type FormProps } from "@remix-run/react";

/** The CSRF token from the root loader, echoed back by every form (checked by readForm on the server). */
export function CsrfField() {
  const root = useRouteLoaderData<{ csrfToken: string }>("root");
  return <input type="hidden" name="csrf" value={root?.csrfToken ?? ""} />;
}

/** Every POST form: Remix's Form (works without JavaScript) with the CSRF token, browser validation off. */
export function PortalForm({ children, method = "post", ...props }: FormProps) {
  return (
    <Form method={method} noValidate {...props}>
      <CsrfField />
      {children}
    </Form>
  );
}
