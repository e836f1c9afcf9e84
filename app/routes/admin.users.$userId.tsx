import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { idParam } from "~/domain/access/access.server.ts";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { ScopeFields } from "~/components/scope-fields.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { changeRoleSchema, setActiveSchema } from "~/domain/users/users.schema.ts";
import { changeRole, getUser, listDistricts, setUserActive } from "~/domain/users/users.server.ts";
import { ownEntry } from "~/domain/lookup.ts";

export const handle = { title: (data: unknown) => (data as { user?: { name: string } } | undefined)?.user?.name ?? "User" };

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "users:manage");
  const id = idParam(params.userId);
  const [user, districts] = await orUnavailable(() => Promise.all([getUser(context.db, actor, id), listDistricts(context.db, actor)]));
  const url = new URL(request.url);
  return { user, districts, done: url.searchParams.get("done"), self: id === actor.userId };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "users:manage");
  const id = idParam(params.userId);
  const form = await readForm(request, context);
  const intent = form.get("intent");
  if (intent === "role") {
    const submission = parseWithZod(form, { schema: changeRoleSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const result = await orUnavailable(() => changeRole(context.db, actor, id, submission.value, context.requestId));
    if (!result.ok) {
      return data(submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formError ? [result.formError] : undefined }), {
        status: result.formError ? 409 : 400,
      });
    }
    throw redirect(`/admin/users/${id}?done=role`);
  }
  const submission = parseWithZod(form, { schema: setActiveSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await orUnavailable(() => setUserActive(context.db, actor, id, submission.value, context.requestId));
  if (!result.ok) return data(submission.reply({ formErrors: result.formError ? [result.formError] : undefined }), { status: 409 });
  throw redirect(`/admin/users/${id}?done=${submission.value.intent}`);
}

const DONE: Record<string, string> = {
  role: "The role has been changed. The user's sessions have ended, so they will sign in again with the new role.",
  deactivate: "The user has been deactivated. They have been signed out everywhere and cannot sign in.",
  reactivate: "The user has been reactivated. They can sign in again.",
};

export default function UserPage() {
  const { user, districts, done, self } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(user.version, lastResult);
  const [form, fields] = useForm<z.input<typeof changeRoleSchema>>({
    id: `role-${formVersion}`,
    lastResult,
    defaultValue: {
      role: user.role ?? "",
      schoolUrn: user.schoolUrn ?? "",
      championUrns: user.championUrns.join(", "),
      districtCode: user.districtCode ?? "",
    },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(
    form.allErrors,
    { role: fields.role.id, schoolUrn: fields.schoolUrn.id, championUrns: fields.championUrns.id, districtCode: fields.districtCode.id },
    "role",
  );
  return (
    <div className="max-w-3xl">
      <ErrorSummary errors={errors} />
      {done && ownEntry(DONE, done) && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {ownEntry(DONE, done)}
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Users">{user.name}</PageHeading>
      <SummaryList
        rows={[
          { key: "Email address", value: user.email },
          { key: "Role", value: user.roleLabel },
          { key: "School or district", value: user.placeLabel || "None" },
          { key: "Status", value: user.active ? "Active" : `Deactivated ${user.deactivatedAt ? formatDateTime(user.deactivatedAt) : ""}` },
          { key: "Created", value: formatDateTime(user.createdAt) },
        ]}
      />
      <H2>Change role</H2>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="intent" value="role" />
        <input type="hidden" name="version" value={user.version} />
        <ScopeFields fields={fields} districts={districts} />
        <Button variant="secondary">Save role</Button>
      </PortalForm>
      {self ? null : (
        <>
          <H2>{user.active ? "Deactivate this user" : "Reactivate this user"}</H2>
          <p className="mb-4">
            {user.active
              ? "They will be signed out everywhere at once and will not be able to sign in. Their records and the audit log are kept."
              : "They will be able to sign in again with their existing password."}
          </p>
          <PortalForm>
            <input type="hidden" name="intent" value={user.active ? "deactivate" : "reactivate"} />
            <input type="hidden" name="version" value={user.version} />
            <Button variant={user.active ? "warning" : "secondary"}>{user.active ? "Deactivate user" : "Reactivate user"}</Button>
          </PortalForm>
        </>
      )}
    </div>
  );
}
