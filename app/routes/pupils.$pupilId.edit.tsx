import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { dateDefault } from "~/components/date-field.tsx";
import { PupilFields, pupilFieldIds } from "~/components/pupil-fields.tsx";
import { PupilSummary } from "~/components/pupil-summary.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { editPupilSchema } from "~/domain/pupils/pupils.schema.ts";
import { getPupil, listNeedTypes, updatePupil } from "~/domain/pupils/pupils.server.ts";

export const handle = { title: "Change a pupil's record" };

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "pupils:manage");
  const id = idParam(params.pupilId);
  const [pupil, needs] = await orUnavailable(() => Promise.all([getPupil(context.db, actor, id, context.requestId), listNeedTypes(context.db, actor)]));
  return {
    pupil,
    // Needs no longer in use stay selectable for a pupil who already has them.
    needs: needs
      .filter((n) => n.active || n.code === pupil.primaryNeed || n.code === pupil.secondaryNeed)
      .map((n) => ({ code: n.code, name: n.name })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Signed out, to sign-in before the address is read (a malformed one is a 404).
  await requireActor(request, context, "pupils:manage");
  const id = idParam(params.pupilId);
  return formAction(
    { request, context },
    {
      permission: "pupils:manage",
      schema: editPupilSchema,
      run: (actor, value) => updatePupil(context.db, actor, id, value, context.requestId),
      done: () => `/pupils/${id}?done=changed`,
    },
  );
}

export default function EditPupil() {
  const { pupil, needs } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(pupil.version, lastResult);
  const [form, fields] = useForm<z.input<typeof editPupilSchema>>({
    id: `edit-pupil-${formVersion}`,
    lastResult,
    defaultValue: {
      firstName: pupil.firstName,
      lastName: pupil.lastName,
      dateOfBirth: dateDefault(pupil.dateOfBirth),
      upn: pupil.upn ?? "",
      yearGroup: pupil.yearGroup as z.input<typeof editPupilSchema>["yearGroup"],
      senProvision: pupil.senProvision as z.input<typeof editPupilSchema>["senProvision"],
      primaryNeed: pupil.primaryNeed,
      secondaryNeed: pupil.secondaryNeed ?? "",
      dateAdded: dateDefault(pupil.dateAdded),
    },
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, pupilFieldIds(fields), "firstName");
  const stale = (form.errors ?? []).length > 0;
  return (
    <div className="max-w-2xl">
      <ErrorSummary errors={errors} />
      <PageHeading caption="Pupil register">
        Change {pupil.firstName} {pupil.lastName}&apos;s record
      </PageHeading>
      {stale ? (
        <>
          <H2>The record as it is saved now</H2>
          <PupilSummary pupil={pupil} />
          <H2>Your changes</H2>
        </>
      ) : null}
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={pupil.version} />
        <PupilFields
          fields={fields}
          needs={needs}
          dateAddedHint="The date the pupil joined the school's SEN register"
          saved={{ dateOfBirth: pupil.dateOfBirth, dateAdded: pupil.dateAdded }}
        />
        <Button>Save changes</Button>
      </PortalForm>
      <p>
        <a href={`/pupils/${pupil.id}`}>Back to the pupil&apos;s record without saving</a>
      </p>
    </div>
  );
}
