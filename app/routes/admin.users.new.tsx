import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { ScopeFields } from "~/components/scope-fields.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { createUserSchema } from "~/domain/users/users.schema.ts";
import { createUser, listDistricts } from "~/domain/users/users.server.ts";

export const handle = { title: "Create a user" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "users:manage");
  return { districts: await orUnavailable(() => listDistricts(context.db, actor)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "users:manage",
      schema: createUserSchema,
      hideFields: ["password"],
      run: (actor, value) => createUser(context.db, actor, value, context.requestId),
      done: () => "/admin/users?created=1",
    },
  );
}

export default function NewUser() {
  const { districts } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof createUserSchema>>({
    id: "new-user",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const errors = errorItems(form.allErrors, {
    displayName: fields.displayName.id,
    email: fields.email.id,
    role: fields.role.id,
    schoolUrn: fields.schoolUrn.id,
    championUrns: fields.championUrns.id,
    districtCode: fields.districtCode.id,
    password: fields.password.id,
  });
  return (
    <div className="max-w-2xl">
      <ErrorSummary errors={errors} />
      <PageHeading caption="Users">Create a user</PageHeading>
      <PortalForm {...getFormProps(form)}>
        <TextField field={fields.displayName} label="Full name" autoComplete="off" />
        <TextField field={fields.email} label="Email address" type="email" autoComplete="off" spellCheck={false} />
        <ScopeFields fields={fields} districts={districts} />
        <TextField
          field={fields.password}
          label="First password"
          hint="At least 8 characters. Give it to the person securely; they should change it when they first sign in."
          type="password"
          autoComplete="new-password"
        />
        <Button>Create user</Button>
      </PortalForm>
    </div>
  );
}
