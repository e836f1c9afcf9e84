import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { DateField } from "~/components/date-field.tsx";
import { formatDate } from "~/components/format.ts";
import { PupilSummary } from "~/components/pupil-summary.tsx";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { SelectField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { can, idParam } from "~/domain/access/access.server.ts";
import { leftSchema, returnSchema } from "~/domain/pupils/pupils.schema.ts";
import { getPupilSrpMark, setPupilSrp } from "~/domain/pupils/resource-provision.server.ts";
import { pupilSrpSchema } from "~/domain/provision/return.schema.ts";
import { getPupil, markPupilLeft, returnPupilToRegister } from "~/domain/pupils/pupils.server.ts";
import { ownEntry } from "~/domain/lookup.ts";

// The title names no child: titles end up in browser history and tab lists.
export const handle = { title: "Pupil record" };

// A refused change can leave the page out of date (stale version): reload its data after every POST.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "pupils:view");
  const id = idParam(params.pupilId);
  const pupil = await orUnavailable(() => getPupil(context.db, actor, id, context.requestId));
  // The SRP mark (issue 11): which of the school's resource provisions the pupil is in, if it hosts any.
  const srp = await orUnavailable(() => getPupilSrpMark(context.db, actor, id));
  return { pupil, srp, canManage: can(actor, "pupils:manage"), done: new URL(request.url).searchParams.get("done") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  // The page is for pupils:view, so a form without its CSRF token gets 403 like every other form; a
  // headteacher (view only) then gets 404 (formAction's pupils:manage) before anything they sent is read. The
  // use-cases check again.
  await requireActor(request, context, "pupils:view");
  const id = idParam(params.pupilId);
  const form = await readForm(request, context);
  const { db, requestId } = context;
  if (form.get("intent") === "srp") {
    return formAction(
      { request, context },
      {
        permission: "pupils:manage",
        schema: pupilSrpSchema,
        form,
        answers: "srp",
        run: (actor, value) => setPupilSrp(db, actor, id, value, requestId),
        done: () => `/pupils/${id}?done=srp`,
      },
    );
  }
  if (form.get("intent") === "return") {
    return formAction(
      { request, context },
      {
        permission: "pupils:manage",
        schema: returnSchema,
        form,
        run: (actor, value) => returnPupilToRegister(db, actor, id, value, requestId),
        done: () => `/pupils/${id}?done=returned`,
      },
    );
  }
  return formAction(
    { request, context },
    {
      permission: "pupils:manage",
      schema: leftSchema,
      form,
      run: (actor, value) => markPupilLeft(db, actor, id, value, requestId),
      done: () => `/pupils/${id}?done=left`,
    },
  );
}

const DONE: Record<string, string> = {
  added: "The pupil has been added to the register.",
  changed: "The pupil's record has been changed.",
  left: "The pupil has been marked as left. Their record is kept and listed under pupils who have left.",
  returned: "The pupil is back on the register as a current pupil.",
  srp: "The pupil's resource provision has been saved.",
};

export default function PupilRecord() {
  const { pupil, srp, canManage, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const srpReply = (reply as { answers?: string } | undefined)?.answers === "srp" ? reply : undefined;
  const lastResult = srpReply ? undefined : reply;
  const formVersion = useFormVersion(pupil.version, lastResult);
  const [form, fields] = useForm<z.input<typeof leftSchema>>({
    id: `left-${formVersion}`,
    lastResult,
    shouldValidate: "onSubmit",
  });
  const [srpForm, srpFields] = useForm<z.input<typeof pupilSrpSchema>>({
    id: `srp-${formVersion}`,
    lastResult: srpReply,
    shouldValidate: "onSubmit",
    defaultValue: { resourceProvisionId: srp.current ? String(srp.current.id) : "" },
  });
  const errors = [
    ...errorItems(form.allErrors, { dateLeft: fields.dateLeft.id }, pupil.dateLeft ? undefined : "dateLeft"),
    ...errorItems(srpForm.allErrors, { resourceProvisionId: srpFields.resourceProvisionId.id }, "resourceProvisionId"),
  ];
  return (
    <div className="max-w-3xl">
      <ErrorSummary errors={errors} />
      {done && ownEntry(DONE, done) && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {ownEntry(DONE, done)}
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Pupil register">
        {pupil.firstName} {pupil.lastName}
      </PageHeading>
      {pupil.dateLeft ? (
        <NotificationBanner title="Important">This pupil left on {formatDate(pupil.dateLeft)}. The record is kept for reference.</NotificationBanner>
      ) : null}
      <PupilSummary pupil={pupil} />
      {srp.options.length > 0 ? (
        <>
          <H2>Resource provision</H2>
          {canManage ? (
            <PortalForm {...getFormProps(srpForm)}>
              <input type="hidden" name="intent" value="srp" />
              <input type="hidden" name="version" value={pupil.version} />
              <SelectField
                field={srpFields.resourceProvisionId}
                label="Specialist Resource Provision the pupil is in"
                hint="The school's termly SRP return is checked against how many pupils are marked here"
                options={srp.options}
                placeholder="Not in an SRP"
              />
              <Button variant="secondary">Save resource provision</Button>
            </PortalForm>
          ) : (
            <P>{srp.current ? srp.current.label : "Not in an SRP"}</P>
          )}
        </>
      ) : null}
      <p className="mb-8">
        <a href={`/pupils/${pupil.id}/support`} className="font-bold">
          Support timeline: LIFT referrals, specialist visits and funding requests
        </a>
      </p>
      {canManage ? (
        <>
          <p className="mb-8">
            <a href={`/pupils/${pupil.id}/edit`} className="font-bold">
              Change the pupil&apos;s record
            </a>
          </p>
          {pupil.dateLeft ? (
            <>
              <H2>Put the pupil back on the register</H2>
              <P>If the pupil was marked as left by mistake, or has come back, this clears the date left.</P>
              <PortalForm>
                <input type="hidden" name="intent" value="return" />
                <input type="hidden" name="version" value={pupil.version} />
                <Button variant="secondary">Put back on the register</Button>
              </PortalForm>
            </>
          ) : (
            <>
              <H2>Mark as left</H2>
              <P>When the pupil leaves the school. The record is kept and listed under pupils who have left; it is not deleted.</P>
              <PortalForm {...getFormProps(form)}>
                <input type="hidden" name="intent" value="left" />
                <input type="hidden" name="version" value={pupil.version} />
                <DateField field={fields.dateLeft} legend="Date left" label="date left" hint="For example, 22 7 2026" />
                <Button variant="warning">Mark as left</Button>
              </PortalForm>
            </>
          )}
        </>
      ) : null}
      <p>
        <a href="/pupils">Back to the pupil register</a>
      </p>
    </div>
  );
}
