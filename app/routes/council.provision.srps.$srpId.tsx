import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { dateDefault } from "~/components/date-field.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { SrpFields } from "~/components/srp-fields.tsx";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { ownEntry } from "~/domain/lookup.ts";
import { academicYearLabel } from "~/domain/provision/provision-codes.ts";
import { editSrpSchema } from "~/domain/provision/return.schema.ts";
import { getSrpForEdit, updateSrp } from "~/domain/provision/register.server.ts";

type Loaded = { srp?: { heading: string; school: string } } | undefined;
export const handle = { title: (d: unknown) => ((d as Loaded)?.srp ? `Change ${(d as Loaded)!.srp!.heading}` : "Change an SRP") };
export const shouldRevalidate = reloadAfterPost;

const DONE: Record<string, string> = { added: "The SRP has been added to the register.", changed: "The SRP has been changed." };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "provision:manage");
  const id = idParam(params.srpId);
  const srp = await orUnavailable(() => getSrpForEdit(context.db, actor, id));
  return { srp, done: ownEntry(DONE, new URL(request.url).searchParams.get("done")) ?? null };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "provision:manage");
  const id = idParam(params.srpId);
  return formAction(
    { request, context },
    {
      permission: "provision:manage",
      schema: editSrpSchema,
      run: (actor, value) => updateSrp(context.db, actor, id, value, context.requestId),
      done: () => `/council/provision/srps/${id}?done=changed`,
    },
  );
}

export default function EditSrp() {
  const { srp, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(srp.version, lastResult);
  const current = srp.places.find((p) => p.academicYear === srp.options.currentYear);
  const [form, fields] = useForm<z.input<typeof editSrpSchema>>({
    id: `edit-srp-${formVersion}`,
    lastResult,
    shouldValidate: "onSubmit",
    defaultValue: {
      designation: srp.designation,
      firstYearGroup: srp.firstYearGroup as never,
      lastYearGroup: srp.lastYearGroup as never,
      openedOn: dateDefault(srp.openedOn),
      status: srp.status,
      academicYear: String(srp.options.currentYear),
      commissionedPlaces: current ? String(current.commissioned) : "",
    },
  });
  const errors = errorItems(
    form.allErrors,
    {
      designation: fields.designation.id,
      firstYearGroup: fields.firstYearGroup.id,
      lastYearGroup: fields.lastYearGroup.id,
      openedOn: fields.openedOn.id,
      status: fields.status.id,
      academicYear: fields.academicYear.id,
      commissionedPlaces: fields.commissionedPlaces.id,
    },
    "designation",
  );
  return (
    <div className="max-w-3xl">
      <BackLink href="/council/provision">Back to the SRP overview</BackLink>
      <ErrorSummary errors={errors} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {done}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={srp.school}>{`Change ${srp.heading}`}</PageHeading>
      <p className="mb-6">
        <a href={`/provision/${srp.id}`}>See this SRP&apos;s returns</a>
      </p>
      <Table
        caption="Places commissioned"
        rowKey={(p) => p.academicYear}
        rows={srp.places}
        empty="No places recorded yet."
        columns={[
          { header: "Academic year", cell: (p) => academicYearLabel(p.academicYear) },
          { header: "Places", numeric: true, cell: (p) => p.commissioned },
        ]}
      />
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={srp.version} />
        <SrpFields fields={fields as never} options={srp.options} />
        <Button>Save changes</Button>
      </PortalForm>
    </div>
  );
}
