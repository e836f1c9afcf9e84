import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { SelectField, TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { notFound } from "~/domain/access/access.server.ts";
import { ownEntry } from "~/domain/lookup.ts";
import { addGroupSchema, moveSchoolSchema, renameGroupSchema } from "~/domain/stls/group.schema.ts";
import { addGroup, groupsOfDistrict, moveSchool, renameGroup } from "~/domain/stls/groups.server.ts";
import { districtChoices } from "~/domain/stls/meeting-queries.server.ts";

export const handle = { title: "LIFT groups" };

export const shouldRevalidate = reloadAfterPost;

const DONE: Record<string, string> = { add: "The group has been added.", rename: "The group has been renamed.", move: "The school has been moved." };

function askedDistrict(url: URL) {
  const asked = url.searchParams.get("district") ?? "";
  return /^[1-9][0-9]{0,8}$/.test(asked) ? Number(asked) : null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:meetings");
  const url = new URL(request.url);
  const [kept, districts] = await orUnavailable(() => Promise.all([groupsOfDistrict(context.db, actor, askedDistrict(url)), districtChoices(context.db, actor)]));
  const rename = Number(url.searchParams.get("rename") ?? "");
  return { ...kept, districts, renaming: kept.groups.find((g) => g.id === rename) ?? null, done: ownEntry(DONE, url.searchParams.get("done")) ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireActor(request, context, "lift:meetings");
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const { db, requestId } = context;
  const done = (districtId: number) => `/lift/groups?district=${districtId}&done=${intent}`;
  const common = { permission: "lift:meetings" as const, form, answers: intent };
  if (intent === "add") return formAction({ request, context }, { ...common, schema: addGroupSchema, run: (actor, value) => addGroup(db, actor, value, requestId), done: (_r, _a, v) => done(v.districtId) });
  if (intent === "rename") return formAction({ request, context }, { ...common, schema: renameGroupSchema, run: (actor, value) => renameGroup(db, actor, value, requestId), done: (r) => done(r.districtId) });
  if (intent === "move") return formAction({ request, context }, { ...common, schema: moveSchoolSchema, run: (actor, value) => moveSchool(db, actor, value, requestId), done: (r) => done(r.districtId) });
  notFound();
}

export default function LiftGroups() {
  const { district, groups, unserved, districts, renaming, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const answers = (lastResult as { answers?: string } | undefined)?.answers;
  const replyTo = (intent: string) => (answers === intent ? lastResult : undefined);
  const [addForm, addFields] = useForm<z.input<typeof addGroupSchema>>({ id: "add-group", lastResult: replyTo("add"), shouldValidate: "onSubmit" });
  const [renameForm, renameFields] = useForm<z.input<typeof renameGroupSchema>>({
    id: "rename-group",
    lastResult: replyTo("rename"),
    defaultValue: renaming ? { name: renaming.name, groupId: String(renaming.id) } : undefined,
    shouldValidate: "onSubmit",
  });
  const [moveForm, moveFields] = useForm<z.input<typeof moveSchoolSchema>>({ id: "move-school", lastResult: replyTo("move"), shouldValidate: "onSubmit" });
  const errors = [
    ...errorItems(addForm.allErrors, { name: addFields.name.id }, "name"),
    ...errorItems(renameForm.allErrors, { name: renameFields.name.id }, "name"),
    ...errorItems(moveForm.allErrors, { schoolId: moveFields.schoolId.id, groupId: moveFields.groupId.id }, "schoolId"),
  ];
  const schools = [...groups.flatMap((g) => g.schools.map((s) => ({ ...s, group: g.name }))), ...unserved.map((s) => ({ ...s, group: "no group" }))].sort((a, b) => a.name.localeCompare(b.name));
  const groupOptions = groups.map((g) => ({ value: String(g.id), label: g.name }));
  return (
    <div className="max-w-3xl">
      <BackLink href="/lift">Back to LIFT meetings</BackLink>
      <ErrorSummary errors={errors} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {done}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={district?.name ?? "LIFT"}>LIFT groups</PageHeading>
      {districts.length > 0 ? (
        <Form method="get" role="search" aria-label="Groups by district" className="mb-8 flex flex-wrap items-end gap-4">
          <div>
            <label htmlFor="groups-district" className="mb-1 block font-bold">
              District
            </label>
            <select id="groups-district" name="district" defaultValue={district ? String(district.id) : ""} className="block max-w-full border-2 border-ink bg-white px-2 py-1.5">
              {districts.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary" className="mb-0">
            Show groups
          </Button>
        </Form>
      ) : null}
      {!district ? <P>You do not keep a district&apos;s groups.</P> : null}
      {groups.map((g) => (
        <section key={g.id} aria-labelledby={`group-${g.id}`} className="mb-6">
          <h2 id={`group-${g.id}`} className="mb-2 text-2xl font-bold">
            {g.name}
          </h2>
          {renaming?.id === g.id || (replyTo("rename") && renameFields.groupId.initialValue === String(g.id)) ? (
            <PortalForm {...getFormProps(renameForm)}>
              <input type="hidden" name="intent" value="rename" />
              <input type="hidden" name="groupId" value={g.id} />
              <input type="hidden" name="version" value={g.version} />
              <TextField field={renameFields.name} label={`New name for ${g.name}`} />
              <Button>Rename group</Button>
            </PortalForm>
          ) : (
            <p className="mb-2">
              <a href={`/lift/groups?district=${district?.id ?? ""}&rename=${g.id}`}>
                Rename<span className="sr-only"> {g.name}</span>
              </a>
            </p>
          )}
          {g.schools.length === 0 ? (
            <P>It serves no schools yet.</P>
          ) : (
            <ul className="mb-4 list-disc pl-6">
              {g.schools.map((s) => (
                <li key={s.id}>{s.name}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
      {unserved.length > 0 ? <WarningList names={unserved.map((s) => s.name)} /> : null}
      {district && groups.length > 0 ? (
        <>
          <H2>Move a school to another group</H2>
          <PortalForm {...getFormProps(moveForm)}>
            <input type="hidden" name="intent" value="move" />
            <SelectField field={moveFields.schoolId} label="School" placeholder="Select a school" options={schools.map((s) => ({ value: String(s.id), label: `${s.name} (now ${s.group})` }))} />
            <SelectField field={moveFields.groupId} label="Group to serve it" placeholder="Select a group" options={groupOptions} />
            <Button>Move school</Button>
          </PortalForm>
        </>
      ) : null}
      {district ? (
        <>
          <H2>Add a group</H2>
          <PortalForm {...getFormProps(addForm)}>
            <input type="hidden" name="intent" value="add" />
            <input type="hidden" name="districtId" value={district.id} />
            <TextField field={addFields.name} label="Name of the group" hint={`For example, ${district.name} East LIFT`} />
            <Button>Add group</Button>
          </PortalForm>
        </>
      ) : null}
    </div>
  );
}

function WarningList({ names }: { names: string[] }) {
  return (
    <section aria-labelledby="unserved" className="mb-6">
      <h2 id="unserved" className="mb-2 text-2xl font-bold">
        Schools no group serves
      </h2>
      <P>Their staff cannot refer pupils to LIFT until a group serves them.</P>
      <ul className="mb-4 list-disc pl-6">
        {names.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </section>
  );
}
