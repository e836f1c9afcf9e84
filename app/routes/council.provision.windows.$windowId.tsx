import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { DateField, dateDefault } from "~/components/date-field.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { idParam } from "~/domain/access/access.server.ts";
import { editWindowSchema } from "~/domain/provision/return.schema.ts";
import { getWindow, updateWindow } from "~/domain/provision/windows.server.ts";

type Loaded = { window?: { label: string } } | undefined;
export const handle = { title: (d: unknown) => ((d as Loaded)?.window ? `${(d as Loaded)!.window!.label} return window` : "Return window") };
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "provision:manage");
  const id = idParam(params.windowId);
  return { window: await orUnavailable(() => getWindow(context.db, actor, id)) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "provision:manage");
  const id = idParam(params.windowId);
  return formAction(
    { request, context },
    {
      permission: "provision:manage",
      schema: editWindowSchema,
      run: (actor, value) => updateWindow(context.db, actor, id, value, context.requestId),
      done: () => "/council/provision/windows?done=changed",
    },
  );
}

export default function EditWindow() {
  const { window } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(window.version, lastResult);
  const [form, fields] = useForm<z.input<typeof editWindowSchema>>({
    id: `edit-window-${formVersion}`,
    lastResult,
    shouldValidate: "onSubmit",
    defaultValue: { opensOn: dateDefault(window.opensOn), closesOn: dateDefault(window.closesOn) },
  });
  const errors = errorItems(form.allErrors, { opensOn: fields.opensOn.id, closesOn: fields.closesOn.id }, "opensOn");
  return (
    <div className="max-w-3xl">
      <BackLink href="/council/provision/windows">Back to the return windows</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption="Return windows">{`${window.label} return window`}</PageHeading>
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="version" value={window.version} />
        <DateField field={fields.opensOn} legend="Opens on" label="opening date" />
        <DateField field={fields.closesOn} legend="Closes on" label="closing date" hint="Returns can be sent and corrected until the end of this day" />
        <Button>Save the dates</Button>
      </PortalForm>
    </div>
  );
}
