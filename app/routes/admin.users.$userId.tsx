import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { idParam } from "~/domain/access/access.server.ts";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
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
import { BackLink } from "~/components/ui/back-link.tsx";
import { ConfirmStep } from "~/components/ui/confirm-step.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { CheckboxesField } from "~/components/ui/field.tsx";
import { COUNCIL_AREAS } from "~/domain/schools/council-areas.ts";
import { addMembershipSchema, changeRoleSchema, officerAreasSchema, removeMembershipSchema, setActiveSchema } from "~/domain/users/users.schema.ts";
import { addMembership, changeRole, getUser, listDistricts, removeMembership, setOfficerAreas, setUserActive } from "~/domain/users/users.server.ts";
import { resetTwoFactorSchema } from "~/domain/users/two-factor.schema.ts";
import { resetTwoFactor, twoFactorOfUser } from "~/domain/users/two-factor.server.ts";
import { ownEntry } from "~/domain/lookup.ts";

export const handle = { title: (data: unknown) => (data as { user?: { name: string } } | undefined)?.user?.name ?? "User" };

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "users:manage");
  const id = idParam(params.userId);
  const [user, districts, twoFactor] = await orUnavailable(() =>
    Promise.all([getUser(context.db, actor, id), listDistricts(context.db, actor), twoFactorOfUser(context.db, actor, id)]),
  );
  const url = new URL(request.url);
  // The confirm step of removing a membership: a GET naming it, so it works without JavaScript.
  const removing = user.memberships.find((m) => m.key === url.searchParams.get("remove") && m.keep === null) ?? null;
  return { user, districts, twoFactor, done: url.searchParams.get("done"), self: id === actor.userId, removing };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "users:manage");
  const id = idParam(params.userId);
  const form = await readForm(request, context);
  const intent = form.get("intent");
  const { db, requestId } = context;
  // Each reply says which form it answers, so only that form shows its errors and typed values.
  const answering = (answers: string) => ({ permission: "users:manage" as const, form, answers });
  if (intent === "role" || intent === "add-membership") {
    return formAction(
      { request, context },
      {
        ...answering(intent),
        schema: intent === "role" ? changeRoleSchema : addMembershipSchema,
        run: (actor, value) => (value.intent === "role" ? changeRole : addMembership)(db, actor, id, value, requestId),
        done: () => `/admin/users/${id}?done=${intent}`,
      },
    );
  }
  if (intent === "officer-areas") {
    return formAction(
      { request, context },
      {
        ...answering(intent),
        schema: officerAreasSchema,
        run: (actor, value) => setOfficerAreas(db, actor, id, value, requestId),
        done: () => `/admin/users/${id}?done=officer-areas`,
      },
    );
  }
  if (intent === "reset-two-factor") {
    return formAction(
      { request, context },
      {
        ...answering(intent),
        schema: resetTwoFactorSchema,
        run: (actor) => resetTwoFactor(db, actor, id, requestId),
        done: () => `/admin/users/${id}?done=reset-two-factor`,
      },
    );
  }
  if (intent === "remove-membership") {
    return formAction(
      { request, context },
      {
        ...answering(intent),
        schema: removeMembershipSchema,
        run: (actor, value) => removeMembership(db, actor, id, value, requestId),
        done: () => `/admin/users/${id}?done=remove-membership`,
      },
    );
  }
  return formAction(
    { request, context },
    {
      ...answering("active"),
      schema: setActiveSchema,
      run: (actor, value) => setUserActive(db, actor, id, value, requestId),
      done: (_result, _actor, value) => `/admin/users/${id}?done=${value.intent}`,
    },
  );
}

const DONE: Record<string, string> = {
  role: "The role has been changed. The user's sessions have ended, so they will sign in again with the new role.",
  "add-membership": "The role has been added. They can switch to it in the header the next time they load a page.",
  "officer-areas": "The areas they work in have been saved. They will be told of requests from schools in those areas from now on.",
  "remove-membership": "The role has been removed. The user's sessions have ended, so they will sign in again with the roles they have left.",
  deactivate: "The user has been deactivated. They have been signed out everywhere and cannot sign in.",
  reactivate: "The user has been reactivated. They can sign in again.",
  "reset-two-factor":
    "Their two-factor authentication has been reset and they have been signed out everywhere. They sign in with their password, then set it up again with their new phone.",
};

const TWO_FACTOR_WORDS = { off: "Off", setting_up: "Being set up (not on yet)", on: "On" } as const;

