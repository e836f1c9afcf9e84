import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { SelectField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { linkTeacherSchema } from "~/domain/stls/group.schema.ts";
import { linkTeachersOfDistrict, setLinkTeacher } from "~/domain/stls/link-teachers.server.ts";
import { districtChoices } from "~/domain/stls/meeting-queries.server.ts";

export const handle = { title: "STLS link teachers" };

export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:meetings");
  const url = new URL(request.url);
  const asked = url.searchParams.get("district") ?? "";
  const [kept, districts] = await orUnavailable(() =>
    Promise.all([linkTeachersOfDistrict(context.db, actor, /^[1-9][0-9]{0,8}$/.test(asked) ? Number(asked) : null), districtChoices(context.db, actor)]),
  );
  return { ...kept, districts, done: url.searchParams.get("done") === "set" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(
    { request, context },
    {
      permission: "lift:meetings",
      schema: linkTeacherSchema,
      run: (actor, value) => setLinkTeacher(context.db, actor, value, context.requestId),
      done: (result) => `/lift/link-teachers?district=${result.districtId}&done=set`,
    },
  );
}

export default function LinkTeachers() {
  const { district, schools, teachers, districts, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof linkTeacherSchema>>({ id: "link-teacher", lastResult, shouldValidate: "onSubmit" });
  return (
    <div className="max-w-3xl">
      <BackLink href="/lift">Back to LIFT meetings</BackLink>
      <ErrorSummary errors={errorItems(form.allErrors, { schoolId: fields.schoolId.id, teacherUserId: fields.teacherUserId.id }, "schoolId")} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          The link teacher has been set. The school sees them on its LIFT page.
        </NotificationBanner>
      ) : null}
      <PageHeading caption={district?.name ?? "STLS"}>Link teachers</PageHeading>
      <P>Each school has a named STLS link teacher, one of its district&apos;s specialist teachers. The school sees their name and email.</P>
      {districts.length > 0 ? (
        <Form method="get" role="search" aria-label="Link teachers by district" className="mb-8 flex flex-wrap items-end gap-4">
          <div>
            <label htmlFor="link-district" className="mb-1 block font-bold">
              District
            </label>
            <select id="link-district" name="district" defaultValue={district ? String(district.id) : ""} className="block max-w-full border-2 border-ink bg-white px-2 py-1.5">
              {districts.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary" className="mb-0">
            Show schools
          </Button>
        </Form>
      ) : null}
      <Table
        caption={`Schools of ${district?.name ?? "the district"}`}
        empty="There are no schools to show."
        rowKey={(s) => s.id}
        rows={schools}
        columns={[
          { header: "School", cell: (s) => s.name },
          { header: "Link teacher", cell: (s) => s.teacher_name ?? "Not named" },
        ]}
      />
      {district && schools.length > 0 ? (
        <>
          <H2>Set a school&apos;s link teacher</H2>
          {teachers.length === 0 ? (
            <P>The district has no STLS teachers with an account yet.</P>
          ) : (
            <PortalForm {...getFormProps(form)}>
              <SelectField field={fields.schoolId} label="School" placeholder="Select a school" options={schools.map((s) => ({ value: String(s.id), label: s.name }))} />
              <SelectField field={fields.teacherUserId} label="Link teacher" placeholder="Select a teacher" options={teachers.map((t) => ({ value: String(t.id), label: t.name }))} />
              <Button>Set link teacher</Button>
            </PortalForm>
          )}
        </>
      ) : null}
    </div>
  );
}