export default function UserPage() {
  const { user, districts, twoFactor, done, self, removing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formVersion = useFormVersion(user.version, actionData);
  const answering = (intent: string) => (actionData?.answers === intent ? actionData : undefined);
  const [form, fields] = useForm<z.input<typeof changeRoleSchema>>({
    id: `role-${formVersion}`,
    lastResult: answering("role"),
    defaultValue: {
      role: user.role ?? "",
      schoolUrn: user.schoolUrn ?? "",
      championUrns: user.championUrns.join(", "),
      districtCode: user.districtCode ?? "",
    },
    shouldValidate: "onSubmit",
  });
  const [addForm, addFields] = useForm<z.input<typeof addMembershipSchema>>({
    id: `add-${formVersion}`,
    lastResult: answering("add-membership"),
    shouldValidate: "onSubmit",
  });
  const [areasForm, areasFields] = useForm<z.input<typeof officerAreasSchema>>({
    id: `areas-${formVersion}`,
    lastResult: answering("officer-areas"),
    defaultValue: { areas: user.officerAreas ?? [] },
    shouldValidate: "onSubmit",
  });
  const scopeIds = (f: typeof fields | typeof addFields) => ({
    role: f.role.id,
    schoolUrn: f.schoolUrn.id,
    championUrns: f.championUrns.id,
    districtCode: f.districtCode.id,
  });
  const otherErrors = (intent: string) => (answering(intent)?.error?.[""] ?? []).map((message) => ({ message }));
  const errors = [
    ...errorItems(form.allErrors, scopeIds(fields), "role"),
    ...errorItems(addForm.allErrors, scopeIds(addFields), "role"),
    ...errorItems(areasForm.allErrors, { areas: areasFields.areas.id }, "areas"),
    ...otherErrors("remove-membership"),
    ...otherErrors("reset-two-factor"),
    ...otherErrors("active"),
  ];
  const others = user.memberships.length - 1;
  return (
    <div className="max-w-3xl">
      <BackLink href="/admin/users">Back to users</BackLink>
      <ErrorSummary errors={errors} />
      {done && ownEntry(DONE, done) && !actionData ? (
        <NotificationBanner kind="success" title="Success">
          {ownEntry(DONE, done)}
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Users">{user.name}</PageHeading>
      {removing ? (
        <ConfirmStep
          heading={`Remove ${removing.label} from ${user.name}?`}
          confirmLabel="Yes, remove this role"
          cancelHref={`/admin/users/${user.id}`}
          fields={{ intent: "remove-membership", version: user.version, key: removing.key }}
        >
          <p className="mb-2">They will no longer be able to act as {removing.label}, and their sessions will end.</p>
          <p>Their other roles are kept. Records they made in this role, and the audit log, are kept.</p>
        </ConfirmStep>
      ) : null}
      <SummaryList
        rows={[
          { key: "Email address", value: user.email },
          { key: "Role", value: user.roleLabel },
          { key: "School or district", value: user.placeLabel || "None" },
          { key: "Status", value: user.active ? "Active" : `Deactivated ${user.deactivatedAt ? formatDateTime(user.deactivatedAt) : ""}` },
          { key: "Created", value: formatDateTime(user.createdAt) },
          {
            key: "Two-factor authentication",
            value: twoFactor.state === "on" && twoFactor.onSince ? `On since ${formatDateTime(twoFactor.onSince)}` : TWO_FACTOR_WORDS[twoFactor.state],
          },
        ]}
      />
      <Table
        caption="Roles"
        rowKey={(m) => m.key}
        rows={user.memberships}
        empty="They have no role: give them one below."
        columns={[
          {
            header: "Role and where",
            cell: (m) => (
              <>
                {m.label} {m.first ? <Tag colour="blue">First</Tag> : null}
              </>
            ),
          },
          {
            header: "Action",
            cell: (m) =>
              m.keep ? (
                <span className="text-secondary-ink">{m.keep}</span>
              ) : (
                <a href={`/admin/users/${user.id}?remove=${encodeURIComponent(m.key)}#confirm`}>
                  Remove<span className="sr-only"> {m.label}</span>
                </a>
              ),
          },
        ]}
      />
      <H2>Change role</H2>
      <p className="mb-4">
        {others > 0
          ? `This changes their first role, where they start when they sign in. Their ${others === 1 ? "other role is" : `${others} other roles are`} kept.`
          : "This replaces their role. To give them a second role as well, use \u201cGive another role\u201d below."}
      </p>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="intent" value="role" />
        <input type="hidden" name="version" value={user.version} />
        <ScopeFields fields={fields} districts={districts} />
        <Button variant="secondary">Save role</Button>
      </PortalForm>
      <H2>Give another role</H2>
      <p className="mb-4">For someone with two jobs, such as a SENCO who is also an Inclusion Champion. They choose which one they act in from the header.</p>
      <PortalForm {...getFormProps(addForm)}>
        <input type="hidden" name="intent" value="add-membership" />
        <input type="hidden" name="version" value={user.version} />
        <ScopeFields fields={addFields} districts={districts} />
        <Button variant="secondary">Add role</Button>
      </PortalForm>
      {user.officerAreas ? (
        <>
          <H2>Council areas</H2>
          <PortalForm {...getFormProps(areasForm)}>
            <input type="hidden" name="intent" value="officer-areas" />
            <input type="hidden" name="version" value={user.version} />
            <CheckboxesField
              field={areasFields.areas}
              legend="Areas this officer works in"
              hint={
                <>
                  <p className="mb-2">
                    They are told of each request that reaches the council from a school in these areas, and may assign those requests to
                    themselves or to another officer of the area. They can still see every request in Kent.
                  </p>
                  <p>
                    When no officer works in an area, every council officer is told of its requests, so none waits unseen. An officer with no
                    area ticked is told only of those.
                  </p>
                </>
              }
              options={COUNCIL_AREAS.map((area) => {
                const inArea = districts.filter((d) => d.area === area).map((d) => d.name);
                return { value: area, label: area, hint: inArea.length > 0 ? inArea.join(", ") : undefined };
              })}
            />
            <Button variant="secondary">Save areas</Button>
          </PortalForm>
        </>
      ) : null}
      {self || twoFactor.state === "off" ? null : (
        <>
          <H2>Reset two-factor authentication</H2>
          <p className="mb-4">
            For someone who has lost their phone, or their authenticator app, and their recovery codes. Check it is them you are talking to first.
            Their key and recovery codes stop working and they are signed out everywhere; they then sign in with their password and set it up
            again.
          </p>
          <PortalForm>
            <input type="hidden" name="intent" value="reset-two-factor" />
            <Button variant="warning">Reset two-factor authentication</Button>
          </PortalForm>
        </>
      )}
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
